"""The library functions behind `geoevents watch`, `geoevents alerts` and `geoevents alerts test`.

`watch` holds the store for as long as it runs: DuckDB lets one process write a file, and nobody else may even read
it meanwhile. To see the dashboard while watching, run it inside the watch (`serve=ServeOptions(...)`, the CLI's
`--serve`): it shares the watch's open store and lock. `geoevents serve` on the same file waits for the watch to
stop (and `watch` for `serve`).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from geoevents.errors import ConfigError
from geoevents.settings import Settings
from geoevents.watch.alerts import evaluate
from geoevents.watch.config import WatchConfig, load_config
from geoevents.watch.service import StoreAccess, Watcher, WatchReport

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("geoevents.watch")


@dataclass(frozen=True)
class ServeOptions:
    """Where the dashboard of a watch listens (see `geoevents.serve`; beyond loopback it needs a token)."""

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None


def watch(
    watch_file: str | Path,
    settings: Settings | None = None,
    *,
    once: bool = False,
    serve: ServeOptions | None = None,
    stop: threading.Event | None = None,
    stdout: IO[str] | None = None,
    handle_signals: bool = True,
    nlp: Language | None = None,
) -> WatchReport:
    """Poll the sources of `watch_file`, code what is new into the store, fire and deliver its alerts; until
    SIGTERM/SIGINT (or `stop`), or, with `once`, after one poll of every source. The first signal finishes the
    article in hand and exits cleanly; a second one stops at once."""
    settings = settings or Settings.load()
    config = load_config(watch_file)
    if not config.sources:
        raise ConfigError(f"{config.path}: no [[source]] to watch")
    if once and serve is not None:
        raise ConfigError("--serve keeps a dashboard up while the watch runs; it does not go with --once")
    from geoevents.store import Store

    stop = stop or threading.Event()
    with _signals(stop, handle_signals), Store.open(settings.db) as store:
        access = StoreAccess(store)
        server = _Dashboard(settings, serve, access) if serve is not None else None
        try:
            watcher = Watcher(config, settings, access, nlp=nlp, stop=stop, stdout=stdout,
                              on_stored=server.changed if server else None)  # fmt: skip
            return watcher.run(once=once)
        finally:
            if server is not None:
                server.stop()


def alerts(
    settings: Settings | None = None, rule: str | None = None, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    """Fired alerts, latest first: `{"total", "alerts": [...]}`, each with its events and deliveries."""
    from geoevents.store import Store

    settings = settings or Settings.load()
    with Store.open(settings.db, read_only=True) as store:
        return {"total": store.watch.count_firings(rule),
                "alerts": store.watch.alert_records(rule=rule, limit=limit, offset=offset)}  # fmt: skip


def alerts_test(rules_file: str | Path, settings: Settings | None = None) -> dict[str, Any]:
    """Evaluate the `[[alert]]` rules of `rules_file` over every window of the stored events, without storing or
    delivering anything: what would fire (and whether it already has), so a rule can be tuned."""
    from geoevents.store import Store

    settings = settings or Settings.load()
    config = load_config(rules_file)
    if not config.rules:
        raise ConfigError(f"{config.path}: no [[alert]] rules to test")
    with Store.open(settings.db, read_only=True) as store:
        firings = evaluate(store, config.rules, dates=None)
        fired = store.watch.fired(f.id for f in firings)
    rows = [{**f.to_dict(), "fired": f.id in fired} for f in firings]
    counts = {rule.name: sum(1 for f in firings if f.rule == rule.name) for rule in config.rules}
    return {"rules": counts, "firings": rows}


@contextmanager
def _signals(stop: threading.Event, enabled: bool) -> Iterator[None]:
    """SIGTERM and SIGINT set `stop`; the previous handlers come back for a second signal and after the run."""
    if not enabled or threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = (signal.SIGTERM, signal.SIGINT)
    previous: dict[int, Any] = {sig: signal.getsignal(sig) for sig in wanted}

    def finish(signum: int, _frame: Any) -> None:
        log.info("%s: finishing the article in hand, then stopping (send it again to stop at once)",
                 signal.Signals(signum).name)  # fmt: skip
        stop.set()
        signal.signal(signum, previous[signum])

    for sig in wanted:
        signal.signal(sig, finish)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class _Dashboard:
    """The HTTP API and dashboard in a thread of the watch process, over the watch's own open store."""

    def __init__(self, settings: Settings, options: ServeOptions, access: StoreAccess) -> None:
        import uvicorn

        from geoevents.server import create_app
        from geoevents.serving.service import EventService

        self.service = EventService(settings, store=access.store, lock=access.lock)
        app = create_app(settings, host=options.host, token=options.token, service=self.service)
        config = uvicorn.Config(app, host=options.host, port=options.port, log_level="warning",
                                server_header=False, proxy_headers=False)  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="geoevents-serve", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise ConfigError(f"the dashboard could not listen on {options.host}:{options.port}")
            time.sleep(0.02)
        log.info("dashboard on http://%s:%d/ (alerts: /alerts, sources: /sources)", options.host, options.port)

    def changed(self) -> None:
        self.service.changed()

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


__all__ = ["ServeOptions", "WatchConfig", "alerts", "alerts_test", "watch"]
