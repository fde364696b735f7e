"""Coding on a Ray cluster: `code_dataset` (geoevents code --engine ray) writes coded Parquet, `load` (geoevents
load) merges it into the store. Ray is an optional extra (pip install 'geoevents[ray]'); `load` and the output
layout need only pyarrow. See docs/distributed.md.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "code_dataset": "geoevents.distributed.engine",
    "DatasetReport": "geoevents.distributed.engine",
    "load": "geoevents.distributed.load",
    "LoadReport": "geoevents.distributed.load",
    "Output": "geoevents.distributed.output",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    # Lazily, so that importing the package (e.g. for `load`) does not import Ray.
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geoevents.distributed' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module), name)
