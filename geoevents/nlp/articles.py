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

A long article is coded in pieces (`article_pieces`): spaCy refuses a text over `nlp.max_length`, and the parser's
memory grows with the text (about 2.5 kB a character), so a text over `piece_limit(nlp)` characters is cut at a
paragraph, line, sentence or word boundary (a hard cut only where there is none) and each piece goes through the
pipeline as its own doc, carrying where it starts in the article (`doc._.geo_text_start`). `OffsetMap` adds that
start, so events are made with article offsets and their final ids; `join_pieces` renumbers the sentences of later
pieces. What a piece does not see is the article's memory of earlier pieces (a name or pronoun resolved there).

Two more guards keep hostile text from costing more than its length: the tokenizer gets no run of over
`MAX_TOKEN_CHARS` characters without a space (spaCy's affix splitting is quadratic in the length of such a run:
4,000 brackets in a row take seconds), and the sentence splitter cuts a sentence after `MAX_SENTENCE_TOKENS` tokens
(geoevents.nlp.sentences).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import deque
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from geoevents.models import Event

# Pieces of a long article: at most this many characters (or nlp.max_length if lower). Articles below it are coded
# whole, exactly as before; 100,000 characters is ten times the longest Reuters story and keeps the parser's
# working memory near 250 MB a piece.
PIECE_CHARS = 100_000
# A run of more characters than this without a space is cut into tokens of this length (no word is this long; URLs,
# base64 and junk are). The text is unchanged, so offsets stay exact.
MAX_TOKEN_CHARS = 100
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_TOKEN_CHARS + 1},}}")


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
        doc = self._tokenize(str(string))  # the Cython tokenizer takes exact `str` only
        if isinstance(string, ArticleText):
            for name, value in string.doc_values.items():
                doc._.set(name, value)
        return doc

    def _tokenize(self, text: str) -> Doc:
        """spaCy's tokens, except that a run of over MAX_TOKEN_CHARS characters without a space becomes tokens of
        MAX_TOKEN_CHARS characters (without touching the rule tokenizer, whose affix splitting is quadratic in it)."""
        if _LONG_RUN.search(text) is None:
            return super().__call__(text)
        docs: list[Doc] = []
        position = 0
        for run in _LONG_RUN.finditer(text):
            if run.start() > position:
                docs.append(super().__call__(text[position : run.start()]))
            words = [run.group()[i : i + MAX_TOKEN_CHARS] for i in range(0, len(run.group()), MAX_TOKEN_CHARS)]
            space = text.startswith(" ", run.end())  # one space after the run is its last token's, as spaCy does
            docs.append(Doc(self.vocab, words=words, spaces=[False] * (len(words) - 1) + [space]))
            position = run.end() + space
        if position < len(text):
            docs.append(super().__call__(text[position:]))
        return Doc.from_docs(docs, ensure_whitespace=False)


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
    """Maps character offsets of a reduced doc, or of a piece of a long article, to the article and back, sentence
    by sentence. Sentence indexes are the piece's own (`join_pieces` renumbers them); offsets are the article's."""

    def __init__(self, mapping: dict[str, Any], text_start: int = 0) -> None:
        self.sentences = [tuple(s) for s in mapping["sentences"]]
        self.kept = list(mapping["kept"])
        self.sub_starts = list(mapping["sub_starts"])
        self.article_starts = [self.sentences[index][0] for index in self.kept]
        self.text_start = text_start  # where the (unreduced) doc's text starts in the article

    @classmethod
    def of(cls, doc: Doc) -> OffsetMap | None:
        """The map of a doc the prefilter reduced or of a piece; None for a doc that holds its whole article."""
        mapping = doc._.geo_sentence_map
        text_start = doc._.geo_text_start or 0
        if not mapping and not text_start:
            return None
        if not mapping:  # a whole piece: each sentence sits where it is, shifted by the piece's start
            sents = list(doc.sents) if len(doc) else []
            mapping = sentence_map(sents, list(range(len(sents))), doc)
        return cls(mapping, text_start)

    def _sentence(self, offset: int) -> int:
        return max(0, bisect_right(self.sub_starts, offset) - 1)

    def start(self, offset: int) -> int:
        k = self._sentence(offset)
        return offset - self.sub_starts[k] + self.article_starts[k] + self.text_start

    def end(self, offset: int) -> int:
        # An end offset belongs to the sentence holding its last character.
        return self.start(offset - 1) + 1 if offset > 0 else self.start(offset)

    def sentence_index(self, offset: int) -> int:
        """The article's index of the sentence holding this offset of the doc."""
        return self.kept[self._sentence(offset)]

    def doc_start(self, offset: int) -> int:
        """The doc's offset of an article offset inside a kept sentence (the inverse of `start`)."""
        offset -= self.text_start
        k = max(0, bisect_right(self.article_starts, offset) - 1)
        return offset - self.article_starts[k] + self.sub_starts[k]

    def doc_end(self, offset: int) -> int:
        return self.doc_start(offset - 1) + 1 if offset > 0 else self.doc_start(offset)


def article_sentences(doc: Doc) -> list[tuple[int, int]]:
    """The character spans (in the article) of the doc's sentences: all of them, also those a reduced doc left out;
    for a piece of a long article, the piece's."""
    mapping = doc._.geo_sentence_map
    shift = doc._.geo_text_start or 0
    if mapping:
        return [(int(s) + shift, int(e) + shift) for s, e in mapping["sentences"]]
    if doc.has_annotation("SENT_START"):
        return [(sent.start_char + shift, sent.end_char + shift) for sent in doc.sents]
    return []


# ---------------------------------------------------------------------------------------------------------------
# Long articles in pieces

# Where a piece may end, best first: after a blank line, a line break, a sentence's end, a space (each with the
# whitespace after it, so that the next piece starts with a word).
_BOUNDARIES = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?\u2026\u3002][\"'\u201d\u2019)\]\u00bb]*\s+"),
    re.compile(r"\s+"),
)


def piece_limit(nlp: Language) -> int:
    """The most characters one doc of an article may hold."""
    return max(1, min(PIECE_CHARS, int(nlp.max_length)))


def article_pieces(text: str, limit: int) -> list[tuple[int, int]]:
    """The (start, end) character spans of the pieces `text` is coded in: `[(0, len(text))]` for a text of at most
    `limit` characters; else consecutive spans of at most `limit` characters, each ending at the best boundary of
    its second half (of its first half when the second has none), or cut hard where there is no boundary at all."""
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        end = _piece_end(text, start, start + limit)
        pieces.append((start, end))
        start = end
    pieces.append((start, len(text)))
    return pieces


def _piece_end(text: str, start: int, stop: int) -> int:
    for low in (start + (stop - start) // 2, start + 1):
        for boundary in _BOUNDARIES:
            last = deque(boundary.finditer(text, low, stop), maxlen=1)
            if last:
                return last[0].end()
    return stop


def join_pieces(parts: list[tuple[list[Event], list[tuple[int, int]], list[int]]]
                ) -> tuple[list[Event], list[tuple[int, int]], list[int]]:
    """One article's events, sentence spans and skipped sentence indexes from those of its pieces, in order: each
    piece's sentence indexes move past the sentences of the pieces before it (offsets already are the article's)."""
    if len(parts) == 1:
        return parts[0]
    events: list[Event] = []
    sentences: list[tuple[int, int]] = []
    skipped: list[int] = []
    for piece_events, piece_sentences, piece_skipped in parts:
        before = len(sentences)
        events.extend(replace(event, sentence_index=event.sentence_index + before) for event in piece_events)
        skipped.extend(index + before for index in piece_skipped)
        sentences.extend(piece_sentences)
    return events, sentences, skipped
