"""No knowledge fitted to the dev gold: an entry of two or more words needs evidence beyond ../shared/eval.

Every phrase the knowledge files hold - a trigger with its particle, preposition, object or noun modifiers ("blow up",
"hold talks", "air strike"), an actor name or alias, a sector phrase, a place name - that occurs word for word in a
dev file (../shared/eval) must also occur in one of the corpora (../shared/corpus), or in one of the open
dictionaries and codebooks (../shared/dictionaries, ../shared/reference: a trigger phrase the CAMEO verb patterns
also hold, or a phrase whose words all stand on one line, such as a definition of PLOVER's codebook), or be listed
in `knowledge_evidence_allow.tsv` with a reason. Words match in any form the model's lemmatizer reads as the
entry's lemma ("blew up", "air strikes"); up to two words (an article, an adjective) may stand before a verb's object
("held the first talks"). Generated files (GeoNames places and cities, the CAMEO dictionary triggers) are
evidence-based by construction.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import pytest
from spacy.language import Language

from geoevents.ontology import Trigger, load_lexicon

ROOT = Path(__file__).resolve().parents[1]
ALLOW_FILE = Path(__file__).with_name("knowledge_evidence_allow.tsv")
WORD = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*")
# Hand-written knowledge files with phrases in a column: (file, columns holding |-separated phrases)
TABLES = {
    "geoevents/actors/data/people.tsv": ("name", "aliases"),
    "geoevents/actors/data/organisations.tsv": ("name", "aliases"),
    "geoevents/actors/data/regions.tsv": ("names",),
    "geoevents/actors/data/country_names.tsv": ("aliases", "demonyms"),
    "geoevents/actors/data/sectors.tsv": ("words",),
    "geoevents/extraction/data/places_extra.tsv": ("name", "aliases"),
    "geoevents/extraction/data/place_aliases.tsv": ("alias",),
}


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("_", " "))


class Forms:
    """The forms of a lemma the text may use: regular inflections, and the irregular forms the model's lemmatizer
    maps to it ("blew" -> blow), as the prefilter derives them."""

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp
        self.cache: dict[str, frozenset[str]] = {}

    def __call__(self, lemma: str) -> frozenset[str]:
        from geoevents.nlp.forms import trigger_surface_forms

        if lemma not in self.cache:
            self.cache[lemma] = trigger_surface_forms([lemma], self.nlp) | {lemma}
        return self.cache[lemma]


# A phrase is a sequence of elements: the word forms that may stand there, and whether up to GAP other words may
# stand before it.
Phrase = tuple[tuple[frozenset[str], bool], ...]
GAP = 2


def exact(words_: Iterable[str]) -> Phrase:
    return tuple((frozenset({w}), False) for w in words_)


def trigger_phrases(trig: Trigger, forms: Forms) -> Iterator[tuple[str, Phrase]]:
    """The word sequences a lexicon entry stands for, one per object alternative: (label, phrase)."""
    if trig.kind == "n":
        if trig.modifiers:
            yield " ".join([*trig.modifiers, trig.lemma]), exact(trig.modifiers) + ((forms(trig.lemma), False),)
        return
    head: Phrase = ((forms(trig.lemma), False),) + exact(w for w in (trig.particle, trig.prep) if w)
    label = [w for w in (trig.lemma, trig.particle, trig.prep) if w]
    if not trig.objects:
        if len(head) > 1:
            yield " ".join(label), head
        return
    for obj, mods in trig.objects:
        obj_words = [w for m in mods for w in words(m)] + words(obj)
        tail = [(frozenset({w}), False) for w in obj_words[:-1]] + [(forms(obj_words[-1]), False)]
        tail[0] = (tail[0][0], True)
        yield " ".join([*label, *obj_words]), head + tuple(tail)


def table_phrases() -> Iterator[tuple[str, Phrase]]:
    for name, columns in TABLES.items():
        lines = [line for line in (ROOT / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        for row in csv.DictReader(lines, delimiter="\t"):
            for column in columns:
                for value in (row.get(column) or "").split("|"):
                    tokens = words(value)
                    if len(tokens) > 1:
                        yield value.strip(), exact(tokens)


def knowledge_phrases(forms: Forms) -> tuple[dict[str, Phrase], set[str]]:
    """All phrases of the knowledge files, and the labels of those that are trigger phrases."""
    phrases: dict[str, Phrase] = {}
    for trig in load_lexicon().triggers:
        phrases.update(trigger_phrases(trig, forms))
    triggers = set(phrases)
    phrases.update(table_phrases())
    return phrases, triggers


def corpus_texts(shared: Path) -> Iterator[str]:
    with (shared / "corpus" / "reuters21578.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            yield f"{record.get('title') or ''}\n{record.get('text') or ''}"
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with (shared / "corpus" / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield f"{row.get('title') or ''}\n{row.get('text') or ''}"


def eval_texts(shared: Path) -> Iterator[str]:
    """Every string of the dev files (texts, titles, actor strings and contexts)."""

    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    for path in sorted((shared / "eval").iterdir()):
        text = path.read_text(encoding="utf-8")
        documents = [json.loads(text)] if path.suffix == ".json" else [json.loads(x) for x in text.splitlines() if x]
        for document in documents:
            yield from strings(document)


def _matches(tokens: list[str], start: int, phrase: Phrase) -> bool:
    i = start
    for k, (forms, gap) in enumerate(phrase):
        if k == 0:
            if tokens[i] not in forms:
                return False
            continue
        window = tokens[i + 1 : i + 2 + (GAP if gap else 0)]
        hit = next((j for j, token in enumerate(window) if token in forms), None)
        if hit is None:
            return False
        i += 1 + hit
    return True


def found(texts: Iterable[str], phrases: dict[str, Phrase]) -> set[str]:
    """The labels of the phrases that occur in one of the texts."""
    by_first: dict[str, list[str]] = {}
    for label, phrase in phrases.items():
        for form in phrase[0][0]:
            by_first.setdefault(form, []).append(label)
    hits: set[str] = set()
    for text in texts:
        tokens = words(text)
        for i, token in enumerate(tokens):
            for label in by_first.get(token, ()):
                if label not in hits and _matches(tokens, i, phrases[label]):
                    hits.add(label)
    return hits


def dictionary_trigger_labels(forms: Forms) -> set[str]:
    """The trigger phrases of the CAMEO verb patterns, every pattern on every verb of its block, whatever its code
    (read by the project's converter, scripts/build_cameo_verbs.py)."""
    spec = importlib.util.spec_from_file_location("build_cameo_verbs", ROOT / "scripts" / "build_cameo_verbs.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    sys.modules["build_cameo_verbs"] = build
    spec.loader.exec_module(build)
    dictionary = build.read_dictionary(build.DEFAULT_CAMEO)
    expand = build.Expander(dictionary.synsets)
    labels: set[str] = set()
    for block in dictionary.blocks:
        shapes = [Trigger("-", "v", "-", particle=v.particle, prep=v.prep,
                          objects=((v.obj, ()),) if v.obj else ()) for v in block.verbs]
        for pattern in block.patterns:
            try:
                c = build.pattern_constraints(pattern.text, expand)
            except build.PatternShape:
                continue
            shapes.append(Trigger("-", "v", "-", particle=c.particle, prep=c.prep,
                                  objects=tuple((o[-1], tuple(o[:-1])) for o in c.objects)))
        for verb in block.verbs:
            for shape in shapes:
                for prep in {shape.prep or verb.prep, None if shape.objects else shape.prep or verb.prep}:
                    # "* &WEAPON (FROM)": the object stands before the preposition, so "launch weapon" is attested
                    entry = Trigger("-", "v", verb.lemma, particle=shape.particle or verb.particle, prep=prep,
                                    objects=shape.objects)
                    labels.update(label for label, _ in trigger_phrases(entry, forms))
    return labels


@lru_cache(maxsize=1)
def dictionary_lines(shared: Path) -> tuple[frozenset[str], ...]:
    """The word sets of the lines of the open dictionaries and codebooks (PLOVER's codebook, the CAMEO to PLOVER
    table with CAMEO's event descriptions, the PLOVER summary)."""
    lines = []
    files = [*(shared / "dictionaries").rglob("*"), *(shared / "reference").rglob("*")]
    for path in sorted(files):
        if path.is_file() and path.suffix in (".txt", ".csv", ".md"):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                tokens = words(line)  # with the comment: a CAMEO pattern names its verb there
                if len(tokens) > 1:
                    lines.append(frozenset(tokens))
    return tuple(lines)


def in_dictionaries(phrase: Phrase, lines: tuple[frozenset[str], ...]) -> bool:
    return any(all(not forms.isdisjoint(line) for forms, _ in phrase) for line in lines)


def read_allow_list() -> dict[str, str]:
    allowed: dict[str, str] = {}
    for number, line in enumerate(ALLOW_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        phrase, _, reason = line.partition("\t")
        assert reason.strip(), f"{ALLOW_FILE.name}:{number}: every allowed phrase needs a reason"
        allowed[phrase.strip()] = reason.strip()
    return allowed


@pytest.mark.parametrize(
    ("entry", "label"),
    [("v blow ~up", "blow up"), ("v hold =talk | rec=with", "hold talk"), ("n air_strike", "air strike"),
     ("v crack ~down +on", "crack down on"), ("v accept =demand/term", "accept demand")],
)
def test_trigger_phrases(entry: str, label: str) -> None:
    from geoevents.ontology import parse_trigger

    assert label in dict(trigger_phrases(parse_trigger("ASSAULT", entry), Forms()))


def test_phrases_are_found_in_any_form(spacy_nlp: Language) -> None:
    forms = Forms(spacy_nlp)
    phrases = dict(trigger_phrases(Trigger("ASSAULT", "v", "blow", particle="up"), forms))
    phrases.update(trigger_phrases(Trigger("ASSAULT", "v", "hold", objects=(("talk", ()),)), forms))
    assert found(["Rebels blew up a bridge."], phrases) == {"blow up"}
    assert found(["They held talks.", "We hold the talks"], phrases) == {"hold talk"}


def test_phrases_may_have_words_before_the_object(spacy_nlp: Language) -> None:
    phrases = dict(trigger_phrases(Trigger("AGREE", "v", "sign", objects=(("accord", ("peace",)),)), Forms(spacy_nlp)))
    assert found(["They signed a new peace accord."], phrases) == {"sign peace accord"}
    assert found(["They signed a very old and famous peace accord."], phrases) == set()
    assert found(["Peace accord signed."], phrases) == set()


@pytest.mark.slow
def test_every_knowledge_phrase_seen_in_the_dev_files_has_other_evidence(shared_dir: Path, spacy_nlp: Language
                                                                       ) -> None:
    forms = Forms(spacy_nlp)
    phrases, trigger_labels = knowledge_phrases(forms)
    in_eval = found(eval_texts(shared_dir), phrases)
    candidates = {label: phrases[label] for label in in_eval}
    in_corpus = found(corpus_texts(shared_dir), candidates)
    in_cameo = dictionary_trigger_labels(forms) & trigger_labels
    lines = dictionary_lines(shared_dir)
    allowed = read_allow_list()
    unsupported = sorted(
        label for label in in_eval - in_corpus - in_cameo
        if label not in allowed and not in_dictionaries(candidates[label], lines)
    )
    assert not unsupported, (
        "knowledge phrases found in ../shared/eval and in no corpus or dictionary (remove them, or list them with "
        f"a reason in {ALLOW_FILE.name}): {unsupported}"
    )
    stale = sorted(set(allowed) - set(phrases))
    assert not stale, f"{ALLOW_FILE.name} lists phrases no knowledge file holds any more: {stale}"
