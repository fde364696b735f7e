"""The geoevents event store (DuckDB): incremental, crash-safe, deduplicated, queryable, exportable.

from geoevents.store import Store
with Store.open("geoevents.duckdb") as store:
    store.add_articles([(article, events, sentence_spans)])
    store.events(actor="RUS", event="ASSAULT")
    store.count(actor="RUS"); store.summary(quad=4); store.export("events.csv", "csv", actor="RUS")
"""

from geoevents.store.core import Store
from geoevents.store.merge import DEFAULT_WINDOW_DAYS, fact_class
from geoevents.store.rows import text_hash
from geoevents.store.schema import SCHEMA_VERSION
from geoevents.store.writes import AddResult

__all__ = ["DEFAULT_WINDOW_DAYS", "SCHEMA_VERSION", "AddResult", "Store", "fact_class", "text_hash"]
