"""Read CAMEO / Phoenix / PETRARCH actor dictionaries that users own, so they add to the knowledge by path.

The format, as those dictionaries write it:

    # comment                                  (also ';' comments)
    VLADIMIR_PUTIN_  [RUSGOV 000507-080507]    a phrase, words joined by '_', then one or more [CODE DATES]
    +PUTIN_                                    '+' lines are aliases of the entry above
    +V._PUTIN_
                     [RUSGOV >120507]          a line of only codes adds roles to the entry above
    JOHN_DOE_ [USAELI]

Dates are YYMMDD (or YYYYMMDD): `<D` until D, `>D` from D (also written `> D`), `D1-D2` between. A code is
3-letter chunks: the first is the country or international code (RUS, USA, IGO...), the next the sector (GOV,
MIL...). A code of a lone sector chunk (`[~MIL]` or `[MIL]`) makes the phrase a sector word.

Real dictionaries have quirks: a line that cannot be read (a date like '>201005011', '[~ENV}') is skipped and reported
to `on_problem` with its file and line (by default logged as a warning); the rest of the file loads.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from geoevents.actors.index import Entry, KnowledgeBuilder, Role
from geoevents.errors import InputError
from geoevents.vocabulary import CAMEO_SECTORS

_CODE_RE = re.compile(r"\[([^\]]*)\]")
_DATE_RE = re.compile(r"^(?:<(\d{6}|\d{8})|>(\d{6}|\d{8})|(\d{6}|\d{8})-(\d{6}|\d{8}))$")
log = logging.getLogger("geoevents.actors")


def _iso(raw: str) -> str:
    """YYMMDD (years < 30 are 20xx) or YYYYMMDD -> YYYY-MM-DD; ValueError when it is no calendar date."""
    if len(raw) == 6:
        year = int(raw[:2])
        raw = f"{2000 + year if year < 30 else 1900 + year}{raw[2:]}"
    return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8])).isoformat()


def _warn(problem: InputError) -> None:
    log.warning("%s", problem)


def parse_code(code: str) -> tuple[str | None, str | None]:
    """'RUSGOV' -> ('RUS', 'GOV'); 'IGOUNO' -> ('IGO', None); '~MIL' or 'MIL' -> (None, 'MIL')."""
    code = code.strip().lstrip("~").upper()
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if not chunks or not chunks[0]:
        return None, None
    if chunks[0] in CAMEO_SECTORS and len(chunks) == 1:
        return None, chunks[0]
    sector = next((c for c in chunks[1:] if c in CAMEO_SECTORS), None)
    return chunks[0], sector


def parse_role(spec: str, path: Path, line: int) -> Role:
    """'RUSGOV >080508' -> Role(RUS, GOV, start=2008-05-08)."""
    parts = spec.split()
    if not parts:
        raise InputError("empty code in [ ]", str(path), line)
    code, sector = parse_code(parts[0])
    start = end = None
    if len(parts) > 1:
        restriction = "".join(parts[1:])  # "[EGYGOV > 140608]"
        m = _DATE_RE.match(restriction)
        if m is None:
            raise InputError(f"bad date restriction {restriction!r} (expected <YYMMDD, >YYMMDD or YYMMDD-YYMMDD)",
                             str(path), line)
        before, after, first, last = m.groups()
        try:
            if before:
                end = _iso(before)
            elif after:
                start = _iso(after)
            else:
                start, end = _iso(first), _iso(last)
        except ValueError as exc:
            raise InputError(f"bad date in {restriction!r}: {exc}", str(path), line) from exc
    return Role(code, sector, start, end, f"[{spec.strip()}] line {line}")


def _phrase(raw: str) -> str:
    """'VLADIMIR_PUTIN_' -> 'VLADIMIR PUTIN'."""
    return " ".join(w for w in raw.strip().strip("+").split("_") if w)


def parse_cameo(path: Path, on_problem: Callable[[InputError], None] | None = None
                ) -> list[tuple[str, list[str], list[Role], int]]:
    """Entries of a CAMEO actor dictionary: (name, aliases, roles, line). A malformed line goes to `on_problem`
    (default: a logged warning) and is skipped."""
    report = on_problem or _warn
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read CAMEO dictionary: {exc.strerror}", str(path)) from exc
    entries: list[tuple[str, list[str], list[Role], int]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = re.split(r"\s[#;]|^[#;]", raw, maxsplit=1)[0].rstrip()
        if not line.strip():
            continue
        try:
            _read_line(line, raw, path, number, entries)
        except InputError as problem:
            report(problem)
    return entries


def _read_line(line: str, raw: str, path: Path, number: int,
               entries: list[tuple[str, list[str], list[Role], int]]) -> None:
    codes = [parse_role(spec, path, number) for spec in _CODE_RE.findall(line)]
    head = re.sub(r"\{[^{}]*\}", " ", _CODE_RE.sub("", line)).strip()  # agents' {PLURAL} forms are not names
    if any(c in head for c in "[]{}"):
        raise InputError(f"unbalanced brackets in {raw.strip()!r}", str(path), number)
    if head.startswith("+"):
        if not entries:
            raise InputError("alias line '+' before any entry", str(path), number)
        entries[-1][1].append(_phrase(head))
        entries[-1][2].extend(codes)
    elif not head:
        if not entries:
            raise InputError("code line before any entry", str(path), number)
        entries[-1][2].extend(codes)
    else:
        entries.append((_phrase(head), [], codes, number))


def add_cameo_dictionary(b: KnowledgeBuilder, path: Path) -> None:
    """Add every entry of a CAMEO dictionary. Entries without a code are skipped (they only group aliases in some
    dictionaries); lone sector codes become sector words; malformed lines are skipped into `b.problems`."""
    for name, aliases, roles, line in parse_cameo(path, b.problems.append):
        if not roles:
            continue
        source = f"{path.name}:{line}"
        if all(r.code is None for r in roles):
            entry = Entry("sector", name.title(), (roles[0],), source, sector_kind="title")
        else:
            entry = Entry("person", name.title(), tuple(roles), source)
        for alias in [name, *aliases]:
            # CAMEO writes everything in capitals: match any case, so give the alias in lower case
            b.add(alias.lower(), entry)
