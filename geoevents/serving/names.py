"""Display names of entity codes for the API and the dashboard (RUS -> Russia), from the actor knowledge files."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from geoevents.tsv import read_tsv


@functools.lru_cache(maxsize=1)
def known_names() -> Mapping[str, str]:
    """Display names of entity codes (RUS -> Russia, UNO -> United Nations) from the actor knowledge files.

    Names seen in the store can be people ("Javier Milei" for ARG); a node of the network stands for the code.
    """
    names: dict[str, str] = {}
    orgs: dict[str, set[str]] = {}
    folder = Path(str(resources.files("geoevents.actors").joinpath("data")))
    for filename in ("organisations.tsv", "countries.tsv"):  # countries last: they win
        source = folder / filename
        if not source.is_file():
            continue
        for _, row in read_tsv(source, "actor knowledge"):
            code, name = row.get("code", ""), row.get("name", "")
            if not code or not name or row.get("sector"):
                continue  # a sector entry (e.g. a ministry) does not name the whole code
            if filename == "countries.tsv":
                names[code] = name
            else:
                orgs.setdefault(code, set()).add(name)
        # A code shared by several bodies (IGO, NGO) names none of them.
        names.update({code: next(iter(n)) for code, n in orgs.items() if len(n) == 1 and code not in names})
    return MappingProxyType(names)


__all__ = ["known_names"]
