"""Display names of entity codes for the API and the dashboard (RUS -> Russia), from the actor knowledge files."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType


@functools.lru_cache(maxsize=1)
def known_names() -> Mapping[str, str]:
    """Display names of entity codes (RUS -> Russia, UNO -> United Nations) from the actor knowledge files.

    Names seen in the store can be people ("Javier Milei" for ARG); a node of the network stands for the code.
    """
    names: dict[str, str] = {}
    orgs: dict[str, set[str]] = {}
    folder = resources.files("geoevents.actors").joinpath("data")
    for filename in ("organisations.tsv", "countries.tsv"):  # countries last: they win
        source = folder.joinpath(filename)
        if not source.is_file():
            continue
        rows = [line.split("\t") for line in source.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]  # fmt: skip
        if not rows:
            continue
        header = rows[0]
        if "code" not in header or "name" not in header:
            continue
        code_at, name_at = header.index("code"), header.index("name")
        sector_at = header.index("sector") if "sector" in header else None
        for row in rows[1:]:
            if len(row) <= max(code_at, name_at) or not row[code_at]:
                continue
            if sector_at is not None and len(row) > sector_at and row[sector_at]:
                continue  # a sector entry (e.g. a ministry) does not name the whole code
            if filename == "countries.tsv":
                names[row[code_at]] = row[name_at]
            else:
                orgs.setdefault(row[code_at], set()).add(row[name_at])
        # A code shared by several bodies (IGO, NGO) names none of them.
        names.update({code: next(iter(n)) for code, n in orgs.items() if len(n) == 1 and code not in names})
    return MappingProxyType(names)


__all__ = ["known_names"]
