"""Table-driven twins of spaCy's attribute ruler and rule lemmatizer: the same annotations, less Python per token.

In en_core_web_sm the two rule components cost a fifth of the pipeline's time (Reuters, measured per component:
attribute ruler 14 %, lemmatizer 7 %), nearly all of it Python work per token: the attribute ruler runs a Matcher
whose every match - one or more per token - goes through a Python loop and `set_token_attrs`; the lemmatizer
builds a Token, a MorphAnalysis and a cache key per token. Both compute a pure function of a few token values:

- the attribute ruler's rules that are single-token patterns over ORTH/TEXT, LOWER, TAG, DEP and IS_SPACE (171 of
  the model's 179) depend only on the token's (ORTH, TAG, DEP): their matches are looked up in a table filled the
  first time a triple is seen; the other rules (patterns of several tokens, other attributes or operators) run
  through a Matcher of their own, exactly as before. The rules that match a token are applied in rule order, as
  spaCy does (`AttributeRuler.match` sorts by rule index, later rules win), merged into one `set_token_attrs`;
- the rule lemmatizer's lemma depends only on (ORTH, POS, MORPH) - its own cache key, `is_base_form` reads POS and
  MORPH only - so the lemma of a triple is computed once by spaCy's own `rule_lemmatize` and then read from a table,
  and the lemmas of a doc are written with one `Doc.from_array`. `rule_lemmatize` tests candidate forms against
  the word lists of the "lemma_index" table; it is given the same lists as sets.

`use_table_components(nlp)` swaps them into a pipeline in place (same names, same position, same patterns and
lookups); `geoevents.coding.code_articles` does so unless `Settings.table_components` is off. The tables hold one
entry per distinct triple seen, like spaCy's own lemmatizer cache.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.pipeline.attributeruler import attribute_ruler_score
from spacy.pipeline.lemmatizer import lemmatizer_score
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab
from thinc.api import Model

# Pattern attributes a single-token rule may test to be looked up by (ORTH, TAG, DEP): all follow from those three.
# The word's own attributes (from ORTH) and the context the tagger and parser gave it (TAG, DEP) are told apart:
# the rules whose context tests pass are found once per (TAG, DEP), and only their word tests run per new word.
WORD_ATTRS = {"ORTH": "orth", "TEXT": "orth", "LOWER": "lower", "IS_SPACE": "is_space"}
CONTEXT_ATTRS = {"TAG": "tag", "DEP": "dep"}
SET_OPERATORS = ("IN", "NOT_IN")
# Beyond this many entries a table starts afresh (it refills as triples recur): memory stays bounded on any stream.
MAX_TABLE_ENTRIES = 1_000_000

TokenView = dict[str, Any]  # the string values a table rule tests: orth, lower, is_space / tag, dep
Predicate = Callable[[TokenView], bool]


def _value_predicate(key: str, value: Any) -> Predicate | None:
    """One attribute test of a Matcher token pattern, or None when it is not a plain string/boolean test."""
    if key == "is_space":
        return (lambda view: view["is_space"] == value) if isinstance(value, bool) else None
    if isinstance(value, str):
        return lambda view: view[key] == value
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((operator, operand),) = value.items()
    if operator in SET_OPERATORS and isinstance(operand, list) and all(isinstance(v, str) for v in operand):
        members = frozenset(operand)
        if operator == "IN":
            return lambda view: view[key] in members
        return lambda view: view[key] not in members
    if operator == "REGEX" and isinstance(operand, str):
        regex = re.compile(operand)  # the Matcher searches, as re.search does
        return lambda view: regex.search(view[key]) is not None
    return None


def _all(tests: list[Predicate]) -> Predicate:
    return lambda view: all(test(view) for test in tests)


def split_predicate(spec: dict[Any, Any]) -> tuple[Predicate, Predicate] | None:
    """A single-token Matcher pattern as two tests - of the token's context (tag, dep) and of its word (orth,
    lower, is_space) - or None when it needs more than (ORTH, TAG, DEP)."""
    context: list[Predicate] = []
    word: list[Predicate] = []
    for name, value in spec.items():
        if not isinstance(name, str) or name not in WORD_ATTRS | CONTEXT_ATTRS:
            return None
        in_word = name in WORD_ATTRS
        test = _value_predicate(WORD_ATTRS[name] if in_word else CONTEXT_ATTRS[name], value)
        if test is None:
            return None
        (word if in_word else context).append(test)
    return _all(context), _all(word)


def token_predicate(spec: dict[Any, Any]) -> Predicate | None:
    """A single-token Matcher pattern as one test of a `TokenView`; None when it needs more than (ORTH, TAG, DEP)."""
    split = split_predicate(spec)
    if split is None:
        return None
    context, word = split
    return lambda view: context(view) and word(view)


# A table rule: its id and, per pattern, the (context test, word test) pair; it matches when one pattern does.
TableRule = tuple[int, list[tuple[Predicate, Predicate]]]


def _new(cls: type[Any]) -> Any:
    """An empty table component for pickle to fill with the state its `__reduce__` gave (the tables left out)."""
    return cls.__new__(cls)  # type: ignore[call-overload]


class PickledWithoutTables:
    """Pickled without its tables (spaCy pickles the pipeline for spawned workers): each process refills its own.
    `EMPTY_TABLES` names the attributes that hold them and their empty values."""

    EMPTY_TABLES: dict[str, Any] = {}

    def __reduce__(self) -> tuple[Any, ...]:
        state = dict(self.__dict__)
        state.update({name: type(empty)() if empty is not None else None for name, empty in self.EMPTY_TABLES.items()})
        return _new, (type(self),), state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


def _guarded(component: Any, doc: Doc, work: Callable[[Doc], None]) -> Doc:
    """Run `work` on `doc` as spaCy's own components run: a failure goes to the pipeline's error handler."""
    try:
        work(doc)
        return doc
    except Exception as e:  # spaCy's own convention: the pipeline's error handler decides
        return component.get_error_handler()(component.name, component, [doc], e)  # type: ignore[no-any-return]


class TableAttributeRuler(PickledWithoutTables, AttributeRuler):
    """spaCy's AttributeRuler with its single-token rules looked up per (ORTH, TAG, DEP); same annotations."""

    EMPTY_TABLES = {"_compiled": None, "_rules_by_context": {}, "_rules_by_key": {}, "_merged": {}}

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler", *, validate: bool = False,
                 scorer: Callable[..., Any] | None = attribute_ruler_score) -> None:
        super().__init__(vocab, name, validate=validate, scorer=scorer)
        self._reset_tables()

    def clear(self) -> None:
        super().clear()
        self._reset_tables()

    def add(self, patterns: Iterable[Any], attrs: dict[Any, Any], index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._reset_tables()

    def _reset_tables(self) -> None:
        self._compiled: tuple[list[TableRule], Matcher] | None = None
        self._rules_by_context: dict[tuple[int, int], list[tuple[int, list[Predicate]]]] = {}
        self._rules_by_key: dict[tuple[int, int, int], tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict[Any, Any]] = {}

    def _compile(self) -> tuple[list[TableRule], Matcher]:
        """Split the rules: those decided per token by table, the rest into a Matcher of their own."""
        table_rules: list[TableRule] = []
        matcher = Matcher(self.vocab, validate=self.validate)
        for rule_id in range(len(self.attrs)):
            key = str(rule_id)
            patterns = self.matcher.get(key)[1]
            tests = [split_predicate(p[0]) if len(p) == 1 else None for p in patterns]
            if all(test is not None for test in tests):
                table_rules.append((rule_id, [t for t in tests if t is not None]))
            else:
                matcher.add(self.vocab.strings.add(key), patterns)
        return table_rules, matcher

    def _context_rules(self, tag: int, dep: int) -> list[tuple[int, list[Predicate]]]:
        """The table rules whose context tests a token with this TAG and DEP passes, each with the word tests of
        the patterns that pass, in rule order."""
        found = self._rules_by_context.get((tag, dep))
        if found is None:
            assert self._compiled is not None
            view = {"tag": self.vocab.strings[tag], "dep": self.vocab.strings[dep]}
            found = []
            for rule_id, patterns in self._compiled[0]:
                words = [word for context, word in patterns if context(view)]
                if words:
                    found.append((rule_id, words))
            self._rules_by_context[(tag, dep)] = found
        return found

    def _table_rules(self, key: tuple[int, int, int]) -> tuple[int, ...]:
        """The table rules that match a token with these (ORTH, TAG, DEP) values, in rule order."""
        rules = self._rules_by_key.get(key)
        if rules is None:
            orth, tag, dep = key
            lexeme = self.vocab[orth]
            view = {"orth": lexeme.orth_, "lower": lexeme.lower_, "is_space": bool(lexeme.is_space)}
            rules = tuple(rule_id for rule_id, words in self._context_rules(tag, dep)
                          if any(word(view) for word in words))
            if len(self._rules_by_key) >= MAX_TABLE_ENTRIES:
                self._rules_by_key.clear()
            self._rules_by_key[key] = rules
        return rules

    def _merged_attrs(self, rules: tuple[int, ...]) -> dict[Any, Any]:
        """The attributes of `rules` applied in order: a later rule's value wins, as in AttributeRuler."""
        merged = self._merged.get(rules)
        if merged is None:
            merged = {}
            for rule_id in rules:
                merged.update(self.attrs[rule_id])
            self._merged[rules] = merged
        return merged

    def _matcher_rules(self, doc: Doc, matcher: Matcher) -> dict[int, list[int]]:
        """Token index -> ids of the Matcher-run rules that target it."""
        targets: dict[int, list[int]] = defaultdict(list)
        for match_id, start, end in matcher(doc, allow_missing=True, as_spans=False):  # type: ignore[misc]
            rule_id = int(self.vocab.strings[match_id])
            index = self.indices[rule_id]
            target = start + index if index >= 0 else end + index
            if not start <= target < end:
                raise ValueError(Errors.E1001.format(patterns=self.matcher.get(str(rule_id)),
                                                     span=[t.text for t in doc[start:end]], index=index))
            targets[target].append(rule_id)
        return targets

    def __call__(self, doc: Doc) -> Doc:
        return _guarded(self, doc, self._annotate)

    def _annotate(self, doc: Doc) -> None:
        if self._compiled is None:
            self._compiled = self._compile()
        if not len(doc):
            return
        extra = self._matcher_rules(doc, self._compiled[1]) if len(self._compiled[1]) else {}
        columns = doc.to_array([ORTH, TAG, DEP]).T.tolist()
        for i, key in enumerate(zip(*columns, strict=True)):
            rules = self._table_rules(key)
            if i in extra:
                rules = tuple(sorted(set(rules).union(extra[i])))
            if rules:
                set_token_attrs(doc[i], self._merged_attrs(rules))


class TableLemmatizer(PickledWithoutTables, EnglishLemmatizer):
    """spaCy's English rule lemmatizer with each (ORTH, POS, MORPH) lemmatized once; same lemmas."""

    EMPTY_TABLES = {"_lemma_ids": {}, "_set_lookups": None}

    def __init__(self, vocab: Vocab, model: Model | None, name: str = "lemmatizer", *, mode: str = "rule",
                 overwrite: bool = False, scorer: Callable[..., Any] | None = lemmatizer_score) -> None:
        super().__init__(vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)
        self._lemma_ids: dict[tuple[int, int, int], int] = {}
        self._set_lookups: tuple[Lookups, Lookups] | None = None

    def _lookups_with_sets(self) -> Lookups:
        """The lookups with each word list of "lemma_index" as a set. `rule_lemmatize` only asks `form in
        index`, a scan of up to 57,528 nouns in a list: two thirds of its time. Rebuilt when the lookups change."""
        if self._set_lookups is None or self._set_lookups[0] is not self.lookups:
            fast = Lookups()
            for name in self.lookups.tables:
                table = self.lookups.get_table(name)
                if name == "lemma_index":
                    fast.add_table(name, {key: frozenset(words) for key, words in table.items()})
                else:
                    fast.set_table(name, table)
            self._set_lookups = (self.lookups, fast)
        return self._set_lookups[1]

    def _rule_lemma(self, token: Token) -> str:
        """spaCy's own `rule_lemmatize`, run on the lookups with sets (same answers)."""
        lookups = self.lookups
        self.lookups = self._lookups_with_sets()
        try:
            return str(self.rule_lemmatize(token)[0])
        finally:
            self.lookups = lookups

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule":
            return super().__call__(doc)  # type: ignore[no-any-return]
        if not self._validated:
            self._validate_tables(Errors.E1004)
        return _guarded(self, doc, self._lemmatize_doc)

    def _lemmatize_doc(self, doc: Doc) -> None:
        if not len(doc):
            return
        table = self._lemma_ids
        strings = self.vocab.strings
        lemmas: list[int] = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma and not self.overwrite:  # set by the attribute ruler: kept, as spaCy keeps it
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            lemma_id = table.get(key)
            if lemma_id is None:
                lemma_id = strings.add(self._rule_lemma(doc[i]))
                if len(table) >= MAX_TABLE_ENTRIES:
                    table.clear()
                table[key] = lemma_id
            lemmas.append(lemma_id)
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype=numpy.uint64))  # type: ignore[arg-type]


@Language.factory(
    "geoevents_attribute_ruler",
    default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
)
def make_table_attribute_ruler(nlp: Language, name: str, validate: bool,
                               scorer: Callable[..., Any] | None) -> TableAttributeRuler:
    return TableAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer or attribute_ruler_score)


@Language.factory(
    "geoevents_lemmatizer",
    assigns=["token.lemma"],
    default_config={"model": None, "mode": "rule", "overwrite": False,
                    "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}},
)
def make_table_lemmatizer(nlp: Language, model: Model | None, name: str, mode: str, overwrite: bool,
                          scorer: Callable[..., Any] | None) -> TableLemmatizer:
    return TableLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


def use_table_components(nlp: Language) -> list[str]:
    """Swap spaCy's attribute ruler and English rule lemmatizer for their table twins, in place and keeping their
    names, patterns and lookups (idempotent). Returns the names of the components now table-driven. Components
    of other classes (a user's subclass, a lookup lemmatizer) are left alone."""
    swapped: list[str] = []
    for name, pipe in list(nlp.pipeline):
        if isinstance(pipe, TableAttributeRuler | TableLemmatizer):
            swapped.append(name)
        elif type(pipe) is AttributeRuler:
            patterns = pipe.patterns
            ruler = nlp.replace_pipe(name, "geoevents_attribute_ruler", config={"validate": pipe.validate})
            assert isinstance(ruler, TableAttributeRuler)
            ruler.add_patterns(patterns)
            swapped.append(name)
        elif type(pipe) is EnglishLemmatizer and pipe.mode == "rule":
            lookups, overwrite = pipe.lookups, pipe.overwrite
            lemmatizer = nlp.replace_pipe(name, "geoevents_lemmatizer", config={"overwrite": overwrite})
            assert isinstance(lemmatizer, TableLemmatizer)
            lemmatizer.initialize(lookups=lookups)
            swapped.append(name)
    return swapped


__all__ = ["TableAttributeRuler", "TableLemmatizer", "split_predicate", "token_predicate", "use_table_components"]
