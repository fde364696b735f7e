"""The command line: each command is a thin wrapper over the library function of the same name.

Options that are settings come from `geoevents.settings.Settings` (help text included), so the CLI, the config
file, the environment and the Python API agree. A GeoeventsError becomes a one-line message and exit status 1;
a user never sees a traceback for their own mistake.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

import click

from geoevents import __version__
from geoevents.errors import GeoeventsError, InputError
from geoevents.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


# --- settings as options ------------------------------------------------------------------------------------------


def _option_for(name: str) -> Callable[[F], F]:
    spec = {f.name: f for f in fields(Settings)}[name]
    flag = "--" + name.replace("_", "-")
    help_text = spec.metadata.get("help", "")
    if name in ("prefilter", "progress"):
        return click.option(f"{flag}/--no-{name}", name, default=None, help=help_text)
    if name == "read_only":
        return click.option(flag, name, is_flag=True, default=None, help=help_text)
    if name == "actors_file":
        return click.option(flag, name, multiple=True, type=click.Path(), help=help_text)
    kind = int if name in ("batch_size", "processes") else str
    return click.option(flag, name, type=kind, default=None, help=help_text)


def with_settings(*names: str) -> Callable[[F], F]:
    """Add the named Settings fields as options; the command receives a `settings` argument built from them."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, config: str | None = None, **kwargs: Any) -> Any:
            overrides = {name: kwargs.pop(name) for name in names}
            kwargs["settings"] = Settings.load(config, **overrides)
            return func(*args, **kwargs)

        for name in reversed(names):
            wrapper = _option_for(name)(wrapper)
        wrapper = click.option("--config", type=click.Path(), default=None, help="Config file (TOML).")(wrapper)
        return wrapper  # type: ignore[return-value]

    return decorate


def friendly_errors(func: F) -> F:
    """Turn geoevents' own errors into a message and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GeoeventsError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


# --- commands -------------------------------------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="geoevents")
def main() -> None:
    """geoevents: news articles in, PLOVER political events out - who did what to whom, when, where, and did it
    really happen, each answer linked to the sentence it came from."""


@main.command("code")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "-o", default=None, help="Write event JSONL to FILE ('-' for stdout) instead of the store.")
@click.option("--column", "columns", multiple=True, help="CSV column mapping NAME=COLUMN, e.g. --column text=body.")
@with_settings("db", "model", "batch_size", "processes", "prefilter", "actors_file", "progress")
@friendly_errors
def code_command(inputs: tuple[str, ...], out: str | None, columns: tuple[str, ...], settings: Settings) -> None:
    """Code INPUTS (files, folders, or - for JSONL on stdin) into events."""
    from geoevents.coding import code

    def warn(error: InputError) -> None:
        click.echo(f"warning: {error}", err=True)

    report = code(inputs, out=out, settings=settings, columns=_parse_columns(columns), on_problem=warn)
    where = "stdout" if out == "-" else report.destination
    click.echo(
        f"{report.articles_read} articles read, {report.articles_coded} coded, {report.articles_unchanged} unchanged, "
        f"{report.sentences} sentences, {report.events} events -> {where} "
        f"({report.seconds:.1f}s, {len(report.problems)} problems)",
        err=True,
    )
    if report.nothing_read:
        raise click.ClickException("nothing could be read from the inputs")


def _parse_columns(pairs: tuple[str, ...]) -> dict[str, str] | None:
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name or not column:
            raise click.BadParameter(f"expected NAME=COLUMN, got {pair!r}", param_hint="--column")
        mapping[name.strip()] = column.strip()
    return mapping or None


def main_entry() -> None:  # pragma: no cover - console script indirection
    main(prog_name="geoevents")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
