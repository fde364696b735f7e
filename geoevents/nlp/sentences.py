"""Rule-based sentence boundaries, set before the parser so that every path (with or without the prefilter)
gives the same sentences and the same sentence indexes. The parser respects boundaries set before it."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_END = frozenset({".", "!", "?", "。", "…"})
CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})


def set_sentence_starts(doc: Doc) -> Doc:
    """A sentence ends after ., ! or ? (and any closing quotes or brackets), and at every line break."""
    if len(doc) == 0:
        return doc
    doc[0].is_sent_start = True
    end_seen = False
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if token.is_space:  # whitespace stays with the sentence before it
            token.is_sent_start = False
            continue
        if "\n" in prev.text or "\n" in prev.whitespace_:
            token.is_sent_start = True
            end_seen = False
            continue
        if prev.text in SENTENCE_END or (prev.text and prev.text[-1] in "!?" and not prev.is_alpha):
            end_seen = True
        if end_seen and token.text not in CLOSERS and token.text not in SENTENCE_END:
            token.is_sent_start = True
            end_seen = False
        else:
            token.is_sent_start = False
    return doc


@Language.component("geoevents_sentences")
def geoevents_sentences(doc: Doc) -> Doc:
    return set_sentence_starts(doc)
