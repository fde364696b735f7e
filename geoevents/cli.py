"""The command line: each command is a thin wrapper over the library function of the same name.

Options that are settings come from `geoevents.settings.Settings` (help text included), so the CLI, the config
file, the environment and the Python API agree. A GeoeventsError - a mistyped path or filter value, a bad setting
or config file, a busy store, a port in use - becomes a one-line message and exit status 2, wherever it is raised
(reading the settings included): a user never sees a traceback for their own mistake.

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
from geoevents.errors import GeoeventsError, InputError
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


class UserMistake(click.ClickException):
    """One of geoevents' own errors on the command line: its message on one line, exit status 2 (click's status for
    a usage error), no traceback."""

    exit_code = 2

    def __init__(self, error: GeoeventsError) -> None:
        super().__init__(" ".join(str(error).split()))


class Commands(click.Group):
    """The command group. Its commands' GeoeventsErrors, raised anywhere - while the settings are read, before the
    command runs, or inside it - end the command as a UserMistake."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GeoeventsError as exc:
            raise UserMistake(exc) from exc


def friendly_errors(func: F) -> F:
    """Turn geoevents' own errors raised by `func` into a UserMistake (the `Commands` group does it for every
    command too; this keeps a command right when it is called on its own)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GeoeventsError as exc:
            raise UserMistake(exc) from exc

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


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
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
               "ray_batch_size", "min_confidence", "wait")
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
@with_settings("db", "store_batch", "progress", "wait")
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
               "store_batch", "min_confidence", "wait")
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
    click.option("--mode", default=None, help="PLOVER mode, e.g. aerial or visit,phone."),
    click.option("--quad", default=None, help="Quad class 1-4, or several: 3,4."),
    click.option(
        "--factuality",
        default=None,
        help="asserted, negated, hypothetical, future, conditional or historical (comma-separated for several); a "
        "merged event has the most certain factuality of its reports.",
    ),
    click.option("--since", default=None, help="Events on or after this date (YYYY-MM-DD)."),
    click.option("--until", default=None, help="Events on or before this date (YYYY-MM-DD)."),
    click.option("--text", default=None, help="Sentence contains this text."),
    click.option("--min-confidence", "min_confidence", type=click.FloatRange(0, 1), default=None,
                 help="Only events coded with at least this confidence (0-1)."),
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
@with_settings("db", "wait")
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
@with_settings("db", "wait")
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
@click.option("--reports", is_flag=True, help="One record per report instead of one per merged event.")
@with_settings("db", "wait")
@friendly_errors
def export_command(settings: Settings, fmt: str, out: str, reports: bool, **filters: Any) -> None:
    """Export stored events as PLOVER JSONL, CSV, Parquet, GraphML, GEXF or dyadic TSV."""
    from geoevents.explore import export

    if out == "-" and fmt in ("parquet", "graphml", "gexf"):
        raise click.UsageError(f"--format {fmt} needs --out FILE")
    destination: Any = sys.stdout if out == "-" else out
    chosen = {k: v for k, v in filters.items() if v is not None}
    count = export(destination, format=fmt, settings=settings, reports=reports, **chosen)
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
@with_settings("model", "prefilter", "table_components", "actors_file", "min_confidence")
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
@with_settings("db", "model", "actors_file", "read_only", "min_confidence", "wait", "cached_answers")
@friendly_errors
def serve_command(host: str, port: int, token: str | None, settings: Settings) -> None:
    """The HTTP API and the dashboard over an existing store. Other geoevents commands may read and write the same
    store meanwhile: the server lets go of the file whenever another process asks for it."""
    from geoevents.server import serve

    def listening(url: str) -> None:
        click.echo(f"geoevents dashboard on {url}  (API docs: {url}docs; Ctrl-C stops it)", err=True)

    serve(settings, host=host, port=port, token=token, on_listening=listening)


# --- live monitoring ----------------------------------------------------------------------------------------------


def _log_to_stderr() -> None:
    """The watch reports what it does as timestamped lines on stderr (stdout stays for alert output)."""
    import logging

    logger = logging.getLogger("geoevents.watch")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%Y-%m-%d %H:%M:%S"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


@main.command("watch")
@click.argument("watch_file", type=click.Path(dir_okay=False))
@click.option("--once", is_flag=True, help="Poll every source once, code what is new, deliver the alerts, exit (cron).")
@click.option("--serve", "with_dashboard", is_flag=True,
              help="Also serve the dashboard and API from this process, over the store it writes.")  # fmt: skip
@click.option("--host", default="127.0.0.1", show_default=True, help="With --serve: the address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="With --serve.")
@click.option("--token", default=None, envvar="GEOEVENTS_TOKEN", help="With --serve: bearer token for writes.")
@with_settings("db", "model", "batch_size", "prefilter", "table_components", "actors_file")
@friendly_errors
def watch_command(
    watch_file: str, once: bool, with_dashboard: bool, host: str, port: int, token: str | None, settings: Settings
) -> None:
    """Poll the feeds and folders of WATCH_FILE (TOML), code new articles into the store, fire and deliver alerts.

    Runs until SIGTERM or Ctrl-C (the article in hand is finished first), or with --once until every source was
    polled once. Alerts printed to stdout are JSON lines; the log goes to stderr."""
    from geoevents.watch import ServeOptions, watch

    _log_to_stderr()
    dashboard = ServeOptions(host, port, token) if with_dashboard else None
    report = watch(watch_file, settings, once=once, serve=dashboard)
    click.echo(
        f"{report.polls} polls ({report.not_modified} not modified, {report.errors} failed), {report.articles} "
        f"articles coded ({report.events} events), {report.known + report.duplicates} already stored, "
        f"{report.alerts} alerts ({report.delivered} deliveries done, {report.pending_deliveries} pending) "
        f"in {report.seconds:.1f}s",
        err=True,
    )


def format_alert(alert: dict[str, Any]) -> str:
    dyad = f" {alert['actor']}->{alert['recipient']}" if alert.get("actor") else ""
    baseline = ""
    if alert.get("baseline") is not None:
        baseline = f" against {alert['baseline']:g} (score {alert['score']:g})"
    window = alert["window_start"] if alert["window_start"] == alert["window_end"] else \
        f"{alert['window_start']}..{alert['window_end']}"  # fmt: skip
    fired = f"{alert['fired_at']}  " if alert.get("fired_at") else ""
    head = f"{fired}{alert['rule']} ({alert['trigger']}) {window}{dyad}: value {alert['value']:g}{baseline}, " \
        f"{len(alert['event_ids'])} event(s)"  # fmt: skip
    states = ", ".join(f"{d['output']} {d['status']}" for d in alert.get("deliveries") or [])
    lines = [head + (f"  [{states}]" if states else "")]
    for event in alert.get("events", [])[:5]:
        sentence = " ".join((event.get("sentence") or "").split())
        lines.append(f"    {event.get('date') or '?':10} {event.get('event') or '':10} "
                     f"{','.join(event.get('actor') or []) or '-'}->{','.join(event.get('recipient') or []) or '-'}  "
                     f"{sentence[:80]}  ({event.get('id')})")  # fmt: skip
    return "\n".join(lines)


@main.group("alerts", invoke_without_command=True)
@click.option("--rule", default=None, help="Only the alerts of this rule.")
@click.option("--limit", type=click.IntRange(1, 10000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_settings("db")
@friendly_errors
@click.pass_context
def alerts_group(ctx: click.Context, rule: str | None, limit: int, as_json: bool, settings: Settings) -> None:
    """Fired alerts, latest first, with their events and deliveries (`alerts test RULES.toml` to tune rules)."""
    if ctx.invoked_subcommand is not None:
        return
    from geoevents.watch import alerts

    data = alerts(settings, rule=rule, limit=limit)
    emit(data, as_json, lambda d: "\n".join([format_alert(a) for a in d["alerts"]]
                                              + [f"({len(d['alerts'])} of {d['total']} alerts)"]))  # fmt: skip


@alerts_group.command("test")
@click.argument("rules_file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_settings("db")
@friendly_errors
def alerts_test_command(rules_file: str, as_json: bool, settings: Settings) -> None:
    """Evaluate the [[alert]] rules of RULES_FILE over the stored events, without storing or delivering."""
    from geoevents.watch import alerts_test

    def report(data: dict[str, Any]) -> str:
        lines = []
        for name, count in data["rules"].items():
            lines.append(f"{name}: would fire for {count} window(s)")
            for firing in (f for f in data["firings"] if f["rule"] == name):
                mark = " (already fired)" if firing["fired"] else ""
                lines.append("  " + format_alert({**firing, "fired_at": None}).strip() + mark)
        return "\n".join(lines)

    emit(alerts_test(rules_file, settings), as_json, report)


def main_entry() -> None:  # pragma: no cover - console script indirection
    main(prog_name="geoevents")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
