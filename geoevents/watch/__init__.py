"""Live monitoring: `geoevents watch` polls news feeds and folders, codes each new article into the store as it
arrives, and raises alerts (`[[alert]]` rules) delivered to stdout, a JSONL file or a webhook.

    from geoevents.watch import watch, alerts, alerts_test
    watch("sources.toml", Settings(db="live.duckdb"), once=True)     # what `geoevents watch --once` does
    alerts(Settings(db="live.duckdb"))                                # what `geoevents alerts` lists
    alerts_test("rules.toml", Settings(db="live.duckdb"))            # what would fire, without delivering

Modules: `config` (the watch file), `rules` (alert rules and outputs), `http` (polite fetching), `sources` (polling
a feed or a folder), `service` (the loop), `alerts` (evaluating rules), `delivery` (outputs), `run` (the functions
above). What the watch keeps in the store lives in `geoevents.store.watch`. Details: docs/watch.md.
"""

from geoevents.watch.config import SourceSpec, WatchConfig, WatchOptions, load_config
from geoevents.watch.rules import AlertRule, Output
from geoevents.watch.run import ServeOptions, alerts, alerts_test, watch
from geoevents.watch.service import WatchReport

__all__ = [
    "AlertRule", "Output", "ServeOptions", "SourceSpec", "WatchConfig", "WatchOptions", "WatchReport", "alerts",
    "alerts_test", "load_config", "watch",
]  # fmt: skip
