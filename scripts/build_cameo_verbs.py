"""Build geoevents' dictionary trigger knowledge from the open CAMEO verb dictionary of PETRARCH2.

    .venv/bin/python scripts/build_cameo_verbs.py [--cameo FILE] [--crosswalk FILE] [--codebook FILE] [--out FILE]
                                                  [--report] [policy options, see --help]

Reads `../shared/dictionaries/petrarch2/CAMEO.2.0.txt` (MIT, Open Event Data Alliance) and writes
`geoevents/ontology/data/cameo_verbs.tsv`: one trigger a row in the syntax of `triggers.yaml`, with the PLOVER
event, mode and context of its CAMEO code (through `../shared/reference/CAMEO2PLOVER-2021.txt`, CC BY-SA 4.0, and
PLOVER 2.0's mode definitions in `../shared/dictionaries/ngec/PLOVER_structured_codebook_updated.csv`, MIT). The
output is deterministic: the same inputs and options give the same bytes. Run it again whenever an input changes.

The dictionary, as this script reads it (see its header and PETRARCH's documentation of the format):
- synonym sets: `&LABEL` followed by `+WORD` or `+TWO_WORDS` lines; plurals are regular unless the word or the
  label ends in `_`;
- verb blocks: `---  NAME  [CODE]  ---`, then verbs, one a line, `VERB {IRREGULAR FORMS} [CODE]` (the block's code
  applies to a verb without its own; `---` is "no event"); `+CALL_OFF` is a verb with a particle or preposition;
- patterns: `- [SUBJECT] * [PARTICLE] [OBJECT] [(PREPOSITION [OBJECT])]  [CODE]  # VERB`, where `*` is the verb,
  `{A B}` a noun phrase (B the head, A its modifier), `&LABEL` any word of a synonym set, `(...)` a prepositional
  phrase, and `$ + ^ %` mark source, target, skipped words and compounds (the dependency parse finds those
  itself). `[A:B]` codes the event of the source (A) and of the target (B); the source's is taken. The comment names
  the verb of the block the pattern was written for.

Patterns become the constraints of a geoevents trigger where they carry over to a dependency parse: the object
noun (with its modifiers), the particle, the preposition (with its object), the subject. Patterns of any other
shape (two nouns in a row, two prepositional phrases, stems) are left out and counted in `--report`.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_CAMEO = SHARED / "dictionaries" / "petrarch2" / "CAMEO.2.0.txt"
DEFAULT_CROSSWALK = SHARED / "reference" / "CAMEO2PLOVER-2021.txt"
DEFAULT_CODEBOOK = SHARED / "dictionaries" / "ngec" / "PLOVER_structured_codebook_updated.csv"
DEFAULT_OUT = ROOT / "geoevents" / "ontology" / "data" / "cameo_verbs.tsv"

# Words that follow a verb as its particle ("set OUT views", "put UP a barricade").
PARTICLES = frozenset("up down out off away back over forward aside together apart around along through".split())
# Words that open a prepositional phrase.
PREPOSITIONS = frozenset(
    "about above across after against along among amid around as at before behind below beneath beside between "
    "beyond by despite during for from in inside into near of on onto over past since through throughout to toward "
    "towards under until upon via with within without".split()
)
MARKERS = frozenset({"$", "+", "^", "%"})  # source, target, skipped words, compound: the parse finds them
AUXILIARIES = frozenset("is was were are be been am has have had will would".split())
# PLOVER 2.0's codebook names a few modes differently from geoevents' ontology (plover.yaml).
MODE_ALIASES = {"assassinate": "targeted"}
CONTEXT_ALIASES = {"democracy": "pro_democracy"}
# Where the 2021 table contradicts PLOVER 2.0's own definitions: imposing sanctions or an embargo is SANCTION
# (manual: "cutting relations, sanctions, embargoes"), not COERCE restrict (restrictions on freedoms or movement).
CROSSWALK_CORRECTIONS = {"163": ("SANCTION", "", ("economic",))}
MAX_ALTERNATIVES = 400  # a phrase of two large synonym sets (&MILITARY &WEAPON) expands beyond use


# ---------------------------------------------------------------------------------------------------------------
# Reading the CAMEO dictionary


@dataclass
class Verb:
    name: str  # as written, without "+": "GIVE", "CALL_OFF"
    lemma: str
    particle: str | None = None
    prep: str | None = None
    obj: str | None = None  # "TAKE_SHAPE": the verb's own object
    forms: tuple[str, ...] = ()
    code: str | None = None  # its own code; None: the block's
    line: int = 0


@dataclass
class Pattern:
    text: str
    code: str
    origins: tuple[str, ...]
    line: int


@dataclass
class Block:
    name: str
    code: str | None
    line: int
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class Dictionary:
    synsets: dict[str, list[tuple[list[str], bool]]]  # label -> (words, takes a plural)
    blocks: list[Block]
    skipped: Counter[str] = field(default_factory=Counter)


def _strip_comment(line: str) -> tuple[str, str]:
    text, _, comment = line.partition("#")
    text = text.split(";", 1)[0]  # the legacy KEDS/TABARI comment
    return text.strip(), comment.strip()


def _code(text: str) -> str | None:
    """The event code in `[...]`: the source's of a paired `A:B` code, else the target's; None for `---`."""
    found = re.search(r"\[([^\]]*)\]", text)
    if not found:
        return None
    first, _, second = found.group(1).strip().partition(":")
    code = first.strip() or second.strip()
    return code if code.isdigit() else None


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    if word.endswith(("ss", "sh", "ch", "x")):
        return word + "es"
    return word + "s"


def read_synset(lines: list[str]) -> list[tuple[list[str], bool]]:
    """The members of a synonym set: (words, whether the last word takes a regular plural)."""
    label, members = lines[0], lines[1:]
    plurals = not label.endswith("_")
    phrases: list[tuple[list[str], bool]] = []
    for member in members:
        raw = member.lstrip("+").strip()
        words = [w for w in re.split(r"[_\s]+", raw.lower()) if w]
        if words:
            phrases.append((words, plurals and not raw.endswith("_")))
    return phrases


def read_verb(text: str, line: int) -> Verb | None:
    """One verb line: `GIVE {GIVES GIVING GAVE GIVEN}`, `+CALL_OFF [160]`; None for forms this script cannot use
    (auxiliary phrases such as `+IS_DETERMINED`, phrases of three or more words)."""
    code = _code(text)
    forms_text = re.search(r"\{([^}]*)\}", text)
    head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", text).split()
    if not head:
        return None
    name = head[0].lstrip("+")
    words = [w for w in name.lower().split("_") if w]
    forms = tuple(sorted({f.lstrip("+").lower().split("_")[0] for f in re.split(r"[\s,]+", forms_text.group(1))
                          if f.strip(" ,+")})) if forms_text else ()
    verb = Verb(name=name, lemma=words[0], forms=forms, code=code if "[" in text else None, line=line)
    if len(words) == 1:
        return verb
    if len(words) > 2 or words[0] in AUXILIARIES:
        return None
    second = words[1]
    if second in PARTICLES:
        verb.particle = second
    elif second in PREPOSITIONS:
        verb.prep = second
    else:
        verb.obj = second
    return verb


def read_dictionary(path: Path) -> Dictionary:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    synsets: dict[str, list[tuple[list[str], bool]]] = {}
    blocks: list[Block] = []
    skipped: Counter[str] = Counter()
    section = "header"
    pending: list[str] = []

    def close_synset() -> None:
        if pending:
            synsets[pending[0].rstrip("_").upper()] = read_synset(pending)
            pending.clear()

    for number, raw in enumerate(lines, start=1):
        if "SYNONYM SETS" in raw:
            section = "synsets"
            continue
        if "VERB PATTERNS" in raw:
            close_synset()
            section = "verbs"
            continue
        if "TRANSFORMATIONS" in raw:
            break
        text, comment = _strip_comment(raw)
        if section == "synsets":
            if text.startswith("&"):
                close_synset()
                pending.append(text[1:])
            elif text.startswith("+") and pending:
                pending.append(text)
            continue
        if section != "verbs" or not text:
            continue
        header = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---", text)
        if header:
            code = header.group(2).strip()
            blocks.append(Block(header.group(1), code if code.isdigit() else None, number))
        elif not blocks:
            continue
        elif text.startswith("-"):
            code = _code(text)
            if code is None:
                skipped["pattern without an event code ([---])"] += 1
                continue
            origins = tuple(w.upper() for w in re.split(r"[\s,]+", comment.split("<")[0]) if w)
            blocks[-1].patterns.append(Pattern(text[1:].split("[")[0].strip(), code, origins, number))
        else:
            verb = read_verb(text, number)
            if verb is None:
                skipped["verb phrase of three words or an auxiliary"] += 1
            else:
                blocks[-1].verbs.append(verb)
    return Dictionary(synsets, blocks, skipped)


# ---------------------------------------------------------------------------------------------------------------
# CAMEO code -> PLOVER event, mode, context


@dataclass(frozen=True)
class Plover:
    event: str
    mode: str | None
    context: tuple[str, ...]
    description: str


def read_crosswalk(path: Path) -> dict[str, tuple[str, str, tuple[str, ...], str]]:
    """CAMEO code -> (event, mode as written, contexts as written, CAMEO description)."""
    table: dict[str, tuple[str, str, tuple[str, ...], str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#") or ":" not in raw:
            continue
        code, _, rest = raw.partition(":")
        if not code.strip().isdigit():
            continue
        spec, _, description = rest.partition("#")
        parts = [p.strip() for p in spec.split(",")]
        event = parts[0].upper()
        mode = parts[1].lower() if len(parts) > 1 else ""
        contexts = tuple(c.strip().lower() for c in (parts[2] if len(parts) > 2 else "").split(";") if c.strip())
        table.setdefault(code.strip(), (event, mode, contexts, description.strip()))
    return table


def read_codebook_modes(path: Path) -> dict[str, set[str]]:
    """PLOVER 2.0's modes per event, from its structured codebook."""
    modes: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("mode"):
                modes.setdefault(row["event"].strip().upper(), set()).add(row["mode"].strip().lower())
    return modes


class Crosswalk:
    """Maps CAMEO codes to PLOVER through the 2021 table, with modes valid in geoevents' ontology."""

    def __init__(self, table: dict[str, tuple[str, str, tuple[str, ...], str]], codebook: dict[str, set[str]],
                 valid_modes: dict[str, set[str]], valid_contexts: set[str]) -> None:
        self.table = table
        self.codebook = codebook
        self.valid_modes = valid_modes
        self.valid_contexts = valid_contexts
        self.notes: Counter[str] = Counter()

    def lookup(self, code: str) -> Plover | None:
        """The PLOVER coding of a CAMEO code; a code the table lacks takes its parent's (0214 -> 021). CAMEO's
        public statements (01) and appeals (02) have no PLOVER category."""
        if code[:2] in ("01", "02"):
            return None
        key = code
        while key not in self.table and len(key) > 3:
            key = key[:-1]
        if key not in self.table:
            self.notes[f"CAMEO code {code} not in the crosswalk"] += 1
            return None
        event, mode, contexts, description = self.table[key]
        if key in CROSSWALK_CORRECTIONS:
            event, mode, contexts = CROSSWALK_CORRECTIONS[key]
            self.notes[f"CAMEO {key} corrected to {event} (PLOVER 2.0 definitions)"] += 1
        if event not in self.valid_modes:
            self.notes[f"crosswalk event {event} is no PLOVER category"] += 1
            return None
        if mode in self.valid_contexts and mode not in self.valid_modes[event]:
            mode, contexts = "", (*contexts, mode)  # the table wrote a context in the mode column
        return Plover(event, self._mode(event, mode, description), self._contexts(contexts), description)

    def _mode(self, event: str, mode: str, description: str) -> str | None:
        valid = self.valid_modes[event]
        mode = MODE_ALIASES.get(mode, mode)
        if not mode or mode in valid:
            return mode or None
        if mode in self.codebook.get(event, ()):
            # A PLOVER 2.0 mode geoevents' ontology does not have yet (COERCE ban, RETREAT return): none.
            self.notes[f"PLOVER 2.0 mode {event} {mode!r} is not in the ontology"] += 1
            return None
        # A mode the 2021 table wrote that PLOVER 2.0 does not define for the event ("ASSAULT, seize" for
        # "Destroy property"): the codebook's mode of the event whose name the CAMEO description uses.
        words = set(re.findall(r"[a-z]+", description.lower()))
        for candidate in sorted(self.codebook.get(event, ())):
            named = MODE_ALIASES.get(candidate, candidate)
            if candidate in words and named in valid:
                self.notes[f"mode from the codebook: {event} {named} ({description})"] += 1
                return named
        self.notes[f"mode {mode!r} is no PLOVER 2.0 mode of {event}"] += 1
        return None

    def _contexts(self, contexts: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for context in contexts:
            context = CONTEXT_ALIASES.get(context, context)
            if context in self.valid_contexts:
                out.append(context)
            else:
                self.notes[f"context {context!r} is not in the ontology"] += 1
        return tuple(out)


# ---------------------------------------------------------------------------------------------------------------
# Patterns -> trigger constraints


class PatternShape(ValueError):
    """A pattern whose shape does not carry over to a dependency parse."""


@dataclass(frozen=True)
class Constraints:
    subjects: tuple[tuple[str, ...], ...] = ()  # alternatives; each: modifiers..., head
    particle: str | None = None
    prep: str | None = None
    objects: tuple[tuple[str, ...], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.subjects or self.particle or self.prep or self.objects)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[(){}]|[^\s(){}]+", text)


def _groups(tokens: list[str]) -> Iterator[tuple[str, list[str]]]:
    """("word", [w]), ("np", [words]) for {...}, ("pp", [tokens]) for (...), ("verb", []) for *."""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("{", "("):
            close = "}" if token == "{" else ")"
            depth, j = 0, i
            while j < len(tokens):
                depth += tokens[j] in "({"
                depth -= tokens[j] in ")}"
                if depth == 0 and tokens[j] == close:
                    break
                j += 1
            if j >= len(tokens):
                raise PatternShape("unbalanced brackets")
            yield ("np" if token == "{" else "pp"), [t for t in tokens[i + 1 : j] if t not in "{}"]
            i = j + 1
        elif token in (")", "}"):
            raise PatternShape("unbalanced brackets")
        elif token == "*":
            yield "verb", []
            i += 1
        elif token in MARKERS:
            i += 1
        else:
            yield "word", [token]
            i += 1


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _numbers(word: str, plural: bool) -> list[str]:
    """A head noun as the trigger matcher needs it: as written, and the singular of a word the dictionary writes in
    the plural ("TALKS" -> talk). The matcher compares an object's lemma and its own form, so the regular plurals
    PETRARCH generates (`plural`) are not needed."""
    del plural
    forms = [word]
    if word.endswith("s"):
        forms.append(_singular(word))
    return list(dict.fromkeys(forms))


def _split_hyphen(word: str) -> list[str]:
    """A hyphenated word as the tokenizer splits it ("cease-fire" -> cease, fire: the head "fire" with the modifier
    "cease"); nothing when its last part is a number or a particle ("f-16", "sit-in"): the parse would make that
    part the head, and the prefilter could not tell such a sentence from any other."""
    parts = [part for part in word.split("-") if part]
    if len(parts) < 2:
        return [word]
    last = parts[-1]
    if not last.isalpha() or len(last) < 3 or last in PREPOSITIONS or last in PARTICLES:
        return []
    return parts


class Expander:
    def __init__(self, synsets: dict[str, list[tuple[list[str], bool]]]) -> None:
        self.synsets = synsets

    def word(self, token: str) -> list[tuple[list[str], bool]]:
        """The phrases a pattern word stands for: a synonym set's members, or the word."""
        if token.startswith("&"):
            label = token[1:].rstrip("_").upper()
            if label not in self.synsets:
                raise PatternShape("undefined synonym set")
            return [([part for w in words for part in _split_hyphen(w)], plural)
                    for words, plural in self.synsets[label]]
        word = token.lower()
        if not re.fullmatch(r"[a-z][a-z'\-]*", word):
            raise PatternShape("not a word")
        if word.endswith("ly"):
            raise PatternShape("an adverb")
        return [(_split_hyphen(word), False)]

    def noun_phrase(self, tokens: list[str]) -> tuple[tuple[str, ...], ...]:
        """Alternatives of a noun phrase (its words in order, the head last)."""
        tokens = [t for t in tokens if t not in MARKERS]
        if not tokens:
            return ()
        choices = [self.word(t) for t in tokens]
        if not any(phrase for phrase, _ in choices[-1]):
            raise PatternShape("not a word")
        if len(list(itertools.islice(itertools.product(*choices), MAX_ALTERNATIVES + 1))) > MAX_ALTERNATIVES:
            raise PatternShape("too many alternatives")
        out: list[tuple[str, ...]] = []
        for combo in itertools.product(*choices):
            if any(not phrase for phrase, _ in combo):
                continue
            words = [w for phrase, _ in combo for w in phrase]
            for head in _numbers(words[-1], combo[-1][1]):
                alternative = (*words[:-1], head)
                if alternative not in out:
                    out.append(alternative)
        return tuple(out)


def _bare_prepositions(groups: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """A preposition written without brackets ("- * AGAINST +") opens a prepositional phrase with what follows."""
    for i, (kind, words) in enumerate(groups):
        if kind == "word" and words[0].lower() in PREPOSITIONS and words[0].lower() not in PARTICLES:
            rest = [w for _, ws in groups[i + 1 :] for w in ws]
            return [*groups[:i], ("pp", [words[0], *rest])]
    return groups


def pattern_constraints(text: str, expand: Expander) -> Constraints:
    """The constraints of one pattern; raises PatternShape for shapes that do not carry over to a parse."""
    groups = list(_groups(_tokens(text)))
    verbs = [i for i, (kind, _) in enumerate(groups) if kind == "verb"]
    if len(verbs) != 1:
        raise PatternShape("not exactly one verb")
    before, after = groups[: verbs[0]], groups[verbs[0] + 1 :]
    subjects: tuple[tuple[str, ...], ...] = ()
    if len(before) > 1 or any(kind == "pp" for kind, _ in before):
        raise PatternShape("more than a subject before the verb")
    if before:
        subjects = expand.noun_phrase(before[0][1])
    particle = None
    if after and after[0][0] == "word" and after[0][1][0].lower() in PARTICLES:
        particle = after.pop(0)[1][0].lower()
    after = _bare_prepositions(after)
    objects: tuple[tuple[str, ...], ...] = ()
    if after and after[0][0] in ("word", "np"):
        objects = expand.noun_phrase(after.pop(0)[1])
    prep = None
    if after and after[0][0] == "pp":
        words = [w for w in after.pop(0)[1] if w not in MARKERS]
        prep = words[0].lower() if words else None
        if prep not in PREPOSITIONS:
            raise PatternShape("a phrase that opens without a preposition")
        if len(words) > 1:
            if objects:
                raise PatternShape("an object and a prepositional object")
            objects = expand.noun_phrase(words[1:])
    if after:
        raise PatternShape("more words than subject, particle, object and one prepositional phrase")
    return Constraints(subjects, particle, prep, objects)


# ---------------------------------------------------------------------------------------------------------------
# Rows


@dataclass(frozen=True)
class Row:
    event: str
    entry: str  # the trigger in triggers.yaml syntax
    cameo: str
    block: str
    origin: int  # 1: the pattern was written for this verb (or the verb carries the code itself)
    kind: str  # pattern | verb | block (a bare verb coded by its block's code)
    line: int


@dataclass
class Policy:
    """Which candidate triggers are kept (decided by measurement on the tuning parts, docs/events.md)."""

    # origin: only the verb a pattern was written for (every verb of the block when the comment names none of them);
    # strict: only that verb, and nothing when the comment names no verb of the block; block: every verb of the block
    pattern_verbs: str = "origin"
    # none | own (verbs with a code of their own) | block (also the block's code). Bare verbs are left out: on the
    # tuning parts they are mostly CAMEO's catch-alls (want, expect, seek, decide -> 030), precision under 0.1.
    bare: str = "none"
    # keep patterns that only require a preposition ("export (TO)"): no - a preposition hardly constrains a verb;
    # on Reuters such patterns made the prefilter keep trade statistics ("exports to Japan rose")
    prep_only: bool = False
    subject_only: bool = True  # keep patterns that only constrain the subject
    # CAMEO codes (or prefixes) whose PLOVER mapping is vague: the root codes (x0) are CAMEO's catch-alls; the 03
    # "express intent" patterns are mostly plain actions ("take part", "hold elections"); 173 puts arrests together
    # with trials and sentences, which PLOVER codes as SANCTION or ACCUSE; 192 "occupy" is mostly "take control".
    exclude_codes: tuple[str, ...] = ("03", "040", "050", "060", "080", "100", "110", "150", "160", "170", "173",
                                      "180", "192")
    ambiguous_bare: bool = True  # mark bare dictionary verbs `amb` (lower confidence, need a participant)
    # mark every dictionary trigger `amb`: coded only with a resolved actor or recipient and with less confidence
    # than a hand-written one. Read on Reuters, most dictionary events without a participant were business news
    # ("paid 44 billion dollars", "reserves increased").
    ambiguous_patterns: bool = True


def _phrase(words: tuple[str, ...]) -> str:
    return "_".join(words)


def entry_text(verb: Verb, c: Constraints, plover: Plover, ambiguous: bool) -> str:
    parts = ["v", verb.lemma]
    if c.particle:
        parts.append("~" + c.particle)
    if c.prep:
        parts.append("+" + c.prep)
    if c.objects:
        parts.append("=" + "/".join(_phrase(o) for o in c.objects))
    if c.subjects:
        parts.append("@" + "/".join(_phrase(s) for s in c.subjects))
    options = []
    if plover.mode:
        options.append(f"mode={plover.mode}")
    if plover.context:
        options.append("ctx=" + ",".join(plover.context))
    if ambiguous:
        options.append("amb")
    return " ".join(parts) + (" | " + " ".join(options) if options else "")


def _combine(verb: Verb, c: Constraints) -> Constraints | None:
    """A pattern's constraints on a verb that brings its own particle, preposition or object; None on a clash."""
    particle, prep, objects = c.particle, c.prep, c.objects
    for own, theirs in ((verb.particle, particle), (verb.prep, prep)):
        if own and theirs and own != theirs:
            return None
    if verb.obj:
        if objects:
            return None
        objects = ((verb.obj,),)
    return Constraints(c.subjects, verb.particle or particle, verb.prep or prep, objects)


def _excluded(code: str, policy: Policy) -> bool:
    return any(code.startswith(prefix) for prefix in policy.exclude_codes)


def candidate_rows(dictionary: Dictionary, crosswalk: Crosswalk, policy: Policy, counts: Counter[str]) -> list[Row]:
    expand = Expander(dictionary.synsets)
    rows: list[Row] = []
    for block in dictionary.blocks:
        for verb in block.verbs:
            code = verb.code or (block.code if policy.bare == "block" else None)
            if code is None or policy.bare == "none":
                continue
            kind = "verb" if verb.code else "block"
            plover = crosswalk.lookup(code)
            if plover is None or _excluded(code, policy):
                counts[f"bare {kind} verb without a PLOVER category or excluded"] += 1
                continue
            own = _combine(verb, Constraints()) or Constraints()
            rows.append(Row(plover.event, entry_text(verb, own, plover, policy.ambiguous_bare), code, block.name,
                            1, kind, verb.line))
        for pattern in block.patterns:
            plover = crosswalk.lookup(pattern.code)
            if plover is None or _excluded(pattern.code, policy):
                counts["pattern without a PLOVER category or excluded"] += 1
                continue
            try:
                constraints = pattern_constraints(pattern.text, expand)
            except PatternShape as shape:
                counts[f"pattern shape: {shape}"] += 1
                continue
            if constraints.empty:
                counts["pattern without constraints"] += 1
                continue
            if not policy.prep_only and constraints.prep and not constraints.objects and not constraints.particle:
                counts["pattern with only a preposition (policy)"] += 1
                continue
            if not policy.subject_only and constraints.subjects and not (constraints.objects or constraints.prep
                                                                         or constraints.particle):
                counts["pattern with only a subject (policy)"] += 1
                continue
            origins = {v.name for v in block.verbs if v.name.upper() in pattern.origins}
            for verb in block.verbs:
                origin = int(verb.name in origins)
                if policy.pattern_verbs == "strict" and not origin:
                    continue
                if policy.pattern_verbs == "origin" and origins and not origin:
                    continue
                combined = _combine(verb, constraints)
                if combined is None:
                    counts["pattern clashes with its verb's particle or preposition"] += 1
                    continue
                rows.append(Row(plover.event, entry_text(verb, combined, plover, policy.ambiguous_patterns),
                                pattern.code, block.name, origin, "pattern", pattern.line))
    return rows


def _trigger_key(entry: str) -> str:
    return entry.split("|")[0].strip()


def resolve(rows: Iterable[Row], counts: Counter[str]) -> list[Row]:
    """One row per trigger: duplicates keep their first row; a trigger the dictionary codes into two PLOVER
    categories is left out (the dictionary does not decide it)."""
    by_key: dict[str, list[Row]] = {}
    for row in rows:
        by_key.setdefault(_trigger_key(row.entry), []).append(row)
    kept = []
    for key, group in by_key.items():
        events = {row.event for row in group}
        if len(events) > 1:
            counts["trigger coded into two categories"] += 1
            continue
        best = sorted(group, key=lambda r: (-r.origin, r.kind != "pattern", r.line))[0]
        if len(group) > 1:
            counts["duplicate trigger"] += len(group) - 1
        kept.append(best)
        del key
    return sorted(kept, key=lambda r: (r.event, _trigger_key(r.entry), r.line))


# ---------------------------------------------------------------------------------------------------------------
# Output

HEADER = """\
# geoevents dictionary triggers, generated by scripts/build_cameo_verbs.py - do not edit; rebuild instead.
#
# Source: the CAMEO verb pattern dictionary of PETRARCH2 (CAMEO.2.0.txt, openeventdata/petrarch2 at 676801c),
#   Copyright (c) 2015 Open Event Data Alliance, MIT License (full text in cameo_verbs.LICENSE beside this file).
# PLOVER event, mode and context of each CAMEO code: the CAMEO to PLOVER conversion table (CAMEO2PLOVER, PLOVER
#   manual Draft 0.8, 2021, Open Event Data Alliance, CC BY-SA 4.0), with modes checked against PLOVER 2.0's
#   structured codebook (ahalterman/NGEC-2025, MIT).
# Policy: {policy}
#
# Columns: event, entry (a trigger in the syntax of triggers.yaml), cameo (code), block (verb block of the
#   dictionary), origin (1: the pattern was written for this verb), kind (pattern, verb: the verb's own code,
#   block: the block's code), line (in CAMEO.2.0.txt).
"""
COLUMNS = ("event", "entry", "cameo", "block", "origin", "kind", "line")


def write_rows(rows: list[Row], out: Path, policy: Policy) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(HEADER.format(policy=policy))
        handle.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            handle.write("\t".join(str(getattr(row, name)) for name in COLUMNS) + "\n")


def build(cameo: Path, crosswalk_path: Path, codebook: Path, policy: Policy) -> tuple[list[Row], Counter[str],
                                                                                       Counter[str]]:
    sys.path.insert(0, str(ROOT))
    from geoevents.ontology import load_ontology

    ontology = load_ontology()
    valid_modes = {cat.name: {m for m, _ in cat.modes} for cat in ontology.categories}
    crosswalk = Crosswalk(read_crosswalk(crosswalk_path), read_codebook_modes(codebook), valid_modes,
                          set(ontology.contexts))
    dictionary = read_dictionary(cameo)
    counts: Counter[str] = Counter(dictionary.skipped)
    rows = resolve(candidate_rows(dictionary, crosswalk, policy, counts), counts)
    return rows, counts, crosswalk.notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameo", type=Path, default=DEFAULT_CAMEO)
    parser.add_argument("--crosswalk", type=Path, default=DEFAULT_CROSSWALK)
    parser.add_argument("--codebook", type=Path, default=DEFAULT_CODEBOOK)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--report", action="store_true", help="Print what was left out and why.")
    defaults = Policy()
    parser.add_argument("--pattern-verbs", choices=("strict", "origin", "block"), default=defaults.pattern_verbs)
    parser.add_argument("--bare", choices=("none", "own", "block"), default=defaults.bare)
    parser.add_argument("--prep-only", dest="prep_only", action="store_true", default=defaults.prep_only,
                        help="Keep patterns that only require a preposition.")
    parser.add_argument("--no-subject-only", dest="subject_only", action="store_false")
    parser.add_argument("--exclude-codes", default=",".join(defaults.exclude_codes),
                        help="Comma-separated CAMEO codes or prefixes to leave out.")
    parser.add_argument("--no-ambiguous-bare", dest="ambiguous_bare", action="store_false")
    parser.add_argument("--no-ambiguous-patterns", dest="ambiguous_patterns", action="store_false")
    args = parser.parse_args(argv)
    policy = Policy(args.pattern_verbs, args.bare, args.prep_only, args.subject_only,
                    tuple(c for c in args.exclude_codes.split(",") if c), args.ambiguous_bare,
                    args.ambiguous_patterns)
    rows, counts, notes = build(args.cameo, args.crosswalk, args.codebook, policy)
    write_rows(rows, args.out, policy)
    by_event = Counter(row.event for row in rows)
    print(f"{len(rows)} triggers -> {args.out}  ({', '.join(f'{k} {v}' for k, v in sorted(by_event.items()))})",
          file=sys.stderr)
    if args.report:
        for reason, count in sorted((counts + notes).items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {count:6d}  {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
