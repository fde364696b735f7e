"""The article's bookkeeping around the pipeline: its Doc extension values on the way in, and where a doc's text
sits in the article on the way out.

Articles go into the pipeline as texts that carry their own Doc extension values.

`code_articles` must give every Doc its article id, date and prefilter flag before the first component runs. Making
the Docs in the calling process and handing them to `nlp.pipe` does that, but with `n_process > 1` spaCy then
serialises every unparsed Doc to send it to a worker (Doc.to_bytes, and two msgpack calls for its user data, each
of which scans the installed packages' entry points): on a 2-CPU machine that cost more than the tokenizing it saves.
So the article goes in as an `ArticleText` - a `str` that carries the values and pickles with them - and the
pipeline's tokenizer, swapped for an `ArticleTokenizer`, sets them on the Doc it makes, in whichever process that is.

A doc the prefilter reduced to some of the article's sentences carries a sentence map (`doc._.geo_sentence_map`,
plain lists so that it crosses processes): `OffsetMap` reads it and maps the doc's offsets to the article's (the
event coder writes events in article offsets) and back, and `article_sentences` gives the article's sentence spans.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span


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


# ---------------------------------------------------------------------------------------------------------------
# Where a reduced doc's text sits in the article


def sentence_map(sents: list[Span], kept: list[int], sub: Doc) -> dict[str, Any]:
    """The map a reduced doc carries: the article's sentences, the indexes of those kept, where each starts in `sub`."""
    return {
        "sentences": [[sent.start_char, sent.end_char] for sent in sents],
        "kept": kept,
        "sub_starts": [sent.start_char for sent in sub.sents] if len(sub) else [],
    }


class OffsetMap:
    """Maps character offsets of a reduced doc to the article and back, sentence by sentence."""

    def __init__(self, mapping: dict[str, Any]) -> None:
        self.sentences = [tuple(s) for s in mapping["sentences"]]
        self.kept = list(mapping["kept"])
        self.sub_starts = list(mapping["sub_starts"])
        self.article_starts = [self.sentences[index][0] for index in self.kept]

    @classmethod
    def of(cls, doc: Doc) -> OffsetMap | None:
        """The map of a doc the prefilter reduced; None for a doc that holds its whole article."""
        mapping = doc._.geo_sentence_map
        return cls(mapping) if mapping else None

    def _sentence(self, offset: int) -> int:
        return max(0, bisect_right(self.sub_starts, offset) - 1)

    def start(self, offset: int) -> int:
        k = self._sentence(offset)
        return offset - self.sub_starts[k] + self.article_starts[k]

    def end(self, offset: int) -> int:
        # An end offset belongs to the sentence holding its last character.
        return self.start(offset - 1) + 1 if offset > 0 else self.start(offset)

    def sentence_index(self, offset: int) -> int:
        """The article's index of the sentence holding this offset of the doc."""
        return self.kept[self._sentence(offset)]

    def doc_start(self, offset: int) -> int:
        """The doc's offset of an article offset inside a kept sentence (the inverse of `start`)."""
        k = max(0, bisect_right(self.article_starts, offset) - 1)
        return offset - self.article_starts[k] + self.sub_starts[k]

    def doc_end(self, offset: int) -> int:
        return self.doc_start(offset - 1) + 1 if offset > 0 else self.doc_start(offset)


def article_sentences(doc: Doc) -> list[tuple[int, int]]:
    """The character spans of the article's sentences: all of them, also those a reduced doc left out."""
    mapping = doc._.geo_sentence_map
    if mapping:
        return [(int(s), int(e)) for s, e in mapping["sentences"]]
    if doc.has_annotation("SENT_START"):
        return [(sent.start_char, sent.end_char) for sent in doc.sents]
    return []
