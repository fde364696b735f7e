"""Exports keep every field: the CSV of real coded articles read back into the very records the store holds (merged
events and single reports), `--reports` on `geoevents export` and the API, and Parquet with real types."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import geoevents
from geoevents.cli import main
from geoevents.store import Store
from geoevents.store.flat import CSV_COLUMNS, ENTITY_FIELDS, LOCATION_FIELDS, REPORTED_BY_FIELDS, SEPARATOR

INTS = {"quad_code", "event_start", "event_end", "sentence_index", "sentence_start", "sentence_end",
        "mention_count", "article_count"}  # fmt: skip
FLOATS = {"intensity", "confidence"}
SCALARS = ("id", "date", "date_precision", "event", "mode", "quad_code", "intensity", "factuality", "condition",
           "condition_event_id", "event_text", "event_start", "event_end", "sentence", "sentence_index",
           "sentence_start", "sentence_end", "article_id", "confidence", "coder", "mention_count")  # fmt: skip


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory: pytest.TempPathFactory, root_dir: Path, seed_path: Path) -> Path:
    """The examples and the seed article, coded for real into a store: sectors, places with coordinates,
    conditions, reported speech and URLs all occur."""
    folder = tmp_path_factory.mktemp("coded")
    inputs = folder / "inputs"
    shutil.copytree(root_dir / "examples", inputs)
    shutil.copy(seed_path, inputs / seed_path.name)
    db = folder / "coded.duckdb"
    report = geoevents.code([inputs], settings=geoevents.Settings(db=str(db), progress=False))
    assert report.articles_coded >= 12 and not report.problems
    return db


def _number(text: str, kind: type) -> Any:
    return None if text == "" else kind(text)


def _split(cell: str) -> list[str]:
    return cell.split(SEPARATOR) if cell else []


def _entities(row: dict[str, str], role: str) -> list[dict[str, Any]]:
    reasons = json.loads(row[f"{role}_reasons"]) if row[f"{role}_reasons"] else []
    # One item per entity in every list, empty when the entity has no such value ("" is one empty item).
    columns = {field: row[f"{role}_{field}s"].split(SEPARATOR) if reasons else [] for field in ENTITY_FIELDS}
    assert all(len(values) == len(reasons) for values in columns.values())
    entities = []
    for i, reason in enumerate(reasons):
        entity = {field: (columns[field][i] or None) for field in ENTITY_FIELDS}
        entity.update(start=_number(columns["start"][i], int), end=_number(columns["end"][i], int), reason=reason)
        entities.append(entity)
    return entities


def record_from_row(row: dict[str, str]) -> dict[str, Any]:
    """Rebuild an event record (without its evidence) from a CSV row: the inverse of `flat.csv_row`."""
    record: dict[str, Any] = {}
    for name in SCALARS:
        value = row[name]
        kind = int if name in INTS else float if name in FLOATS else None
        record[name] = _number(value, kind) if kind else value or None
    record["context"] = _split(row["context"])
    record["actor"], record["recipient"] = _entities(row, "actor"), _entities(row, "recipient")
    source = {field: row[f"reported_by_{field}"] or None for field in REPORTED_BY_FIELDS}
    if any(source.values()):
        source.update(start=_number(row["reported_by_start"], int), end=_number(row["reported_by_end"], int),
                      reason=row["reported_by_reason"] or None)  # fmt: skip
    record["reported_by"] = source if any(source.values()) else None
    place = {field: row[f"location_{field}"] or None for field in LOCATION_FIELDS}
    place.update(lat=_number(row["location_lat"], float), lon=_number(row["location_lon"], float),
                 start=_number(row["location_start"], int), end=_number(row["location_end"], int))  # fmt: skip
    record["location"] = place if place["text"] is not None else None
    return record


def _expected(record: dict[str, Any]) -> dict[str, Any]:
    keep = {*SCALARS, "context", "actor", "recipient", "reported_by", "location"}
    return {k: v for k, v in record.items() if k in keep}


@pytest.mark.parametrize("reports", [False, True])
def test_csv_reads_back_every_field(coded_db: Path, tmp_path: Path, reports: bool) -> None:
    path = tmp_path / "events.csv"
    with Store.open(coded_db, read_only=True) as store:
        n = store.export(path, "csv", reports=reports)
        records = {r["id"]: r for r in store.events(limit=None, reports=reports)}
        urls = store.article_urls({r["article_id"] for r in records.values()})
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert n == len(rows) == len(records)
    for row in rows:
        record = records[row["id"]]
        assert record_from_row(row) == _expected(record)
        assert row["url"] == (urls[record["article_id"]] or "")
        assert row["event_key"] == record.get("event_key", record["id"])
        ids = [e["event_id"] for e in record["evidence"]] if not reports else [record["id"]]
        assert row["report_ids"].split(SEPARATOR) == ids
        if not reports:
            assert (row["first_date"], row["last_date"]) == (record["first_date"] or "", record["last_date"] or "")
            assert int(row["article_count"]) == record["article_count"]
    # The fields the issue named are not just present but filled somewhere in real data.
    for column in ("actor_sectors", "location_lat", "location_lon", "location_country", "condition",
                   "reported_by_code", "url", "context"):  # fmt: skip
        assert any(row[column].strip(SEPARATOR) for row in rows), column


def test_export_command_takes_reports(coded_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    with Store.open(coded_db, read_only=True) as store:
        merged, reports = store.count(), store.count(reports=True)
    assert reports > merged  # some events are reported more than once
    for flag, expected in (([], merged), (["--reports"], reports)):
        out = tmp_path / f"e{len(flag)}.jsonl"
        result = runner.invoke(main, ["export", "--db", str(coded_db), "--out", str(out), *flag])
        assert result.exit_code == 0, result.output
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(lines) == expected
        assert all(("event_key" in line) == bool(flag) for line in lines)


def _iso(value: Any) -> Any:
    """Dates read from Parquet back to the ISO text records carry, at any depth."""
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize("reports", [False, True])
def test_parquet_keeps_every_field_with_real_types(coded_db: Path, tmp_path: Path, reports: bool) -> None:
    path = tmp_path / "events.parquet"
    with Store.open(coded_db, read_only=True) as store:
        n = store.export(path, "parquet", reports=reports)
        records = {r["id"]: r for r in store.events(limit=None, reports=reports)}
        urls = store.article_urls({r["article_id"] for r in records.values()})
    table = pq.read_table(path)
    assert table.num_rows == n == len(records)
    schema = table.schema
    for role in ("actor", "recipient"):
        assert pa.types.is_list(schema.field(role).type)
        assert pa.types.is_struct(schema.field(role).type.value_type)
    assert pa.types.is_list(schema.field("context").type)
    for name in ("date", "first_date", "last_date"):
        assert pa.types.is_date(schema.field(name).type)
    for name in ("lat", "lon"):
        assert pa.types.is_floating(schema.field("location").type.field(name).type)
    assert pa.types.is_struct(schema.field("reported_by").type)
    rows = table.to_pylist()
    assert sorted(row["id"] for row in rows) == sorted(records)
    for row in rows:
        record = records[row["id"]]
        # Every field of the record comes back equal (structs carry every key, so compare key by key).
        for name, value in record.items():
            if name in schema.names:
                assert _iso(row[name]) == _structs_filled(value, _iso(row[name])), name
        assert row["url"] == urls[record["article_id"]]
    # The fields the issue named are not just present but filled somewhere in real data.
    assert any(a["sector"] for row in rows for a in row["actor"])
    assert any(row["location"] and row["location"]["lat"] is not None for row in rows)
    assert any(row["condition"] for row in rows) and any(row["reported_by"] for row in rows)
    assert any(row["url"] for row in rows) and any(row["context"] for row in rows)


def _structs_filled(value: Any, like: Any) -> Any:
    """`value` with the keys a Parquet struct adds (as null) where the record had none; a key of the record that
    the struct lacks fails the test (a field lost)."""
    if isinstance(value, dict) and isinstance(like, dict):
        assert set(value) <= set(like), set(value) - set(like)
        return {k: _structs_filled(value.get(k), like[k]) for k in like}
    if isinstance(value, list) and isinstance(like, list) and len(value) == len(like):
        return [_structs_filled(v, w) for v, w in zip(value, like, strict=True)]
    return value
