"""Articles into the pipeline as texts that carry their own Doc extension values.

`code_articles` must give every Doc its article id, date and prefilter flag before the first component runs. Making
the Docs in the calling process and handing them to `nlp.pipe` does that, but with `n_process > 1` spaCy then
serialises every unparsed Doc to send it to a worker (Doc.to_bytes, and two msgpack calls for its user data, each
of which scans the installed packages' entry points): on a 2-CPU machine that cost more than the tokenizing it saves.
So the article goes in as an `ArticleText` - a `str` that carries the values and pickles with them - and the
pipeline's tokenizer, swapped for an `ArticleTokenizer`, sets them on the Doc it makes, in whichever process that is.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc


class ArticleText(str):
    """An article's text with the Doc extension values (`geo_article_id`, `geo_date`, ...) its Doc must get."""

    doc_values: dict[str, Any]

    def __new__(cls, text: str, doc_values: dict[str, Any]) -> ArticleText:
        obj = super().__new__(cls, text)
        obj.doc_values = doc_values
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # keeps the values when spaCy sends the text to a worker process
        return (ArticleText, (str(self), self.doc_values))


class ArticleTokenizer(Tokenizer):
    """spaCy's rule tokenizer, unchanged, that also sets the values an `ArticleText` carries on its Doc."""

    def __call__(self, string: str) -> Doc:
        if not isinstance(string, ArticleText):
            return super().__call__(string)
        doc = super().__call__(str(string))  # the Cython tokenizer takes exact `str` only
        for name, value in string.doc_values.items():
            doc._.set(name, value)
        return doc


def ensure_article_tokenizer(nlp: Language) -> bool:
    """Swap the pipeline's tokenizer for an identical `ArticleTokenizer` (idempotent). False when the pipeline has
    a custom tokenizer: the caller then makes the Docs itself."""
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, ArticleTokenizer):
        return True
    if not isinstance(tokenizer, Tokenizer) or type(tokenizer) is not Tokenizer:
        return False
    args = tokenizer.__reduce__()[1]
    swapped = ArticleTokenizer(*args)
    swapped.from_bytes(tokenizer.to_bytes())  # every setting, the special cases and the heuristics flag included
    nlp.tokenizer = swapped
    return True
