"""Every export format, read back with the library its users would use."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from geoevents.benchmarks.store import synthetic_items
from geoevents.errors import QueryError
from geoevents.store import Store
from geoevents.store.arrow import EVENT_COLUMNS, EVENT_SCHEMA, event_dict
from geoevents.store.export import DYADIC_COLUMNS, country_code
from geoevents.store.flat import CSV_COLUMNS
from tests.test_store import scenario


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "export.duckdb") as s:
        s.add_articles(scenario())
        s.add_articles(synthetic_items(30))
        yield s


@pytest.mark.parametrize("reports", [False, True])
def test_plover_jsonl(store: Store, tmp_path: Path, reports: bool) -> None:
    path = tmp_path / "events.jsonl"
    n = store.export(path, "plover-jsonl", reports=reports)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert n == len(lines) == store.count(reports=reports)
    assert len({r["id"] for r in lines}) == n
    for record in lines:
        assert {"id", "event", "actor", "recipient", "sentence", "factuality", "mention_count"} <= set(record)
    if not reports:
        assert sum(r["mention_count"] for r in lines) == store.count(reports=True)


def test_jsonl_to_a_stream_with_filters(store: Store) -> None:
    out = io.StringIO()
    n = store.export(out, "plover-jsonl", actor="RUS", event="ASSAULT", since="2024-03-01", until="2024-03-31")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == len(records) == 4
    assert all(r["event"] == "ASSAULT" for r in records)


def test_csv(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    n = store.export(path, "csv")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert n == len(rows) == store.count()
    assert list(rows[0]) == list(CSV_COLUMNS)
    merged = next(r for r in rows if r["mention_count"] == "4")
    assert merged["actor_codes"] == "RUS" and merged["recipient_codes"] == "UKR"
    assert len(merged["report_ids"].split(";")) == 4


@pytest.mark.parametrize("reports", [False, True])
def test_parquet_keeps_every_field_typed(store: Store, tmp_path: Path, reports: bool) -> None:
    path = tmp_path / "events.parquet"
    n = store.export(path, "parquet", reports=reports)
    table = pq.read_table(path)
    assert table.num_rows == n == store.count(reports=reports)
    assert table.schema == EVENT_SCHEMA
    for name in ("date", "first_date", "last_date"):
        assert pa.types.is_date32(table.schema.field(name).type)
    assert pa.types.is_struct(table.schema.field("actor").type.value_type)
    records = {r["id"]: r for r in store.events(limit=None, reports=reports)}
    urls = store.article_urls({r["article_id"] for r in records.values()})
    rows = table.to_pylist()
    assert sorted(row["id"] for row in rows) == sorted(records)
    for row in rows:
        record = records[row["id"]]
        assert event_dict(row) == {name: record.get(name) for name in EVENT_COLUMNS}  # every field of the event
        for name in ("event_key", "mention_count", "article_count", "first_date", "last_date"):
            value = row[name]
            assert (value.isoformat() if hasattr(value, "isoformat") else value) == record.get(name)
        assert row["evidence"] == (record.get("evidence") or None)
        assert row["url"] == urls.get(record["article_id"])
    assert table.schema.field("location").type.field("lat").type == pa.float64()


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphs(store: Store, tmp_path: Path, fmt: str, reader) -> None:
    path = tmp_path / f"network.{fmt}"
    n = store.export(path, fmt)
    graph = reader(path)
    net = store.network()
    assert n == graph.number_of_edges() == len(net["edges"])
    assert set(graph.nodes) == {node["code"] for node in net["nodes"]}
    rus_ukr = graph.get_edge_data("RUS", "UKR")
    expected = next(e for e in net["edges"] if (e["source"], e["target"]) == ("RUS", "UKR"))
    assert float(rus_ukr["weight"]) == expected["events"]
    assert int(rus_ukr["conflict"]) == expected["conflict"]


def test_dyadic_tsv(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.tsv"
    n = store.export(path, "dyadic-tsv")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert n == len(rows)
    assert list(rows[0]) == list(DYADIC_COLUMNS)
    kharkiv = [r for r in rows if r["NumMentions"] == "4"]
    assert len(kharkiv) == 1
    row = kharkiv[0]
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor2Code"]) == ("RUS", "RUS", "UKR")
    assert row["Date"] == "20240301" and row["EventCode"] == "ASSAULT" and row["QuadClass"] == "4"
    assert row["NumArticles"] == "3" and row["SourceURL"] == "https://example.org/k1"
    synthetic = next(r for r in rows if r["EventID"] and r["Actor1Code"].endswith("GOV"))
    assert synthetic["Actor1Code"][:3] == synthetic["Actor1CountryCode"]


@pytest.mark.parametrize(("code", "country"), [("RUS", "RUS"), ("KOS", "KOS"), ("IGO", ""), ("XYZ", ""), (None, "")])
def test_country_code(code: str | None, country: str) -> None:
    assert country_code(code) == country


def test_unknown_format(store: Store, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="unknown export format"):
        store.export(tmp_path / "x", "xlsx")
