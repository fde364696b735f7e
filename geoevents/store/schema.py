"""The store's schema as ordered migrations, and the checks that decide whether a file is a geoevents store.

Each migration is a list of SQL statements; `MIGRATIONS[i]` moves a store from version i to version i + 1. The
`meta` table records `application = geoevents` and `schema_version`. A store written by a newer geoevents (a higher
version than this code knows) is refused rather than guessed at.
"""

from __future__ import annotations

import duckdb

from geoevents.errors import StoreCorruptError

APPLICATION = "geoevents"

# Version 1: the first schema. Columns are documented in docs/schema.md; keep both in step.
_V1 = [
    """CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE TABLE runs (
        id VARCHAR PRIMARY KEY, version VARCHAR, started TIMESTAMP, finished TIMESTAMP,
        settings JSON, counts JSON)""",
    """CREATE TABLE articles (
        id VARCHAR PRIMARY KEY, title VARCHAR, date VARCHAR, url VARCHAR, source VARCHAR, origin VARCHAR,
        text VARCHAR, text_hash VARCHAR, events_hash VARCHAR, coded_at TIMESTAMP, run_id VARCHAR)""",
    """CREATE TABLE sentences (
        article_id VARCHAR, sentence_index INTEGER, start INTEGER, "end" INTEGER, text VARCHAR,
        PRIMARY KEY (article_id, sentence_index))""",
    """CREATE TABLE reports (
        id VARCHAR PRIMARY KEY, article_id VARCHAR, sentence_index INTEGER, sentence VARCHAR,
        event VARCHAR, mode VARCHAR, context VARCHAR[], event_text VARCHAR, event_start INTEGER, event_end INTEGER,
        quad_code INTEGER, intensity DOUBLE, date VARCHAR, date_precision VARCHAR,
        location_text VARCHAR, location_name VARCHAR, location_country VARCHAR, location_lat DOUBLE,
        location_lon DOUBLE, location_start INTEGER, location_end INTEGER,
        factuality VARCHAR, fact_class VARCHAR, condition VARCHAR, condition_event_id VARCHAR, reported_by JSON,
        confidence DOUBLE, coder VARCHAR, sentence_start INTEGER, sentence_end INTEGER,
        actor_codes VARCHAR[], recipient_codes VARCHAR[], actor_keys VARCHAR[], recipient_keys VARCHAR[],
        day INTEGER, chain_key VARCHAR, event_key VARCHAR)""",
    """CREATE TABLE event_actors (
        report_id VARCHAR, role VARCHAR, position INTEGER, code VARCHAR, sector VARCHAR, name VARCHAR,
        text VARCHAR, start INTEGER, "end" INTEGER, reason VARCHAR)""",
    """CREATE TABLE merge_blocks (report_id VARCHAR, block VARCHAR)""",
    """CREATE TABLE events (
        event_key VARCHAR PRIMARY KEY, first_report_id VARCHAR, event VARCHAR, mode VARCHAR, quad_code INTEGER,
        intensity DOUBLE, date VARCHAR, date_precision VARCHAR, first_date VARCHAR, last_date VARCHAR,
        location_country VARCHAR, location_name VARCHAR, factuality VARCHAR, fact_class VARCHAR,
        mention_count INTEGER, article_count INTEGER)""",
    """CREATE INDEX reports_article ON reports (article_id)""",
    """CREATE INDEX actors_report ON event_actors (report_id)""",
    """CREATE INDEX blocks_block ON merge_blocks (block)""",
    """CREATE INDEX blocks_report ON merge_blocks (report_id)""",
    """CREATE INDEX reports_chain ON reports (chain_key)""",
]

# Version 2: live monitoring (`geoevents watch`, geoevents/watch/): per-source polling state, the items each source
# has shown (an article seen by two sources has two rows), fired alerts with their deliveries, and named marks
# (how far alerts were evaluated, the watch's heartbeat).
_V2 = [
    """CREATE TABLE watch_sources (
        name VARCHAR PRIMARY KEY, kind VARCHAR, location VARCHAR, every DOUBLE, etag VARCHAR, last_modified VARCHAR,
        last_poll TIMESTAMP, next_poll TIMESTAMP, last_status VARCHAR, last_error VARCHAR, errors INTEGER,
        error_total INTEGER, polls INTEGER, not_modified INTEGER, articles INTEGER, duplicates INTEGER,
        problems INTEGER, last_article TIMESTAMP)""",
    """CREATE TABLE watch_seen (
        source VARCHAR, item VARCHAR, article_id VARCHAR, outcome VARCHAR, url VARCHAR, first_seen TIMESTAMP,
        last_seen TIMESTAMP, PRIMARY KEY (source, item))""",
    """CREATE TABLE alert_firings (
        id VARCHAR PRIMARY KEY, rule VARCHAR, trigger VARCHAR, actor VARCHAR, recipient VARCHAR,
        window_start VARCHAR, window_end VARCHAR, value DOUBLE, baseline DOUBLE, score DOUBLE, threshold DOUBLE,
        event_ids VARCHAR[], events JSON, detail JSON, fired_at TIMESTAMP)""",
    """CREATE TABLE alert_deliveries (
        firing_id VARCHAR, output VARCHAR, status VARCHAR, attempts INTEGER, last_error VARCHAR,
        next_attempt TIMESTAMP, delivered_at TIMESTAMP, PRIMARY KEY (firing_id, output))""",
    """CREATE TABLE watch_marks (key VARCHAR PRIMARY KEY, value VARCHAR, updated TIMESTAMP)""",
    """CREATE INDEX seen_article ON watch_seen (article_id)""",
    """CREATE INDEX firings_rule ON alert_firings (rule)""",
]

MIGRATIONS: list[list[str]] = [_V1, _V2]
SCHEMA_VERSION = len(MIGRATIONS)


def _user_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_catalog = current_database()"
    ).fetchall()
    return {r[0] for r in rows}


def current_version(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """The file's schema version: 0 for an empty database; refuses foreign or damaged files."""
    tables = _user_tables(con)
    if not tables:
        return 0
    if "meta" not in tables:
        raise StoreCorruptError(
            f"{path}: a DuckDB database but not a geoevents store (no meta table; tables: {', '.join(sorted(tables))})"
        )
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("application") != APPLICATION:
        raise StoreCorruptError(f"{path}: not a geoevents store (meta.application = {meta.get('application')!r})")
    try:
        version = int(meta.get("schema_version", ""))
    except ValueError as exc:
        raise StoreCorruptError(f"{path}: invalid schema_version {meta.get('schema_version')!r}") from exc
    if version > SCHEMA_VERSION:
        raise StoreCorruptError(
            f"{path}: schema version {version} is newer than this geoevents understands ({SCHEMA_VERSION}); "
            "upgrade geoevents"
        )
    return version


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Bring the store to SCHEMA_VERSION in one transaction; returns the version it started from."""
    start = current_version(con, path)
    if start == SCHEMA_VERSION:
        return start
    con.execute("BEGIN TRANSACTION")
    try:
        for step in MIGRATIONS[start:]:
            for statement in step:
                con.execute(statement)
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('application', ?), ('schema_version', ?)",
            [APPLICATION, str(SCHEMA_VERSION)],
        )
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        raise
    return start
