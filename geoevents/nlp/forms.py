"""Surface forms of lexicon words: every lower-case token form that may carry a lemma, for the prefilter's test
of a sentence before any parse.

The forms come from a small English inflection function and from the model's own lemmatizer tables - the inverse of
its suffix rules ("ies" <- "y") and the irregular forms of its exception table ("fled" -> "flee") - so every token
the lemmatizer could map to a lemma gets through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language

VOWELS = frozenset("aeiou")


def _double_final(stem: str) -> bool:
    """Consonant-vowel-consonant endings double before -ed/-ing ("stop" -> "stopped"); over-generating is harmless."""
    return (
        len(stem) >= 3
        and stem[-1] not in VOWELS
        and stem[-1] not in "wxy"
        and stem[-2] in VOWELS
        and stem[-3] not in VOWELS
    )


def inflections(lemma: str) -> set[str]:
    """Regular English forms of a verb or noun lemma: a superset of what the lemmatizer maps back to it."""
    word = lemma.lower()
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word[:-1] + "ed"}
    if word.endswith("ie"):
        forms.add(word[:-2] + "ying")
    if word.endswith("f"):
        forms.add(word[:-1] + "ves")
    if word.endswith("fe"):
        forms.add(word[:-2] + "ves")
    if word.endswith("man"):
        forms.add(word[:-3] + "men")
    if _double_final(word) or word.endswith(("l", "c")):
        last = word[-1] + ("k" if word.endswith("c") else "")
        forms |= {word + last + "ed", word + last + "ing"}
    return forms


def _lemmatizer_tables(nlp: Language | None) -> tuple[dict[str, list[tuple[str, str]]], dict[str, dict[str, Any]]]:
    """The rule lemmatizer's suffix rules and exceptions (per POS), when the model has them."""
    if nlp is None or "lemmatizer" not in nlp.component_names:
        return {}, {}
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_rules"):
        return {}, {}
    rules_table = lookups.get_table("lemma_rules")
    exc_table = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
    rules = {pos: [tuple(r) for r in rules_table.get(pos, [])] for pos in ("verb", "noun")}
    exceptions = {pos: dict(exc_table.get(pos, {})) for pos in ("verb", "noun")} if exc_table else {}
    return rules, exceptions  # type: ignore[return-value]


def surface_forms_function(nlp: Language | None = None) -> Callable[[Iterable[str]], frozenset[str]]:
    """`trigger_surface_forms` for one pipeline, with the lemmatizer's tables read and inverted once: the trigger
    lexicon with the dictionary knowledge has thousands of words, and scanning the exception table once per word
    would cost seconds at every pipeline start."""
    rules, exceptions = _lemmatizer_tables(nlp)
    rule_pairs = [(old, new) for pos_rules in rules.values() for old, new in pos_rules]
    irregular: dict[str, set[str]] = {}
    for table in exceptions.values():
        for form, form_lemmas in table.items():
            for lemma in form_lemmas:
                irregular.setdefault(str(lemma).lower(), set()).add(str(form).lower())

    def forms_of(lemmas: Iterable[str]) -> frozenset[str]:
        forms: set[str] = set()
        for lemma in {lemma.lower() for lemma in lemmas}:
            forms |= inflections(lemma)
            for old, new in rule_pairs:
                if lemma.endswith(new):
                    forms.add(lemma[: len(lemma) - len(new)] + old)
            forms |= irregular.get(lemma, set())
        return frozenset(forms)

    return forms_of


def trigger_surface_forms(lemmas: Iterable[str], nlp: Language | None = None) -> frozenset[str]:
    """Every lower-case token form that may carry one of `lemmas`.

    Regular inflections, the inverse of the model's suffix rules ("ies" <- "y"), and the irregular forms its
    exception table maps to the lemma ("fled" -> "flee")."""
    return surface_forms_function(nlp)(lemmas)


def _word_forms(lemma: str, forms_of: Callable[[Iterable[str]], frozenset[str]]) -> frozenset[str]:
    """Forms of one lexicon word. A hyphenated word ("cease-fire") is split by the tokenizer, so its first part
    stands for it (present whenever the word is), next to the joined and hyphenated spellings."""
    word = lemma.lower()
    if "-" not in word:
        return forms_of([word])
    joined = word.replace("-", "")
    return forms_of([word, joined, word.split("-", 1)[0]])


def lexicon_forms(nlp: Language | None = None) -> Callable[[str], frozenset[str]]:
    """The forms of one lexicon word for `nlp`'s lemmatizer, remembered per word."""
    cache: dict[str, frozenset[str]] = {}
    forms_of = surface_forms_function(nlp)

    def forms(word: str) -> frozenset[str]:
        if word not in cache:
            cache[word] = _word_forms(word, forms_of)
        return cache[word]

    return forms


__all__ = ["inflections", "lexicon_forms", "trigger_surface_forms"]
