"""The HTTP API against a real uvicorn server over a hand-made store: endpoints, filters, pagination, limits and
safety (validation, body size, tokens, Host header, static-file traversal, security headers)."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import importlib
import re
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from web.sample import ACTORS, ARTICLES, QUADS, build_sample_store
from web.server import raw_get, running_server

from geoevents.api.middleware import MAX_BODY_BYTES, is_loopback
from geoevents.errors import ConfigError, GeoeventsError, StoreError
from geoevents.server import TOKEN_ENV, create_app, listen, serve
from geoevents.serving.params import MAX_LIMIT, MAX_POST_ARTICLES
from geoevents.settings import Settings
from geoevents.store import Store

pytest_plugins = ["web.fixtures"]  # sample_db, base_url, client

HTML_PAGES = ["/", "/network", "/dyads", "/dyads/RUS/UKR", "/events", "/events?quad=4", "/articles",
              "/articles/art-03", "/entities", "/docs"]  # fmt: skip
SPECS = [s for *_, specs in ARTICLES for s in specs if s.event]
SAMPLE_EVENTS = len(SPECS)
# (actor code, recipient code) of every sample report, and the (code, sector) of every entity in them.
PAIRS = {(ACTORS[a][0], ACTORS[r][0]) for s in SPECS for a in s.actor for r in s.recipient}
ENTITIES = {ACTORS[w][:2] for s in SPECS for w in s.actor + s.recipient}


def _reports(data: dict[str, Any]) -> int:
    return sum(e["mention_count"] for e in data["events"])


# What each page's JSON twin holds, computed from the sample it was built from.
TWIN_DATA = {
    "/": lambda d: (d["summary"]["articles"], d["summary"]["reports"]) == (len(ARTICLES), SAMPLE_EVENTS),
    "/network": lambda d: {(e["source"], e["target"]) for e in d["edges"]} == PAIRS,
    "/dyads": lambda d: {(r["actor"], r["recipient"]) for r in d["dyads"]} == PAIRS,
    "/dyads/RUS/UKR": lambda d: {(r["source"], r["target"]) for r in d["series"]} == {("RUS", "UKR"), ("UKR", "RUS")},
    "/events": lambda d: _reports(d) == SAMPLE_EVENTS and d["total"] == len(d["events"]),
    "/events?quad=4": lambda d: _reports(d) == sum(QUADS[s.event] == 4 for s in SPECS)
    and {e["quad_code"] for e in d["events"]} == {4},
    "/articles": lambda d: [a["id"] for a in d["articles"]] == [a[0] for a in ARTICLES],
    "/articles/art-03": lambda d: (d["title"], len(d["reports"])) == ("Moscow warns the West", 2),
    "/entities": lambda d: {(e["code"], e["sector"]) for e in d["entities"]} == ENTITIES,
    "/docs": lambda d: d["info"]["title"] == "geoevents" and "/api/events" in d["paths"],
}


def codes(entities: list[dict[str, Any]]) -> set[str]:
    return {e["code"] for e in entities if e.get("code")}


def all_events(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    return client.get("/api/events", params={**params, "limit": MAX_LIMIT}).json()["events"]  # type: ignore[no-any-return]


# -- pages and their JSON twins -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", HTML_PAGES)
def test_every_page_renders_and_links_its_json_twin(client: httpx.Client, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    twin = {"/": "/api/overview", "/docs": "/openapi.json"}.get(path, "/api" + path)
    assert f'href="{twin.replace("&", "&amp;")}"' in page.text
    data = client.get(twin)
    assert data.status_code == 200 and data.headers["content-type"].startswith("application/json")
    assert TWIN_DATA[path](data.json())


def test_openapi_schema_lists_the_api(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/articles/{article_id}",
                 "/api/entities", "/api/dyads/{a}/{b}", "/api/network", "/api/summary", "/api/overview"):  # fmt: skip
        assert path in paths
    assert "post" in schema["paths"]["/api/articles"]
    assert not any(p.startswith("/events") for p in paths), "HTML pages stay out of the API schema"


# -- events -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"actor": "RUS"}, lambda e: "RUS" in codes(e["actor"])),
        ({"recipient": "UKR"}, lambda e: "UKR" in codes(e["recipient"])),
        ({"actor": "RUS", "recipient": "UKR"}, lambda e: "RUS" in codes(e["actor"]) and "UKR" in codes(e["recipient"])),
        ({"event": "AID"}, lambda e: e["event"] == "AID"),
        ({"quad": "4"}, lambda e: e["quad_code"] == 4),
        ({"quad": "1,2"}, lambda e: e["quad_code"] in (1, 2)),
        ({"factuality": "conditional"}, lambda e: e["factuality"] == "conditional" and e["condition"]),
        ({"since": "2024-03-10", "until": "2024-03-20"}, lambda e: "2024-03-10" <= e["date"] <= "2024-03-20"),
        ({"text": "missiles"}, lambda e: "missiles" in e["sentence"].lower()),
    ],
)
def test_event_filters(client: httpx.Client, params: dict[str, str], check: Any) -> None:
    events = all_events(client, **params)
    assert events, f"the sample store has events for {params}"
    assert all(check(e) for e in events)
    assert len(events) < SAMPLE_EVENTS


def test_events_pagination_is_disjoint_and_complete(client: httpx.Client) -> None:
    first = client.get("/api/events", params={"limit": 5}).json()
    assert first["total"] == len(all_events(client)) and first["limit"] == 5 and first["offset"] == 0
    assert first["next"] and "offset=5" in first["next"]
    seen: list[str] = []
    for offset in range(0, first["total"], 5):
        seen += [e["id"] for e in client.get("/api/events", params={"limit": 5, "offset": offset}).json()["events"]]
    assert len(seen) == len(set(seen)) == first["total"]
    last = client.get("/api/events", params={"limit": 5, "offset": first["total"] - 1}).json()
    assert last["next"] is None and len(last["events"]) == 1


def test_one_event_carries_its_evidence_and_spans(client: httpx.Client) -> None:
    merged = [e for e in all_events(client) if e["mention_count"] > 1]
    assert merged, "the sample has an event reported by two articles"
    event = client.get(f"/api/events/{merged[0]['id']}").json()
    assert len(event["evidence"]) == event["mention_count"] == 2
    for item in event["evidence"]:
        text = item["article"]["text"]
        assert text[item["event_start"] : item["event_end"]] == item["event_text"]
        assert text[item["sentence_start"] : item["sentence_end"]] == item["sentence"]
        for entity in item["actor"] + item["recipient"]:
            assert text[entity["start"] : entity["end"]] == entity["text"]
    report = event["evidence"][1]["event_id"]
    assert client.get(f"/api/events/{report}").json()["id"] == event["id"], "a report id finds its merged event"


@pytest.mark.parametrize("path", ["/api/events/nope", "/api/articles/nope", "/events/nope", "/articles/nope"])
def test_unknown_ids_are_404(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "nope" in response.text


def test_markup_in_articles_is_escaped_and_odd_ids_route(client: httpx.Client) -> None:
    listing = client.get("/articles").text
    assert "<script>alert" not in listing and "&lt;script&gt;alert" in listing
    assert 'href="javascript:' not in listing
    link = re.search(r'href="(/articles/odd[^"]*)"', listing)
    assert link is not None, "the article with an odd id is linked"
    page = client.get(html.unescape(link.group(1)))
    assert page.status_code == 200
    assert "<img src=x" not in page.text and "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert 'href="javascript:' not in page.text
    assert client.get("/api/articles/" + quote("odd/id?x=1 #2", safe="/")).json()["id"] == "odd/id?x=1 #2"


# -- articles, entities, dyads, network, summary ------------------------------------------------------------------


def test_articles_list_and_one(client: httpx.Client) -> None:
    listed = client.get("/api/articles", params={"limit": 3}).json()["articles"]
    assert [a["id"] for a in listed] == sorted(a["id"] for a in listed)[:3] and len(listed) == 3
    found = client.get("/api/articles", params={"text": "Ankara"}).json()["articles"]
    assert [a["id"] for a in found] == ["art-04"]
    article = client.get("/api/articles/art-04").json()
    assert len(article["sentences"]) == 3 and len(article["reports"]) == 3


def test_entities_count_events(client: httpx.Client) -> None:
    entities = client.get("/api/entities").json()["entities"]
    by_code = {(e["code"], e["sector"]): e for e in entities}
    assert by_code[("UKR", None)]["events"] >= by_code[("DEU", None)]["events"] > 0
    assert client.get("/api/entities", params={"limit": 2}).json()["entities"] == entities[:2]


@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_dyad_series_matches_the_event_list(client: httpx.Client, interval: str) -> None:
    dyad = client.get("/api/dyads/rus/ukr", params={"interval": interval}).json()
    assert (dyad["a"], dyad["b"]) == ("RUS", "UKR")
    forward = all_events(client, actor="RUS", recipient="UKR")
    backward = all_events(client, actor="UKR", recipient="RUS")
    assert sum(r["events"] for r in dyad["a_to_b"]) == len(forward)
    assert sum(r["events"] for r in dyad["b_to_a"]) == len(backward)
    periods = [r["period"] for r in dyad["series"]]
    assert periods == sorted(periods)
    if interval == "month":
        assert all(p.endswith("-01") for p in periods)


def test_network_edges_colour_and_threshold(client: httpx.Client) -> None:
    network = client.get("/api/network").json()
    edges = {(e["source"], e["target"]): e for e in network["edges"]}
    assert edges[("RUS", "UKR")]["conflict"] > 0 and edges[("RUS", "UKR")]["cooperation"] == 0
    assert edges[("DEU", "UKR")]["cooperation"] > 0 and edges[("DEU", "UKR")]["conflict"] == 0
    names = {n["code"]: n["name"] for n in network["nodes"]}
    assert names["DEU"] == "Germany"
    strong = client.get("/api/network", params={"min_events": 2}).json()["edges"]
    assert strong and all(e["events"] >= 2 for e in strong) and len(strong) < len(edges)
    later = client.get("/api/network", params={"since": "2024-03-20"}).json()["edges"]
    assert sum(e["events"] for e in later) < sum(e["events"] for e in edges.values())


def test_summary_overview_and_timeline_agree(client: httpx.Client) -> None:
    overview = client.get("/api/overview", params={"interval": "week"}).json()
    summary = client.get("/api/summary").json()
    assert overview["summary"] == summary
    assert summary["events"] == len(all_events(client))
    assert sum(summary["by_quad"].values()) == summary["events"]
    timeline = overview["timeline"]
    assert sum(p["total"] for p in timeline["periods"]) + timeline["undated"] == summary["events"]
    assert all(dt.date.fromisoformat(p["period"]).weekday() == 0 for p in timeline["periods"])
    assert client.get("/api/summary", params={"quad": "4"}).json()["events"] < summary["events"]


def test_concurrent_requests_share_one_store(base_url: str) -> None:
    paths = ["/api/events?limit=3", "/api/summary", "/api/network", "/", "/api/dyads/RUS/UKR", "/events"] * 8
    with httpx.Client(base_url=base_url, timeout=30) as http, ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(lambda p: http.get(p).status_code, paths))
    assert statuses == [200] * len(paths)


@pytest.mark.parametrize(
    ("path", "says"),
    [("/", "No events yet"), ("/network", "No events between coded actors"), ("/events", "No events match"),
     ("/entities", "No coded actors yet")],
)  # fmt: skip
def test_an_empty_store_explains_what_to_do(tmp_path: Path, path: str, says: str) -> None:
    Store.open(tmp_path / "empty.duckdb").close()
    with running_server(Settings(db=str(tmp_path / "empty.duckdb"))) as url:
        page = httpx.get(url + path)
        twin = httpx.get(url + ("/api/overview" if path == "/" else "/api" + path))
    assert page.status_code == 200 and says in page.text
    assert twin.status_code == 200


# -- validation and limits ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/api/events", {"quad": "9"}, "quad"),
        ("/api/events", {"quad": "x"}, "quad"),
        ("/api/events", {"since": "notadate"}, "since"),
        ("/api/events", {"until": "2024-13-01"}, "until"),
        ("/api/events", {"limit": str(MAX_LIMIT + 1)}, "limit"),
        ("/api/events", {"limit": "0"}, "limit"),
        ("/api/events", {"offset": "-1"}, "offset"),
        ("/api/events", {"limit": "ten"}, "limit"),
        ("/api/dyads/RUS/UKR", {"interval": "decade"}, "interval"),
        ("/api/network", {"min_events": "0"}, "min_events"),
        ("/api/articles", {"limit": "100000"}, "limit"),
        ("/api/events", {"actor": "x" * 300}, "actor"),
    ],
)
def test_bad_parameters_get_422_with_a_readable_message(
    client: httpx.Client, path: str, params: dict[str, str], named: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith(named)


def test_html_pages_show_validation_errors_as_pages(client: httpx.Client) -> None:
    response = client.get("/events", params={"since": "notadate"})
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert "since: expected an ISO date" in response.text


def test_empty_form_fields_mean_no_filter(client: httpx.Client) -> None:
    empty = {name: "" for name in ("actor", "recipient", "event", "quad", "factuality", "since", "until", "text")}
    assert client.get("/api/events", params=empty).json()["total"] == client.get("/api/events").json()["total"]


def test_body_over_the_cap_is_413(client: httpx.Client) -> None:
    body = b'{"text": "' + b"a" * (5 * 1024 * 1024) + b'"}'
    response = client.post("/api/articles", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413 and str(MAX_BODY_BYTES) in response.json()["detail"]


def test_streamed_body_over_the_cap_is_413(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the server must count while reading
        yield b'{"text": "'
        for _ in range(6):
            yield b"a" * (512 * 1024)
        yield b'"}'

    response = client.post("/api/articles", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({}, "ArticleIn.text"),
        ({"text": ""}, "ArticleIn.text"),
        ({"text": "Russia attacked Ukraine.", "colour": "red"}, "ArticleIn.colour"),
        ({"text": "Russia attacked Ukraine.", "date": "yesterday"}, "ArticleIn.date"),
        ([], "at least 1 item"),
        ([{"text": "x"}] * (MAX_POST_ARTICLES + 1), f"at most {MAX_POST_ARTICLES} items"),
    ],
    ids=["no-text", "empty-text", "unknown-field", "bad-date", "empty-list", "too-many"],
)
def test_post_validates_articles(client: httpx.Client, body: Any, names: str) -> None:
    response = client.post("/api/articles", json=body)
    assert response.status_code == 422
    assert names in response.json()["detail"], "the message names the field or the limit"


def test_post_needs_json(client: httpx.Client) -> None:
    # A cross-site HTML form can send text/plain without a preflight; such bodies are never coded.
    response = client.post("/api/articles", content=b'{"text": "x"}', headers={"content-type": "text/plain"})
    assert response.status_code == 422


# -- tokens, hosts, static files, headers -------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "example.org", "::"])
def test_non_loopback_without_token_refuses_to_start(
    tmp_path: Path, host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    settings = Settings(db=str(tmp_path / "x.duckdb"))
    with pytest.raises(ConfigError, match="token"):
        create_app(settings, host=host)
    with pytest.raises(ConfigError, match=TOKEN_ENV):
        serve(settings, host=host, port=0)
    assert not (tmp_path / "x.duckdb").exists(), "nothing is opened before the check"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True), ("0.0.0.0", False),
     ("10.0.0.1", False)],
)  # fmt: skip
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.fixture(scope="module")
def exposed_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app as configured for 0.0.0.0 with a token (the socket itself stays on 127.0.0.1)."""
    db = build_sample_store(tmp_path_factory.mktemp("exposed") / "store.duckdb")
    with running_server(Settings(db=str(db)), host="0.0.0.0", token="s3cret-token") as url:
        yield url


@pytest.mark.parametrize("header", [None, "Bearer wrong", "s3cret-token", "Basic s3cret-token", "Bearer"])
def test_beyond_loopback_writes_need_the_token(exposed_url: str, header: str | None) -> None:
    headers = {"authorization": header} if header is not None else {}
    response = httpx.post(f"{exposed_url}/api/articles", json={"text": "Russia attacked Ukraine."}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


def test_beyond_loopback_reads_stay_open(exposed_url: str) -> None:
    response = httpx.get(f"{exposed_url}/api/summary", headers={"host": "events.example.org"})
    assert response.status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example"])
def test_loopback_server_rejects_foreign_host_headers(base_url: str, host: str) -> None:
    status, body = raw_get(base_url, "/api/summary", host=host)
    assert status == 400 and "Host" in body


@pytest.mark.parametrize(
    "path",
    ["/static/../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e/%2e%2e/etc/passwd",
     "/static//etc/passwd", "/static/..\\..\\etc\\passwd", "/static/../pages.py", "/static/%2e%2e/pages.py"],
)  # fmt: skip
def test_static_files_do_not_leave_their_folder(base_url: str, path: str) -> None:
    status, body = raw_get(base_url, path)
    assert status in (400, 404)
    assert "root:" not in body and "install_pages" not in body


def test_static_files_are_served(client: httpx.Client) -> None:
    for path in ("/static/app.css", "/static/network.js"):
        response = client.get(path)
        assert response.status_code == 200 and len(response.content) > 500


@pytest.mark.parametrize("path", ["/", "/events/nope", "/api/events", "/api/events?quad=9", "/static/app.css",
                                  "/openapi.json"])  # fmt: skip
def test_security_headers(client: httpx.Client, path: str) -> None:
    headers = client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "http" not in csp and "*" not in csp and "unsafe-inline" not in csp, "no external hosts, no inline code"
    assert "server" not in headers


def test_api_docs_page_is_offline(client: httpx.Client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "/api/events/{event_id}" in page.text and "cdn" not in page.text.lower()
    assert 'href="/openapi.json"' in page.text
    assert client.get("/redoc").status_code == 404


@pytest.mark.parametrize("path", HTML_PAGES)
def test_pages_load_nothing_from_other_hosts(client: httpx.Client, path: str) -> None:
    html = client.get(path).text
    for attr in ('src="http', "src='http", 'href="//', "src=\"//", "<link rel=\"stylesheet\" href=\"http"):
        assert attr not in html
    assert "<script>" not in html, "no inline scripts (the CSP forbids them)"


# -- writing ------------------------------------------------------------------------------------------------------


def test_served_connections_send_small_answers_at_once() -> None:
    """The server's listening socket is made so that asyncio sets TCP_NODELAY on each connection: a small answer
    written as headers then body is not held back waiting for the client's delayed ACK."""

    async def nodelay_of_an_accepted_connection() -> int:
        seen: list[int] = []

        async def accepted(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            seen.append(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(accepted, sock=listen("127.0.0.1", 0))
        async with server:
            _, writer = await asyncio.open_connection(*server.sockets[0].getsockname()[:2])
            while not seen:
                await asyncio.sleep(0.01)
            writer.close()
        return seen[0]

    assert asyncio.run(nodelay_of_an_accepted_connection()) != 0


def test_read_only_server_refuses_writes(tmp_path: Path) -> None:
    db = build_sample_store(tmp_path / "ro.duckdb")
    with running_server(Settings(db=str(db), read_only=True)) as url:
        response = httpx.post(f"{url}/api/articles", json={"text": "Russia attacked Ukraine."})
        assert httpx.get(f"{url}/api/summary").status_code == 200
    assert response.status_code == 503 and "read-only" in response.json()["detail"]


def test_read_only_server_needs_an_existing_store(tmp_path: Path) -> None:
    app = create_app(Settings(db=str(tmp_path / "missing.duckdb"), read_only=True))
    with pytest.raises(StoreError, match="no such store"):
        app.state.service.open()


@pytest.fixture(scope="module")
def pipeline_ready() -> None:
    """Skip unless the real NLP pipeline (spaCy model + event coder) loads; other parts may still be in progress."""
    if not hasattr(importlib.import_module("geoevents.extraction"), "EventExtractor"):
        pytest.skip("the event coder (geoevents.extraction.EventExtractor) is not there yet")
    from geoevents.nlp import load_pipeline

    try:
        load_pipeline(Settings())
    except (ImportError, GeoeventsError) as exc:
        pytest.skip(f"the NLP pipeline does not load: {exc}")


@pytest.mark.slow
@pytest.mark.usefixtures("pipeline_ready")
def test_post_codes_and_stores_articles(tmp_path: Path) -> None:
    text = "Russian forces attacked Ukraine on Monday. Germany sent aid to Ukraine."
    Store.open(tmp_path / "new.duckdb").close()
    with running_server(Settings(db=str(tmp_path / "new.duckdb")), token="tok") as url:
        headers = {"authorization": "Bearer tok"}
        for _ in range(2):  # the second answer comes from the response cache
            before = httpx.get(f"{url}/api/summary").json()
        created = httpx.post(f"{url}/api/articles", json=[{"id": "new-1", "text": text, "date": "2024-05-06"}],
                             headers=headers, timeout=300)  # fmt: skip
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["added"] == 1 and body["articles"][0]["id"] == "new-1"
        article = httpx.get(f"{url}/api/articles/new-1").json()
        assert article["text"] == text and article["date"] == "2024-05-06"
        assert len(article["reports"]) == len(body["articles"][0]["events"])
        after = httpx.get(f"{url}/api/summary").json()  # a read after the POST sees it, not a kept answer
        assert after["articles"] == before["articles"] + 1
        assert after["reports"] == before["reports"] + len(body["articles"][0]["events"])
        for event_id in body["articles"][0]["events"]:
            assert httpx.get(f"{url}/api/events/{event_id}").status_code == 200
        again = httpx.post(f"{url}/api/articles", json={"id": "new-1", "text": text, "date": "2024-05-06"},
                           headers=headers, timeout=300).json()  # fmt: skip
        assert again["unchanged"] == 1 and again["added"] == 0
