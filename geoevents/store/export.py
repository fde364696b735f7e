"""Export stored events: PLOVER JSONL, CSV, Parquet, GraphML, GEXF and a GDELT/CAMEO-style dyadic TSV.

Every format is read back by its usual library in tests/test_export.py. Events are read page by page so an export
of a large store does not hold it all in memory twice.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from geoevents.errors import QueryError
from geoevents.query import EventFilter, as_filter
from geoevents.store.flat import CSV_COLUMNS, csv_row
from geoevents.vocabulary import EXPORT_FORMATS, INTERNATIONAL_CODES, KOSOVO

if TYPE_CHECKING:
    from geoevents.store.core import Store

FORMATS = EXPORT_FORMATS
_PAGE = 2000

DYADIC_COLUMNS = (
    "EventID", "Date", "Actor1Code", "Actor1CountryCode", "Actor1Name", "Actor2Code", "Actor2CountryCode",
    "Actor2Name", "EventCode", "EventMode", "QuadClass", "Intensity", "Factuality", "NumMentions", "NumArticles",
    "SourceURL", "Sentence",
)  # fmt: skip


def _pages(store: Store, flt: EventFilter, reports: bool) -> Iterator[list[dict[str, Any]]]:
    offset = 0
    while True:
        page = store.events(where=flt, limit=_PAGE, offset=offset, reports=reports)
        if not page:
            return
        yield page
        offset += len(page)


@lru_cache(maxsize=4096)
def country_code(code: str | None) -> str:
    """The ISO alpha-3 country of an entity code, or '' for non-state codes (IGO, NGO, ...)."""
    if not code or len(code) != 3 or code in INTERNATIONAL_CODES:
        return ""
    if code == KOSOVO:  # PLOVER's code, which ISO 3166 does not have
        return code
    import pycountry

    return code if pycountry.countries.get(alpha_3=code) else ""


def _side(entity: dict[str, Any] | None) -> tuple[str, str, str]:
    if entity is None:
        return "", "", ""
    code = entity.get("code") or ""
    return code + (entity.get("sector") or "" if code else ""), country_code(code), entity.get("name") or entity["text"]


def dyadic_rows(record: dict[str, Any], url: str | None) -> Iterator[dict[str, Any]]:
    """One row per actor x recipient pair of an event (an empty side still gives rows)."""
    actors: list[dict[str, Any] | None] = list(record["actor"]) or [None]
    recipients: list[dict[str, Any] | None] = list(record["recipient"]) or [None]
    for actor in actors:
        for recipient in recipients:
            a_code, a_country, a_name = _side(actor)
            b_code, b_country, b_name = _side(recipient)
            yield {
                "EventID": record["id"], "Date": (record.get("date") or "").replace("-", ""),
                "Actor1Code": a_code, "Actor1CountryCode": a_country, "Actor1Name": a_name,
                "Actor2Code": b_code, "Actor2CountryCode": b_country, "Actor2Name": b_name,
                "EventCode": record["event"], "EventMode": record.get("mode") or "",
                "QuadClass": record.get("quad_code") or "",
                "Intensity": "" if record.get("intensity") is None else record["intensity"],
                "Factuality": record.get("factuality") or "", "NumMentions": record.get("mention_count", 1),
                "NumArticles": record.get("article_count", 1), "SourceURL": url or "",
                "Sentence": record.get("sentence") or "",
            }  # fmt: skip


@contextmanager
def _text_out(target: str | Path | IO[Any]) -> Iterator[IO[str]]:
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8", newline="") as fh:
            yield fh
    elif isinstance(target, io.TextIOBase) or hasattr(target, "encoding"):
        yield target
    else:
        wrapper = io.TextIOWrapper(target, encoding="utf-8", newline="")
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()


def _binary_target(target: str | Path | IO[Any]) -> Any:
    if isinstance(target, str | Path):
        return str(target)
    return getattr(target, "buffer", target)  # sys.stdout → its byte stream


def _jsonl(store: Store, target: Any, flt: EventFilter, reports: bool, **_: Any) -> int:
    n = 0
    with _text_out(target) as out:
        for page in _pages(store, flt, reports):
            for record in page:
                out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
                n += 1
    return n


def _csv(store: Store, target: Any, flt: EventFilter, reports: bool, **_: Any) -> int:
    """Every field, flattened (geoevents/store/flat.py), with the article's URL."""
    n = 0
    with _text_out(target) as out:
        writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS))
        writer.writeheader()
        for page in _pages(store, flt, reports):
            urls = store.article_urls({r["article_id"] for r in page})
            for record in page:
                writer.writerow(csv_row(record, urls.get(record["article_id"])))
                n += 1
    return n


def _parquet(store: Store, target: Any, flt: EventFilter, reports: bool, **_: Any) -> int:
    """Typed columns, every field (geoevents/store/arrow.py: the schema the cluster output shares)."""
    import pyarrow.parquet as pq

    from geoevents.store.arrow import EVENT_SCHEMA, events_table

    n = 0
    with pq.ParquetWriter(_binary_target(target), EVENT_SCHEMA) as writer:
        for page in _pages(store, flt, reports):
            urls = store.article_urls({r["article_id"] for r in page})
            writer.write_table(events_table({**r, "url": urls.get(r["article_id"])} for r in page))
            n += len(page)
    return n


def _dyadic(store: Store, target: Any, flt: EventFilter, reports: bool, **_: Any) -> int:
    n = 0
    with _text_out(target) as out:
        writer = csv.DictWriter(out, fieldnames=list(DYADIC_COLUMNS), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for page in _pages(store, flt, reports):
            urls = store.article_urls({r["article_id"] for r in page})
            for record in page:
                for row in dyadic_rows(record, urls.get(record["article_id"])):
                    writer.writerow(row)
                    n += 1
    return n


def network_graph(store: Store, min_events: int = 1, where: EventFilter | None = None, **filters: Any) -> Any:
    """The actor network as a networkx DiGraph (nodes: codes; edges weighted by events)."""
    import networkx as nx

    net = store.network(min_events=min_events, where=where, **filters)
    graph = nx.DiGraph()
    for node in net["nodes"]:
        graph.add_node(node["code"], label=node["code"], count=int(node["count"]))
    for edge in net["edges"]:
        attrs = {k: edge[k] for k in ("events", "cooperation", "conflict")}
        if edge["mean_intensity"] is not None:  # GraphML/GEXF cannot hold a null attribute
            attrs["mean_intensity"] = float(edge["mean_intensity"])
        graph.add_edge(edge["source"], edge["target"], weight=float(edge["events"]), **attrs)
    return graph


def _graph(writer_name: str) -> Callable[..., int]:
    def write(store: Store, target: Any, flt: EventFilter, reports: bool, min_events: int = 1, **_: Any) -> int:
        import networkx as nx

        graph = network_graph(store, min_events=min_events, where=flt)
        getattr(nx, writer_name)(graph, _binary_target(target))
        return int(graph.number_of_edges())

    return write


_WRITERS: dict[str, Callable[..., int]] = {
    "plover-jsonl": _jsonl,
    "csv": _csv,
    "parquet": _parquet,
    "graphml": _graph("write_graphml"),
    "gexf": _graph("write_gexf"),
    "dyadic-tsv": _dyadic,
}


def export(store: Store, target: str | Path | IO[Any], format: str, **filters: Any) -> int:
    """Write the events selected by `filters` (or `where=EventFilter`; plus `reports=`, and `min_events=` for
    graphs) to `target`."""
    if format not in _WRITERS:
        raise QueryError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    reports = bool(filters.pop("reports", False))
    min_events = int(filters.pop("min_events", 1))
    flt = as_filter(filters.pop("where", None), **filters)
    return _WRITERS[format](store, target, flt, reports, min_events=min_events)
