"""The watch file: a TOML file naming the sources to poll (`[[source]]`), the alert rules (`[[alert]]`, see
`geoevents.watch.rules`) and, optionally, how to poll (`[watch]`). Every mistake is a ConfigError naming the file,
the table and the key. Relative paths (folders, JSONL outputs) are relative to the watch file's folder.

    [watch]
    timeout = 20              # seconds for a whole request (connect, headers and body)
    [[source]]
    name = "wire"
    url = "https://example.org/world.rss"
    every = "5m"
    fetch_full_text = true
    [[source]]
    path = "incoming/"        # a folder: new files are read as `geoevents code` reads them
    every = 30
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from geoevents import __version__
from geoevents.errors import ConfigError
from geoevents.watch.rules import AlertRule, Output, parse_outputs, parse_rule
from geoevents.watch.values import flag, parse_duration, text, unknown_keys, whole

USER_AGENT = f"geoevents/{__version__} (news event coder; feed watcher)"


def option(default: Any, help: str) -> Any:
    """A [watch] option with its help text (shown in docs/watch.md and the errors)."""
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class WatchOptions:
    """How sources are polled and alerts delivered: the `[watch]` table."""

    timeout: float = option(20.0, "Seconds for a whole request: connecting, the headers and the body.")
    max_bytes: int = option(10_000_000, "Largest response body taken (after decompression), in bytes.")
    max_redirects: int = option(5, "Redirects followed per request.")
    max_backoff: float = option(3600.0, "Longest wait, in seconds, before polling a failing source again.")
    workers: int = option(4, "Sources fetched at the same time.")
    contact: str | None = option(None, "Added to the User-Agent, e.g. a mail address a site owner can write to.")
    outputs: tuple[Output, ...] = option((), "Where alerts go when a rule names no outputs.")
    webhook_attempts: int = option(8, "Attempts to deliver an alert to a webhook before it is marked failed.")
    webhook_timeout: float = option(10.0, "Seconds a webhook may take to answer.")
    once_wait: float = option(30.0, "With --once: seconds to wait for pending deliveries before exiting.")

    @property
    def user_agent(self) -> str:
        return f"{USER_AGENT[:-1]}; {self.contact})" if self.contact else USER_AGENT


@dataclass(frozen=True)
class SourceSpec:
    """One source: an RSS/Atom feed (`url`) or a folder of files (`path`), polled every `every` seconds."""

    name: str
    every: float
    url: str | None = None
    path: Path | None = None
    fetch_full_text: bool = False

    @property
    def kind(self) -> str:
        return "feed" if self.url else "folder"

    @property
    def location(self) -> str:
        return self.url or str(self.path)


@dataclass(frozen=True)
class WatchConfig:
    """A parsed watch file."""

    path: Path
    sources: tuple[SourceSpec, ...]
    rules: tuple[AlertRule, ...]
    options: WatchOptions = WatchOptions()

    def outputs_of(self, rule: AlertRule) -> tuple[Output, ...]:
        return rule.outputs or self.options.outputs


def load_config(path: str | Path) -> WatchConfig:
    """Read and check a watch file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no such watch file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the watch file ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path) -> WatchConfig:
    unknown = set(data) - {"watch", "source", "alert"}
    if unknown:
        raise ConfigError(f"{path}: unknown table(s) {', '.join(sorted(unknown))}; expected [watch], [[source]], "
                          "[[alert]]")  # fmt: skip
    base = path.parent
    options = _options(_table(data.get("watch", {}), f"{path}: [watch]"), base, f"{path}: [watch]")
    sources = tuple(
        _source(_table(raw, f"{path}: [[source]] #{n}"), base, f"{path}: [[source]] #{n}")
        for n, raw in enumerate(_array(data.get("source", []), f"{path}: [[source]]"), start=1)
    )
    rules = tuple(
        parse_rule(_table(raw, f"{path}: [[alert]] #{n}"), base, f"{path}: [[alert]] #{n}")
        for n, raw in enumerate(_array(data.get("alert", []), f"{path}: [[alert]]"), start=1)
    )
    _unique([s.name for s in sources], f"{path}: [[source]]")
    _unique([r.name for r in rules], f"{path}: [[alert]]")
    return WatchConfig(path=path, sources=sources, rules=rules, options=options)


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table, got {type(value).__name__}")
    return value


def _array(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: expected an array of tables ([[...]]), got {type(value).__name__}")
    return value


def _unique(names: list[str], where: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ConfigError(f"{where}: the name {name!r} is used twice; names must be unique")
        seen.add(name)


def _options(raw: dict[str, Any], base: Path, where: str) -> WatchOptions:
    known = [f.name for f in fields(WatchOptions)]
    unknown_keys(raw, known, where)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        at = f"{where}: {key}"
        if key in ("timeout", "max_backoff", "webhook_timeout", "once_wait"):
            values[key] = parse_duration(value, at)
        elif key in ("max_bytes", "max_redirects", "workers", "webhook_attempts"):
            values[key] = whole(value, at, least=0 if key == "max_redirects" else 1)
        elif key == "contact":
            values[key] = text(value, at)
        elif key == "outputs":
            values[key] = parse_outputs(value, base, at)
    return WatchOptions(**values)


_SOURCE_KEYS = ("name", "url", "path", "every", "fetch_full_text")


def _source(raw: dict[str, Any], base: Path, where: str) -> SourceSpec:
    unknown_keys(raw, _SOURCE_KEYS, where)
    url, folder = raw.get("url"), raw.get("path")
    if (url is None) == (folder is None):
        raise ConfigError(f"{where}: give either url (an RSS/Atom feed) or path (a folder), not both or neither")
    if "every" not in raw:
        raise ConfigError(f'{where}: every is missing (how often to poll, e.g. every = "5m")')
    every = parse_duration(raw["every"], f"{where}: every")
    full_text = flag(raw.get("fetch_full_text", False), f"{where}: fetch_full_text")
    if url is not None:
        url = text(url, f"{where}: url")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"{where}: url: expected an http:// or https:// address, got {url!r}")
        return SourceSpec(name=text(raw.get("name", url), f"{where}: name"), every=every, url=url,
                          fetch_full_text=full_text)  # fmt: skip
    if full_text:
        raise ConfigError(f"{where}: fetch_full_text is for feeds (url), not folders")
    resolved = base / text(folder, f"{where}: path")
    if not resolved.is_dir():
        raise ConfigError(f"{where}: path: {resolved} is not a folder")
    return SourceSpec(name=text(raw.get("name", str(folder)), f"{where}: name"), every=every, path=resolved)


__all__ = ["USER_AGENT", "SourceSpec", "WatchConfig", "WatchOptions", "load_config"]
