"""The web API and pages through FastAPI's in-process client, over a small store ingested from four short
articles written for these tests: every endpoint, the filters, paging, bad input (404, 413, 422), a
store locked by a writer (503), escaping of article text, and the highlight builder."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about its httpx-based client
    from fastapi.testclient import TestClient

from newsgraph.api import create_app
from newsgraph.api.highlight import Mark, render

SCRIPT = "<script>alert(1)</script>"

# Four short articles: a pact and a planned visit; a shelling; its denial (a contested claim), a possible
# meeting and a claimed delivery; a meeting in an article whose title and text carry markup.
ARTICLES = [
    {
        "title": "Japan and Australia sign defence pact",
        "published": "2024-03-12",
        "source": "Harbour Daily",
        "url": "https://harbour.example/pact",
        "text": "TOKYO - Japanese Prime Minister Fumio Kishida and Australian Prime Minister Anthony Albanese "
        'signed a defence agreement in Tokyo on Monday. "This pact makes both our nations safer," Kishida '
        "told reporters. Trade between the two countries rose 12% last year, officials said. Albanese will "
        "visit Beijing next month.",
    },
    {
        "title": "Russian forces shell Kharkiv",
        "published": "2024-05-20",
        "source": "Steppe Courier",
        "text": "KYIV - Russian forces shelled Kharkiv on Sunday, killing 7 people. Ukrainian President Volodymyr "
        "Zelensky condemned the attack and called on Western allies to send more air defence systems. "
        "Germany pledged 500 million euros in new military aid on Monday.",
    },
    {
        "title": "Moscow denies Kharkiv strike",
        "published": "2024-05-21",
        "source": "Volga Times",
        "text": "MOSCOW - The Kremlin denied that Russian forces shelled Kharkiv on Sunday. Kremlin spokesman "
        "Dmitry Peskov said the reports were false. Russia may hold talks with Turkey later this year, he "
        "added. Western officials claim that Iran supplied drones to Russia.",
    },
    {
        "title": f"Leaders meet in Paris {SCRIPT}",
        "published": "2024-06-02",
        "source": "Test Wire",
        "url": "javascript:alert(2)",
        "text": "PARIS - French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Tuesday. "
        f"A reader pasted {SCRIPT} into the comment box, and the page showed it as plain text. The two "
        "leaders did not sign an agreement on farm subsidies.",
    },
]


def build_store(folder, articles=ARTICLES) -> str:
    """Ingest `articles` (as JSON Lines) into a new store in `folder`; returns its path."""
    from newsgraph.ingest import ingest

    src = folder / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    db = folder / "test.duckdb"
    summary = ingest([str(src)], db=db, progress=False)
    assert summary.new == len(articles), summary.report()
    return str(db)


@pytest.fixture(scope="module")
def store_path(analyze, tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("api-store"))


@pytest.fixture(scope="module")
def client(store_path):
    return TestClient(create_app(store_path, busy_wait=0.3, max_text_chars=5_000))


@pytest.fixture(scope="module")
def docs(client):
    return {d["title"]: d for d in client.get("/api/documents", params={"size": 100}).json()["items"]}


def assert_error(resp, status, words):
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["status"] == status
    assert words.lower() in body["error"].lower(), body


# ------------------------------------------------------------------------------------------ documents
def test_api_stats_counts_the_corpus(client):
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 4
    assert stats["events"] >= 5 and stats["quotes"] >= 1 and stats["figures"] >= 1
    assert stats["first_published"] == "2024-03-12" and stats["last_published"] == "2024-06-02"


def test_api_documents_latest_first_with_paging(client):
    first = client.get("/api/documents", params={"size": 3}).json()
    second = client.get("/api/documents", params={"size": 3, "page": 2}).json()
    assert (first["total"], first["pages"], first["count"], second["count"]) == (4, 2, 3, 1)
    dates = [d["published"] for d in first["items"] + second["items"]]
    assert dates == sorted(dates, reverse=True)
    assert client.get("/api/documents", params={"size": 3, "page": 3}).json()["items"] == []


def test_api_documents_full_text_search(client):
    found = client.get("/api/documents", params={"q": "Kharkiv"}).json()
    assert found["total"] == 2
    assert {d["title"] for d in found["items"]} == {"Russian forces shell Kharkiv", "Moscow denies Kharkiv strike"}
    assert all("kharkiv" in d["snippet"].lower() and d["score"] > 0 for d in found["items"])
    paged = client.get("/api/documents", params={"q": "Kharkiv", "size": 1, "page": 2}).json()
    assert paged["count"] == 1 and paged["items"][0]["doc_id"] == found["items"][1]["doc_id"]
    assert client.get("/api/documents", params={"q": "zzyzzyva"}).json()["total"] == 0


@pytest.mark.parametrize("params", [{"page": 0}, {"size": 0}, {"size": 101}, {"page": "two"}])
def test_api_documents_bad_paging_is_422(client, params):
    name = next(iter(params))
    assert_error(client.get("/api/documents", params=params), 422, f"query parameter '{name}'")


def test_api_document_returns_the_contract_with_valid_offsets(client, docs):
    doc_id = docs["Moscow denies Kharkiv strike"]["doc_id"]
    a = client.get(f"/api/documents/{doc_id}").json()
    assert a["schema"] == "newsgraph.analysis/1" and a["document"]["id"] == doc_id
    text = a["document"]["text"]
    spans = [m for e in a["entities"] for m in e["mentions"]] + [v["trigger"] for v in a["events"]]
    spans += a["quotes"] + a["quantities"] + a["timexes"]
    assert spans and all(text[s["start"] : s["end"]] == s["text"] for s in spans)
    assert {v["status"] for v in a["events"]} >= {"denied"}
    assert all(e["corpus_id"] for e in a["entities"])


def test_api_document_unknown_is_404(client):
    assert_error(client.get("/api/documents/sha256:0000"), 404, "no article")


# ------------------------------------------------------------------------------------------ events
def test_api_events_filters(client):
    every = client.get("/api/events", params={"limit": 0}).json()["items"]
    assert len(every) >= 5
    denied = client.get("/api/events", params={"status": "denied"}).json()["items"]
    assert denied and all(e["status"] == "denied" for e in denied)
    fights = client.get("/api/events", params={"code": "19"}).json()["items"]
    assert fights and all(e["code"].startswith("19") for e in fights)
    by_target = client.get("/api/events", params={"target": "Kharkiv"}).json()["items"]
    assert len(by_target) == 2 and all(e["target"] == "Kharkiv" for e in by_target)
    russian = client.get("/api/events", params={"actor": "RUS"}).json()["items"]
    assert russian and all(e["source"] in ("Russian Armed Forces", "Russia", "Kremlin") for e in russian)
    may = client.get("/api/events", params={"since": "2024-05", "until": "2024-05-31"}).json()["items"]
    assert may and all("2024-05-01" <= e["date"] <= "2024-05-31" for e in may)
    assert len(may) < len(every)


def test_api_events_offset_and_limit_page_through(client):
    every = client.get("/api/events", params={"limit": 0}).json()["items"]
    page = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert page["count"] == 2 and page["items"] == every[2:4]


def test_api_events_clustered_lists_corpus_events(client):
    body = client.get("/api/events", params={"clustered": "true", "target": "Kharkiv"}).json()
    assert body["count"] == 1
    assert body["items"][0]["articles"] == 2 and body["items"][0]["contested"] is True


def test_api_events_csv_download(client):
    resp = client.get("/api/events", params={"format": "csv", "limit": 0, "status": "occurred"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    assert "attachment" in resp.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(resp.text)))
    listed = client.get("/api/events", params={"limit": 0, "status": "occurred"}).json()
    assert rows[0] == listed["columns"] and len(rows) - 1 == listed["count"]


@pytest.mark.parametrize(
    "params,words",
    [
        ({"code": "abc"}, "CAMEO code"),
        ({"status": "rumoured"}, "query parameter 'status'"),
        ({"since": "2024-13"}, "since"),
        ({"limit": -1}, "query parameter 'limit'"),
        ({"clustered": "true", "status": "denied"}, "clustered"),
    ],
)
def test_api_events_bad_filters_are_422(client, params, words):
    assert_error(client.get("/api/events", params=params), 422, words)


# ------------------------------------------------------------------------------------------ actors
def test_api_actors_list_and_name_filter(client):
    top = client.get("/api/actors", params={"limit": 3}).json()
    assert top["count"] == 3 and "entity_id" in top["columns"]
    kishida = client.get("/api/actors", params={"name": "kishida"}).json()["items"]
    assert [a["actor"] for a in kishida] == ["Fumio Kishida"]
    assert "Prime Minister of Japan" in kishida[0]["roles"]


def test_api_actor_page(client):
    forces = client.get("/api/actors", params={"name": "Russian Armed Forces"}).json()["items"][0]
    page = client.get(f"/api/actors/{forces['entity_id']}").json()
    assert page["actor"]["name"] == "Russian Armed Forces" and page["actor"]["as_source"] >= 2
    names = {n["name"]: n for n in page["network"]["nodes"]}
    assert names["Russian Armed Forces"]["ego"] and "Kharkiv" in names
    assert any(e["conflict"] >= 1 for e in page["network"]["edges"])
    assert sum(p["material_conflict"] for p in page["timeline"]["periods"]) >= 1
    assert all(forces["entity_id"] in (e["source_entity"], e["target_entity"]) for e in page["events"])


def test_api_actor_roles_and_quotes(client):
    kishida = client.get("/api/actors", params={"name": "Fumio Kishida"}).json()["items"][0]
    page = client.get(f"/api/actors/{kishida['entity_id']}").json()
    assert [r["role"] for r in page["roles"]] == ["Prime Minister of Japan"]
    assert any("safer" in q["text"] for q in page["quotes_by"])
    russia = client.get("/api/actors/country:RUS").json()
    assert any("Russia" in q["text"] for q in russia["quotes_about"])


def test_api_actor_unknown_is_404(client):
    assert_error(client.get("/api/actors/person:nobody-at-all"), 404, "no actor")


# ------------------------------------------------------------------------------------------ the rest
def test_api_quotes_and_figures(client):
    peskov = client.get("/api/quotes", params={"speaker": "Peskov"}).json()["items"]
    assert peskov and all(q["speaker"] == "Dmitry Peskov" for q in peskov)
    safer = client.get("/api/quotes", params={"contains": "nations safer"}).json()["items"]
    assert [q["speaker"] for q in safer] == ["Fumio Kishida"]
    figures = client.get("/api/figures").json()["items"]
    assert {(f["value"], f["unit"]) for f in figures} >= {(12.0, "%"), (500_000_000.0, "EUR")}
    assert len(client.get("/api/figures", params={"limit": 1}).json()["items"]) == 1


def test_api_dyads(client):
    rows = client.get("/api/dyads", params={"a": "Russian Armed Forces", "b": "Kharkiv"}).json()["items"]
    assert [r["period"] for r in rows] == ["2024-05"] and rows[0]["material_conflict"] == 1
    assert_error(client.get("/api/dyads", params={"a": "RUS"}), 422, "query parameter 'b'")
    assert_error(client.get("/api/dyads", params={"a": "RUS", "b": "UKR", "by": "year"}), 422, "'by'")


def test_api_contested_claims_link_both_articles(client, docs):
    items = client.get("/api/claims/contested").json()["items"]
    assert len(items) == 1
    k = items[0]
    assert (k["target"], k["claim_status"]) == ("Kharkiv", "occurred")
    assert k["claim_doc"] == docs["Russian forces shell Kharkiv"]["doc_id"]
    assert k["denial_doc"] == docs["Moscow denies Kharkiv strike"]["doc_id"]
    assert k["claim_event"] and k["denial_event"]


def test_api_timeline_fills_the_months(client):
    t = client.get("/api/timeline").json()
    assert t["by"] == "month"
    periods = [p["period"] for p in t["periods"]]
    assert periods[0] == "2024-03" and periods == sorted(periods) and "2024-04" in periods


def test_api_openapi_lists_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ["/api/analyze", "/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/actors",
                 "/api/actors/{entity_id}", "/api/quotes", "/api/figures", "/api/dyads", "/api/claims/contested"]:  # fmt: skip
        assert path in paths
    assert "requestBody" in paths["/api/analyze"]["post"]


# ------------------------------------------------------------------------------------------ analyze
def test_api_analyze_returns_the_contract(client):
    text = "Indian Prime Minister Narendra Modi visited Japan on Friday, officials said."
    a = client.post("/api/analyze", json={"text": text, "published": "2025-03-14", "source": "Test"}).json()
    assert a["schema"] == "newsgraph.analysis/1" and a["document"]["text"] == text
    assert "Narendra Modi" in {e["name"] for e in a["entities"]}
    assert all(text[m["start"] : m["end"]] == m["text"] for e in a["entities"] for m in e["mentions"])


@pytest.mark.parametrize(
    "body,words",
    [
        (b'{"text": "unfinished', "not JSON"),
        (b'["a list"]', "JSON object"),
        (b'{"title": "no text"}', "body field 'text'"),
        (b'{"text": 42}', "body field 'text'"),
        (b'{"text": "   "}', "empty"),
        (b'{"text": "Talks began.", "published": "2024-13-45"}', "2024-13-45"),
        (b"\xff\xfe not utf-8", "not JSON"),
    ],
)
def test_api_analyze_bad_input_is_422(client, body, words):
    resp = client.post("/api/analyze", content=body, headers={"content-type": "application/json"})
    assert_error(resp, 422, words)


def test_api_analyze_too_large_is_413(client):
    assert_error(client.post("/api/analyze", json={"text": "word " * 1_001}), 413, "limit is 5,000")
    huge = b'{"text": "' + b"a" * (1024 * 1024) + b'"}'
    resp = client.post("/api/analyze", content=huge, headers={"content-type": "application/json"})
    assert_error(resp, 413, "request body")


# ------------------------------------------------------------------------------------------ the store
def test_api_store_locked_by_a_writer_is_503_then_recovers(client, store_path):
    writer = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); "
         "sys.stdin.read()", store_path],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert writer.stdout.readline().strip() == "locked"
        resp = client.get("/api/stats")
        assert_error(resp, 503, "busy")
        assert resp.headers["retry-after"] == "2"
        page = client.get("/")
        assert page.status_code == 503 and "The store is busy" in page.text
        assert client.get("/analyze").status_code == 200  # what needs no store still answers
    finally:
        writer.stdin.close()
        writer.wait(timeout=20)
    assert client.get("/api/stats").json()["documents"] == 4


def test_api_missing_store_is_503(tmp_path):
    missing = TestClient(create_app(tmp_path / "none.duckdb"))
    assert_error(missing.get("/api/documents"), 503, "no such store")
    assert missing.get("/").status_code == 503


# ------------------------------------------------------------------------------------------ pages
def test_web_pages_render(client, docs):
    doc = docs["Japan and Australia sign defence pact"]
    pages = {
        "/": "Cooperation and conflict over time",
        "/documents": "Japan and Australia sign defence pact",
        "/documents?q=Kharkiv": "Moscow denies Kharkiv strike",
        f"/documents/{doc['doc_id']}": 'class="hl hl-event"',
        "/actors": "Fumio Kishida",
        "/actors/country:RUS": 'data-chart="network"',
        "/events?status=denied": "Russian Armed Forces",
        "/contested": "Moscow denies Kharkiv strike",
        "/analyze": "<textarea",
        "/docs": "/api/claims/contested",
    }
    for path, expected in pages.items():
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert expected in resp.text, path
        assert (
            "Content-Security-Policy" in resp.headers and "script-src 'self'" in resp.headers["content-security-policy"]
        )
        assert 'src="http' not in resp.text and 'href="http' not in resp.text.replace('href="https://harbour', "")


def test_web_article_text_and_title_are_escaped(client, docs):
    doc = next(d for title, d in docs.items() if title.startswith("Leaders meet"))
    html = client.get(f"/documents/{doc['doc_id']}").text
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html  # the article's bad address is not made a link
    listing = client.get("/documents").text
    assert SCRIPT not in listing and "Leaders meet in Paris &lt;script&gt;" in listing


def test_web_user_input_is_escaped(client):
    html = client.get("/documents", params={"q": '"><img src=x onerror=alert(1)>'}).text
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    html = client.get("/events", params={"actor": '"><b>x</b>'}).text
    assert "<b>x</b>" not in html


def test_web_events_page_bad_filter_shows_the_message(client):
    resp = client.get("/events", params={"code": "abc"})
    assert resp.status_code == 422 and "is not 1 to 4 digits" in resp.text


def test_web_unknown_article_is_a_404_page(client):
    resp = client.get("/documents/sha256:0000")
    assert resp.status_code == 404 and "Not found" in resp.text


def test_web_analyze_form_shows_the_highlighted_article(client):
    form = {"text": f"Turkish President Recep Tayyip Erdogan met NATO leaders in Ankara. {SCRIPT}",
            "published": "2025-02-03", "title": "Pasted"}  # fmt: skip
    resp = client.post("/analyze", data=form)
    assert resp.status_code == 200 and 'class="hl hl-entity' in resp.text
    assert SCRIPT not in resp.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in resp.text
    resp = client.post("/analyze", data={"text": " ", "published": ""})
    assert resp.status_code == 422 and "the text is empty" in resp.text


# ------------------------------------------------------------------------------------------ highlights
def test_api_highlight_nests_splits_and_escapes():
    text = 'He said "<b>Rome</b> & Paris"'
    spans = [
        Mark(8, 29, "quote", "q1", "Quote q1", "q-q1"),
        Mark(12, 16, "entity", "e1", 'Rome · "GPE"', "e-e1", "GPE"),
        Mark(14, 26, "event", "v1", "crossing", "t-v1"),  # crosses the entity's end: split in two
        Mark(-1, 3, "date", "d1", "bad offsets", "d-1"),
        Mark(5, 99, "figure", "n1", "past the end", "n-n1"),
    ]
    html = str(render(text, spans))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp; Par" in html
    assert 'data-tip="Rome · &#34;GPE&#34;"' in html
    assert html.count('data-ref="v1"') == 2 and html.count('id="t-v1"') == 1
    assert "bad offsets" not in html and "past the end" not in html
    assert html.count("<mark") == html.count("</mark>")
    import re

    assert re.sub(r"<[^>]+>", "", html) == str(render(text, []))


# ------------------------------------------------------------------------------------------ serve
def test_api_serve_refuses_a_port_in_use_and_a_bad_port(capsys):
    import socket

    from newsgraph.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
    assert main(["serve", "--port", "70000"]) == 2
    assert "use a port from 1 to 65535" in capsys.readouterr().err
