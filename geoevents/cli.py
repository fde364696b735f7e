"""The command line: each command is a thin wrapper over the library function of the same name.

Options that are settings come from `geoevents.settings.Settings` (help text included), so the CLI, the config
file, the environment and the Python API agree. A GeoeventsError becomes a one-line message and exit status 1;
a user never sees a traceback for their own mistake.

Long because it is the one place every command's wrapper lives: each is a few lines of options and output over a
library function, and splitting them apart would scatter the shared option and error handling.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import Field, fields
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

import click

from geoevents import __version__
from geoevents.errors import ConfigError, GeoeventsError, InputError
from geoevents.settings import Settings
from geoevents.vocabulary import EXPORT_FORMATS, QUAD_NAMES

F = TypeVar("F", bound=Callable[..., Any])


# --- settings as options ------------------------------------------------------------------------------------------


def _value_type(hint: Any) -> Any:
    """The type a setting holds, without `| None`: bool, int, str or tuple."""
    args = [a for a in get_args(hint) if a is not type(None)]
    if get_origin(hint) in (Union, UnionType) and len(args) == 1:
        hint = args[0]
    return get_origin(hint) or hint


def setting_option(spec: Field[Any], hint: Any) -> Callable[[F], F]:
    """The click option of one Settings field: `--name-with-dashes`, its help text, typed from its annotation.

    A switch that is off by default is turned on by naming it (`--read-only`); one that is on by default, or
    decided at run time (None), gets an on/off pair (`--prefilter/--no-prefilter`). A tuple is given by repeating
    the option. The default is always None (or empty): "not given", so the config file and environment apply.
    """
    flag = "--" + spec.name.replace("_", "-")
    help_text = spec.metadata.get("help", "")
    kind = _value_type(hint)
    path = click.Path() if spec.metadata.get("files") else None
    if kind is bool and spec.default is False:
        return click.option(flag, spec.name, is_flag=True, default=None, help=help_text)
    if kind is bool:
        return click.option(f"{flag}/--no-{flag[2:]}", spec.name, default=None, help=help_text)
    if kind is tuple:
        return click.option(flag, spec.name, multiple=True, type=path or str, help=help_text)
    return click.option(flag, spec.name, type=path or kind, default=None, help=help_text)


def setting_options() -> dict[str, Callable[[F], F]]:
    """Every Settings field meant for the command line, as its click option."""
    hints = get_type_hints(Settings)
    return {f.name: setting_option(f, hints[f.name]) for f in fields(Settings) if f.metadata.get("cli", True)}


SETTING_OPTIONS = setting_options()


def with_settings(*names: str) -> Callable[[F], F]:
    """Add the named Settings fields as options; the command receives a `settings` argument built from them."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, config: str | None = None, **kwargs: Any) -> Any:
            overrides = {name: kwargs.pop(name) for name in names}
            kwargs["settings"] = Settings.load(config, **overrides)
            return func(*args, **kwargs)

        for name in reversed(names):
            wrapper = SETTING_OPTIONS[name](wrapper)
        wrapper = click.option("--config", type=click.Path(), default=None, help="Config file (TOML).")(wrapper)
        return wrapper  # type: ignore[return-value]

    return decorate


class SetupError(click.ClickException):
    """A setting or the environment is wrong (e.g. an optional extra is missing): one line, exit status 2."""

    exit_code = 2


def friendly_errors(func: F) -> F:
    """Turn geoevents' own errors into a message and exit status 1 (2 for a setting or a missing extra)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            raise SetupError(str(exc)) from exc
        except GeoeventsError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def emit(data: Any, as_json: bool, report: Callable[[Any], str]) -> None:
    """Print a command's result: as JSON (`--json`), else as its text report."""
    if as_json:
        emit_json(data)
    else:
        click.echo(report(data))


# --- commands -------------------------------------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="geoevents")
def main() -> None:
    """geoevents: news articles in, PLOVER political events out - who did what to whom, when, where, and did it
    really happen, each answer linked to the sentence it came from."""


@main.command("code")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out", "-o", default=None,
    help="Write event JSONL to FILE ('-' for stdout) instead of the store; with --engine ray, coded Parquet to DIR.",
)  # fmt: skip
@click.option("--column", "columns", multiple=True, help="CSV column mapping NAME=COLUMN, e.g. --column text=body.")
@with_settings("db", "model", "batch_size", "processes", "prefilter", "table_components", "actors_file", "progress",
               "store_batch", "date_order", "engine", "address", "ray_actors", "ray_cpus_per_actor",
               "ray_batch_size")
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
        f"({report.seconds:.1f}s, {len(report.problems)} problems, {len(report.warnings)} warnings)",
        err=True,
    )
    if report.nothing_read:
        raise click.ClickException("nothing could be read from the inputs")


@main.command("load")
@click.argument("source")
@with_settings("db", "store_batch", "progress")
@friendly_errors
def load_command(source: str, settings: Settings) -> None:
    """Merge the coded Parquet of `geoevents code --engine ray --out SOURCE` into the store (idempotent)."""
    from geoevents.distributed.load import load

    report = load(source, settings)
    click.echo(
        f"{report.articles_read} articles in {report.batches} batches: {report.added} added, {report.replaced} "
        f"replaced, {report.unchanged} unchanged, {report.reports} event reports -> {report.destination} "
        f"({report.seconds:.1f}s, {report.errors} errors listed in the output)",
        err=True,
    )


@main.command("recode")
@with_settings("db", "model", "batch_size", "processes", "prefilter", "table_components", "actors_file", "progress",
               "store_batch")
@friendly_errors
def recode_command(settings: Settings) -> None:
    """Re-code the stored articles with the current lexicons and knowledge (no sources needed)."""
    from geoevents.coding import recode

    report = recode(settings)
    click.echo(
        f"{report.articles_read} stored articles re-coded: {report.articles_coded} changed, "
        f"{report.articles_unchanged} unchanged, {report.events} events ({report.seconds:.1f}s)",
        err=True,
    )


def _parse_columns(pairs: tuple[str, ...]) -> dict[str, str] | None:
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name or not column:
            raise click.BadParameter(f"expected NAME=COLUMN, got {pair!r}", param_hint="--column")
        mapping[name.strip()] = column.strip()
    return mapping or None


# --- exploring the store ----------------------------------------------------------------------------------------

EVENT_FILTERS = (
    click.option("--actor", default=None, help="Actor code (RUS) or name; comma-separated for any of several."),
    click.option("--recipient", default=None, help="Recipient code or name."),
    click.option("--event", "event", default=None, help="PLOVER category, e.g. ASSAULT or ASSAULT,COERCE."),
    click.option("--quad", type=click.IntRange(1, 4), default=None, help="Quad class 1-4."),
    click.option("--factuality", default=None, help="asserted, negated, hypothetical, future, conditional, ..."),
    click.option("--since", default=None, help="Events on or after this date (YYYY-MM-DD)."),
    click.option("--until", default=None, help="Events on or before this date (YYYY-MM-DD)."),
    click.option("--text", default=None, help="Sentence contains this text."),
)


def event_filters(func: F) -> F:
    for option in reversed(EVENT_FILTERS):
        func = option(func)
    return func


def _codes(entities: list[dict[str, Any]]) -> str:
    return ",".join(sorted({(e.get("code") or "?") + (e.get("sector") or "") for e in entities})) or "-"


def format_event_row(event: dict[str, Any]) -> str:
    mode = f"/{event['mode']}" if event.get("mode") else ""
    fact = event.get("factuality") or "asserted"
    count = event.get("mention_count")
    reports = f" x{count}" if count and count > 1 else ""
    sentence = " ".join((event.get("sentence") or "").split())
    if len(sentence) > 90:
        sentence = sentence[:87] + "..."
    return (
        f"{event.get('date') or '?':10}  {_codes(event.get('actor') or []):14} {event['event'] + mode:22} "
        f"{_codes(event.get('recipient') or []):14} {fact:12}{reports}  {sentence}"
    )


@main.command("events")
@event_filters
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--reports", is_flag=True, help="One row per report instead of one per merged event.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON records.")
@with_settings("db")
@friendly_errors
def events_command(settings: Settings, as_json: bool, **filters: Any) -> None:
    """Stored events as a table, filtered by actor, recipient, event, quad, factuality, date range, text."""
    from geoevents.explore import events

    rows = events(settings, **filters)
    if as_json:
        emit_json(rows)
        return
    click.echo(f"{'date':10}  {'actor':14} {'event':22} {'recipient':14} {'factuality':12}  sentence")
    for row in rows:
        click.echo(format_event_row(row))
    click.echo(f"({len(rows)} events)", err=True)


@main.command("summary")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_settings("db")
@friendly_errors
def summary_command(settings: Settings, as_json: bool) -> None:
    """Counts by category, quad class and the top dyads."""
    from geoevents.explore import summary

    emit(summary(settings), as_json, format_summary)


def format_summary(data: dict[str, Any]) -> str:
    lines = [
        f"{data.get('articles', 0)} articles, {data.get('sentences', 0)} sentences, "
        f"{data.get('events', 0)} events from {data.get('reports', 0)} reports",
        "",
        "Events by category:",
    ]
    lines += [f"  {name:10} {count:>6}" for name, count in (data.get("by_category") or {}).items()]
    lines += ["", "Events by quad class:"]
    for quad, count in sorted((data.get("by_quad") or {}).items()):
        lines.append(f"  {quad} {QUAD_NAMES.get(int(quad), '?'):22} {count:>6}")
    lines += ["", "Did it happen? (events by factuality):"]
    lines += [f"  {name:12} {count:>6}" for name, count in (data.get("by_factuality") or {}).items()]
    lines += ["", "Top dyads (actor -> recipient):"]
    for row in data.get("top_dyads") or []:
        lines.append(f"  {row.get('actor') or '?':>5} -> {row.get('recipient') or '?':5} {row.get('events', 0):>6}")
    return "\n".join(lines)


@main.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="plover-jsonl",
    show_default=True,
)
@click.option("--out", "-o", default="-", show_default=True, help="Output file ('-' for stdout, text formats only).")
@event_filters
@with_settings("db")
@friendly_errors
def export_command(settings: Settings, fmt: str, out: str, **filters: Any) -> None:
    """Export stored events as PLOVER JSONL, CSV, Parquet, GraphML, GEXF or dyadic TSV."""
    from geoevents.explore import export

    if out == "-" and fmt in ("parquet", "graphml", "gexf"):
        raise click.UsageError(f"--format {fmt} needs --out FILE")
    destination: Any = sys.stdout if out == "-" else out
    count = export(destination, format=fmt, settings=settings, **{k: v for k, v in filters.items() if v is not None})
    click.echo(f"{count} records -> {out}", err=True)


# --- actors, evaluation, benchmark, server -------------------------------------------------------------------------


@main.command("resolve")
@click.argument("text")
@click.option("--date", default=None, help="The article date (YYYY-MM-DD): people resolve by their role then.")
@click.option("--context", default=None, help="The sentence the mention comes from.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_settings("actors_file")
@friendly_errors
def resolve_command(text: str, date: str | None, context: str | None, as_json: bool, settings: Settings) -> None:
    """Resolve an actor mention to a country code and sector, and say why."""
    from geoevents.actors import ActorResolver

    resolver = ActorResolver.load(extra_files=settings.actors_file)
    _warn_skipped(resolver)
    entity = resolver.resolve(text, context=context, date=date)
    if as_json:
        emit_json(entity.to_dict() if entity else None)
        return
    if entity is None:
        click.echo(f"{text!r}: no political actor")
        return
    click.echo(f"{text!r} -> {entity.code or '---'} {entity.sector or '---'}  {entity.name or ''}")
    click.echo(f"  because: {entity.reason}")


def _warn_skipped(resolver: Any) -> None:
    """Malformed lines of users' actor dictionaries were skipped: say which."""
    for problem in resolver.knowledge.problems:
        click.echo(f"warning: {problem} (line skipped)", err=True)


@main.group("eval")
def eval_group() -> None:
    """Measure accuracy on gold data."""


part_option = click.option(
    "--part", type=click.Choice(["tune", "test", "all"]), default="all", show_default=True,
    help="Score only this part of the split of the dev files (docs/evaluation.md).",
)


@eval_group.command("actors")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--errors", is_flag=True, help="List the misses.")
@part_option
@with_settings("actors_file")
@friendly_errors
def eval_actors_command(path: str, as_json: bool, errors: bool, part: str, settings: Settings) -> None:
    """Actor resolution accuracy on a file in the actors_dev.jsonl format."""
    from geoevents.actors import ActorResolver
    from geoevents.eval.actors import evaluate_actors, format_actor_report

    resolver = ActorResolver.load(extra_files=settings.actors_file)
    _warn_skipped(resolver)
    emit(evaluate_actors(path, resolver=resolver, errors=errors, part=part), as_json, format_actor_report)


@eval_group.command("plover")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--errors", is_flag=True, help="List the misses.")
@part_option
@with_settings("model", "prefilter", "table_components", "actors_file")
@friendly_errors
def eval_plover_command(path: str, as_json: bool, errors: bool, part: str, settings: Settings) -> None:
    """Event coding accuracy on a PLOVER gold-standard file."""
    from geoevents.eval.plover import evaluate_plover, format_plover_report

    emit(evaluate_plover(path, settings=settings, errors=errors, part=part), as_json, format_plover_report)


@eval_group.command("quad")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--errors", is_flag=True, help="List the misses.")
@part_option
@with_settings("model", "batch_size", "processes", "prefilter", "table_components", "actors_file")
@friendly_errors
def eval_quad_command(path: str, as_json: bool, errors: bool, part: str, settings: Settings) -> None:
    """Quad-class and actor-span accuracy on CAMEO quad-coded sentences (the conflibert_dev.jsonl format)."""
    from geoevents.eval.quad import evaluate_quad, format_quad_report

    emit(evaluate_quad(path, settings=settings, part=part, errors=errors), as_json, format_quad_report)


@eval_group.command("stories")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--errors", is_flag=True, help="List the stories whose category is not the top one.")
@part_option
@with_settings("model", "batch_size", "processes", "prefilter", "table_components", "actors_file")
@friendly_errors
def eval_stories_command(path: str, as_json: bool, errors: bool, part: str, settings: Settings) -> None:
    """Category recall on stories written to report one category (the stories_dev.jsonl format)."""
    from geoevents.eval.stories import evaluate_stories, format_stories_report

    emit(evaluate_stories(path, settings=settings, part=part, errors=errors), as_json, format_stories_report)


@main.command("bench")
@click.argument("corpus", type=click.Path(exists=True))
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the first N articles.")
@click.option("--store", "with_store", is_flag=True, help="Also measure coding into a temporary store.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_settings("model", "batch_size", "processes", "prefilter", "table_components", "engine", "ray_batch_size",
               "ray_cpus_per_actor")
@friendly_errors
def bench_command(corpus: str, limit: int | None, with_store: bool, as_json: bool, settings: Settings) -> None:
    """Speed and peak memory of geoevents against bare spaCy on CORPUS (--engine ray: Ray with 1 and 2 actors
    against one process and the two-process pool)."""
    from geoevents.benchmarks import bench, format_bench

    result = bench(corpus, limit=limit, processes=settings.processes, settings=settings, store=with_store)
    emit(result, as_json, format_bench)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token", default=None, envvar="GEOEVENTS_TOKEN", help="Bearer token for POST /api/articles.")
@with_settings("db", "model", "actors_file", "read_only")
@friendly_errors
def serve_command(host: str, port: int, token: str | None, settings: Settings) -> None:
    """The HTTP API and the dashboard."""
    from geoevents.server import serve

    click.echo(f"geoevents dashboard on http://{host}:{port}/  (API docs: /docs)", err=True)
    serve(settings, host=host, port=port, token=token)


def main_entry() -> None:  # pragma: no cover - console script indirection
    main(prog_name="geoevents")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
