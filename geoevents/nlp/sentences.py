"""Rule-based sentence boundaries, set before the parser so that every path (with or without the prefilter)
gives the same sentences and the same sentence indexes. The parser respects boundaries set before it."""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_END = frozenset({".", "!", "?", "。", "…"})
CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})
# A sentence ends after this many tokens at the latest. The event coder's cost grows with triggers times tokens in a
# sentence, so a text with no full stop and no line break (hostile, or a table flattened to one line) would cost
# quadratic time in its length; no prose sentence comes near (the longest in the first 2,000 Reuters stories is
# 278 tokens, in the PLOVER gold 44).
MAX_SENTENCE_TOKENS = 500


def sentence_starts(texts: list[str], spaces: list[str], space_tokens: list[bool]) -> list[bool]:
    """A sentence ends after ., ! or ? (and any closing quotes or brackets), at every line break, and after
    MAX_SENTENCE_TOKENS tokens; whitespace tokens stay with the sentence before them. Works on plain lists: it runs
    on every token of every article, and reading the strings once is several times faster than setting
    `Token.is_sent_start` one by one."""
    starts = [False] * len(texts)
    if not texts:
        return starts
    starts[0] = True
    end_seen = False
    sentence_start = 0
    for i in range(1, len(texts)):
        text, prev = texts[i], texts[i - 1]
        if space_tokens[i]:
            # ".  Next" (two spaces after a full stop): the stop must be seen before its space token is skipped
            if prev in SENTENCE_END or (prev and prev[-1] in "!?" and not prev.isalpha()):
                end_seen = True
            continue
        if "\n" in prev or "\n" in spaces[i - 1]:
            starts[i] = True
            end_seen = False
            sentence_start = i
            continue
        if prev in SENTENCE_END or (prev and prev[-1] in "!?" and not prev.isalpha()):
            end_seen = True
        if (end_seen and text not in CLOSERS and text not in SENTENCE_END) or i - sentence_start >= MAX_SENTENCE_TOKENS:
            starts[i] = True
            end_seen = False
            sentence_start = i
    return starts


def set_sentence_starts(doc: Doc) -> Doc:
    """Set every token's sentence start (true or false) by `sentence_starts`."""
    if len(doc) == 0:
        return doc
    tokens = list(doc)
    starts = sentence_starts([t.text for t in tokens], [t.whitespace_ for t in tokens], [t.is_space for t in tokens])
    # SENT_START values: 1 starts a sentence, -1 does not (stored as uint64, as Doc.to_array gives them).
    values = numpy.array([1 if start else -1 for start in starts], dtype="int64").astype("uint64")
    doc.from_array([SENT_START], values.reshape(-1, 1))  # type: ignore[arg-type]  # thinc types Ints2d apart
    return doc


@Language.component("geoevents_sentences")
def geoevents_sentences(doc: Doc) -> Doc:
    return set_sentence_starts(doc)
