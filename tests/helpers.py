"""Small helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

from spacy.tokens import Doc, Span


def trigger_span(doc: Doc, word: str) -> tuple[Span, Span]:
    """The sentence holding the first token `word` of `doc`, and that token as a span."""
    token = next(t for t in doc if t.text == word)
    return token.sent, doc[token.i : token.i + 1]
