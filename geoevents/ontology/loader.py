"""Loading and validating the ontology, trigger lexicon and factuality cue files."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from geoevents.errors import ConfigError
from geoevents.vocabulary import QUAD_CLASSES

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Category:
    name: str
    quad: int
    score: float
    recipient_required: bool
    modes: tuple[tuple[str, float], ...]

    def mode_score(self, mode: str | None) -> float:
        """The mode's intensity where the mode has one, else the category's base score."""
        return dict(self.modes).get(mode or "", self.score)


@dataclass(frozen=True)
class Ontology:
    version: str
    categories: tuple[Category, ...]
    contexts: tuple[str, ...]
    crosswalk: tuple[tuple[str, str, str | None], ...]  # (old name, event, mode)
    context_cues: tuple[tuple[str, str], ...]  # (lemma, context label)

    def category(self, name: str) -> Category:
        for cat in self.categories:
            if cat.name == name:
                return cat
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(cat.name for cat in self.categories)

    def translate(self, name: str) -> tuple[str, str | None]:
        """An event name of any PLOVER version -> (current category, implied mode or None)."""
        upper = name.strip().upper()
        for old, event, mode in self.crosswalk:
            if old == upper:
                return event, mode
        return upper, None

    def cue_map(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for lemma, label in self.context_cues:
            out.setdefault(lemma, []).append(label)
        return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry. `lemma` is the verb's or the head noun's lemma."""

    event: str
    kind: str  # "v" or "n"
    lemma: str
    modifiers: tuple[str, ...] = ()  # for nouns: compound/amod lemmas required ("air" strike)
    particle: str | None = None
    prep: str | None = None
    objects: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (object head lemma, required modifiers)
    mode: str | None = None
    context: tuple[str, ...] = ()
    ambiguous: bool = False
    subjects: tuple[tuple[str, tuple[str, ...]], ...] = ()  # "@troop": the subject's head lemma must be one of these
    passive_actor: bool = False  # "pass": the passive subject is the actor ("Israel is opposed to", "is committed to")
    intransitive: bool = False  # "=0": only without a direct object ("demonstrators demonstrated")
    joint: str | None = None
    recipient_preps: tuple[str, ...] = ()
    agent_preps: tuple[str, ...] = ()  # prepositions that introduce the actor ("shots from the military")
    source: str = ""  # the lexicon line, for explanations

    @property
    def specificity(self) -> int:
        object_modifiers = max((len(mods) for _, mods in self.objects), default=0)
        subject_modifiers = max((len(mods) for _, mods in self.subjects), default=0)
        return (2 * bool(self.objects) + object_modifiers + 2 * bool(self.subjects) + subject_modifiers
                + len(self.modifiers) + bool(self.particle) + bool(self.prep))


@dataclass(frozen=True)
class Lexicon:
    triggers: tuple[Trigger, ...]
    verbs: dict[str, tuple[Trigger, ...]] = field(hash=False, compare=False)
    nouns: dict[str, tuple[Trigger, ...]] = field(hash=False, compare=False)


@dataclass(frozen=True)
class Cues:
    future_modals: frozenset[str]
    hypothetical_modals: frozenset[str]
    governors: dict[str, str] = field(hash=False, compare=False)  # lemma -> factuality of the embedded event
    speech: frozenset[str] = frozenset()
    demand_modals: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    negators: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    owning_verbs: frozenset[str] = frozenset()
    hedges: frozenset[str] = frozenset()
    grievance_preps: frozenset[str] = frozenset()  # "struck over a law": the protest's target
    protest_nouns: frozenset[str] = frozenset()  # "in protest at": the phrase whose object is the target
    protest_noun_preps: tuple[str, ...] = ()
    affiliations: frozenset[str] = frozenset()  # "workers employed by the UN": participles of belonging


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: data file is missing") from exc
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f"{path}:{line + 1}" if line is not None else str(path)
        raise ConfigError(f"{where}: invalid YAML: {exc}") from exc


@functools.lru_cache(maxsize=4)
def load_ontology(path: str | None = None) -> Ontology:
    file = Path(path) if path else DATA_DIR / "plover.yaml"
    data = _read_yaml(file)
    try:
        cats = tuple(
            Category(
                name=name,
                quad=int(spec["quad"]),
                score=float(spec["score"]),
                recipient_required=bool(spec.get("recipient_required", False)),
                modes=tuple((str(m), float(s)) for m, s in (spec.get("modes") or {}).items()),
            )
            for name, spec in data["categories"].items()
        )
        bad = [cat.name for cat in cats if cat.quad not in QUAD_CLASSES]
        if bad:
            raise ConfigError(f"{file}: quad of {', '.join(bad)} is not one of {QUAD_CLASSES}")
        walk = data.get("crosswalk") or {}
        crosswalk = tuple((str(old).upper(), str(spec["event"]), spec.get("mode")) for old, spec in walk.items())
        cues = tuple(
            (str(lemma), str(label)) for label, lemmas in (data.get("context_cues") or {}).items() for lemma in lemmas
        )
        return Ontology(str(data.get("version", "")), cats, tuple(data["contexts"]), crosswalk, cues)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{file}: malformed ontology: {exc!r}") from exc


OPTION_KEYS = frozenset({"mode", "ctx", "rec", "joint", "amb", "agent", "pass"})


def parse_trigger(event: str, line: str, source: str = "") -> Trigger:
    """Parse one lexicon string, e.g. "v crack ~down +on | mode=restrict" (see the header of triggers.yaml)."""
    spec, _, opts = line.partition("|")
    words = spec.split()
    if len(words) < 2 or words[0] not in ("v", "n"):
        raise ValueError(f"expected 'v LEMMA ...' or 'n LEMMA', got {line!r}")
    kind, head = words[0], words[1]
    particle = prep = None
    objects: list[tuple[str, tuple[str, ...]]] = []
    intransitive = False
    subjects: list[tuple[str, tuple[str, ...]]] = []
    for word in words[2:]:
        if word.startswith("~"):
            particle = word[1:]
        elif word.startswith("+"):
            prep = word[1:]
        elif word.startswith("@"):
            for alt in word[1:].split("/"):
                parts = alt.split("_")
                subjects.append((parts[-1], tuple(parts[:-1])))
        elif word == "=0":
            intransitive = True
        elif word.startswith("="):
            for alt in word[1:].split("/"):
                parts = alt.split("_")
                objects.append((parts[-1], tuple(parts[:-1])))
        else:
            raise ValueError(f"unknown constraint {word!r} in {line!r}")
    head_parts = head.split("_")
    options: dict[str, str] = {}
    for opt in opts.split():
        key, _, value = opt.partition("=")
        if key not in OPTION_KEYS:
            raise ValueError(f"unknown option {key!r} in {line!r}")
        options[key] = value
    return Trigger(
        event=event,
        kind=kind,
        lemma=head_parts[-1] if kind == "n" else head,
        modifiers=tuple(head_parts[:-1]) if kind == "n" else (),
        particle=particle,
        prep=prep,
        objects=tuple(objects),
        mode=options.get("mode") or None,
        context=tuple(c for c in options.get("ctx", "").split(",") if c),
        ambiguous="amb" in options,
        intransitive=intransitive,
        passive_actor="pass" in options,
        subjects=tuple(subjects),
        joint=options.get("joint") or None,
        recipient_preps=tuple(p for p in options.get("rec", "").split(",") if p),
        agent_preps=tuple(p for p in options.get("agent", "").split(",") if p),
        source=source or line,
    )


def trigger_problem(trig: Trigger, ontology: Ontology) -> str | None:
    """What makes a parsed trigger invalid in the ontology (unknown category, mode or context), or None."""
    if trig.event not in ontology.names:
        return f"unknown PLOVER category {trig.event!r}"
    if trig.mode and trig.mode not in dict(ontology.category(trig.event).modes):
        return f"mode {trig.mode!r} is not a PLOVER mode of {trig.event}"
    bad = [c for c in trig.context if c not in ontology.contexts]
    return f"unknown context {bad}" if bad else None


def index_triggers(triggers: tuple[Trigger, ...]) -> Lexicon:
    """A Lexicon of `triggers`, looked up by lemma. Most specific first ("lift =blockade" is tried before a bare
    "lift"); among equally specific entries the earlier one comes first, and wins a tie."""
    verbs: dict[str, list[Trigger]] = {}
    nouns: dict[str, list[Trigger]] = {}
    for trig in triggers:
        (verbs if trig.kind == "v" else nouns).setdefault(trig.lemma, []).append(trig)

    def _ordered(index: dict[str, list[Trigger]]) -> dict[str, tuple[Trigger, ...]]:
        return {k: tuple(sorted(v, key=lambda t: -t.specificity)) for k, v in index.items()}

    return Lexicon(triggers, _ordered(verbs), _ordered(nouns))


@functools.lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The hand-written trigger lexicon (triggers.yaml)."""
    file = Path(path) if path else DATA_DIR / "triggers.yaml"
    data = _read_yaml(file)
    if not isinstance(data, dict):
        raise ConfigError(f"{file}: expected a mapping of category -> list of triggers")
    ontology = load_ontology()
    triggers: list[Trigger] = []
    for event, lines in data.items():
        if event not in ontology.names:
            raise ConfigError(f"{file}: unknown PLOVER category {event!r}")
        for line in lines or []:
            try:
                trig = parse_trigger(event, str(line))
            except ValueError as exc:
                raise ConfigError(f"{file}: {event}: {exc}") from exc
            problem = trigger_problem(trig, ontology)
            if problem:
                raise ConfigError(f"{file}: {event}: {problem} ({line!r})")
            triggers.append(trig)
    return index_triggers(tuple(triggers))


@functools.lru_cache(maxsize=4)
def load_cues(path: str | None = None) -> Cues:
    file = Path(path) if path else DATA_DIR / "cues.yaml"
    data = _read_yaml(file)
    try:
        governors: dict[str, str] = {}
        # Order matters: a lemma listed under several values keeps the first (negated beats future beats hypothetical).
        for value in ("negated", "future", "hypothetical"):
            for lemma in data["governors"].get(value, []):
                governors.setdefault(str(lemma), value)
        return Cues(
            future_modals=frozenset(data["modals"]["future"]),
            hypothetical_modals=frozenset(data["modals"]["hypothetical"]),
            governors=governors,
            speech=frozenset(data["speech"]),
            demand_modals=frozenset(data["demand_modals"]),
            conditions=frozenset(data["conditions"]),
            light_verbs=frozenset(data["light_verbs"]),
            negators=frozenset(data["negators"]),
            group_nouns=frozenset(data.get("group_nouns") or ()),
            owning_verbs=frozenset(data.get("owning_verbs") or ()),
            hedges=frozenset(data.get("hedges") or ()),
            grievance_preps=frozenset(data.get("grievance_preps") or ()),
            protest_nouns=frozenset(data.get("protest_nouns") or ()),
            protest_noun_preps=tuple(data.get("protest_noun_preps") or ()),
            affiliations=frozenset(data.get("affiliations") or ()),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(f"{file}: malformed cues file: {exc!r}") from exc
