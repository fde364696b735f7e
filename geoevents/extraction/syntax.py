"""Small questions about the dependency tree that several event stages ask."""

from __future__ import annotations

from spacy.tokens import Token


def nominal(tok: Token) -> Token:
    """A verb misparsed as a subject ("The Red Cross operating in Iraq said"): its own subject is the mention."""
    if tok.pos_ in ("VERB", "AUX"):
        inner = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if inner:
            return inner[0]
    return tok


def depth(tok: Token) -> int:
    """Steps from the token up to the root of its sentence (at most 50)."""
    steps = 0
    while tok.head.i != tok.i and steps < 50:
        tok = tok.head
        steps += 1
    return steps


__all__ = ["depth", "nominal"]
