"""The web UI in a real browser: `newsgraph serve` on a free local port over a store ingested from the
articles of test_api.py, driven by Debian's headless Chromium through Selenium and chromium-driver
(nothing is downloaded). Home, an article, an actor, the events page and the paste page; the highlights,
the timeline and the network must be drawn, an article's `<script>` must show as text and never run,
and the server must keep answering while an ingest writes to its store. Screenshots are saved in a
temporary folder whose path is printed."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from tests.test_api import SCRIPT, build_store

webdriver = pytest.importorskip("selenium.webdriver")

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1000",
]

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="needs Debian's chromium and chromium-driver (make test installs them)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store_path(analyze, tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("browser-store"))


@pytest.fixture(scope="module")
def server(store_path):
    """`newsgraph serve` in its own process; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgraph.cli", "serve", "--db", store_path, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        line = proc.stdout.readline()
        assert f"at {base}/" in line, line
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """The screenshots' folder: $NEWSGRAPH_SCREENSHOTS when set, else a temporary one."""
    chosen = os.environ.get("NEWSGRAPH_SCREENSHOTS")
    if chosen:
        Path(chosen).mkdir(parents=True, exist_ok=True)
        return Path(chosen)
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="newsgraph-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def snap(driver, folder: Path, name: str, capsys) -> Path:
    """A full-page screenshot (the window grown to the page's height, up to 3000 px)."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(max(height, 800), 3000))
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)
    with capsys.disabled():
        print(f"\nscreenshot: {path}")
    assert path.stat().st_size > 10_000
    return path


def no_alert(driver) -> bool:
    try:
        text = driver.switch_to.alert.text
    except NoAlertPresentException:
        return True
    pytest.fail(f"an alert opened: {text!r}")


def count(driver, css: str) -> int:
    return len(driver.find_elements(By.CSS_SELECTOR, css))


def wait_for(driver, css: str, timeout: float = 10):
    return WebDriverWait(driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def doc_ids(server) -> dict[str, str]:
    items = httpx.get(server + "/api/documents", params={"size": 100}).json()["items"]
    return {d["title"]: d["doc_id"] for d in items}


# ------------------------------------------------------------------------------------------ pages
def test_web_browser_home_draws_the_timeline(server, browser, shots, capsys):
    browser.get(server + "/")
    assert browser.title.startswith("Overview")
    wait_for(browser, "#home-timeline svg rect.q1")
    assert count(browser, "#home-timeline svg rect.q4") >= 1  # the shelling: material conflict
    stats = browser.find_elements(By.CSS_SELECTOR, ".stat b")
    assert stats[0].text == "4"
    widths = [b.size["width"] for b in browser.find_elements(By.CSS_SELECTOR, ".bars .bar")]
    assert widths and max(widths) > 50
    assert no_alert(browser)
    snap(browser, shots, "home", capsys)


def test_web_browser_article_highlights_every_kind(server, browser, shots, capsys):
    doc_id = doc_ids(server)["Japan and Australia sign defence pact"]
    browser.get(f"{server}/documents/{doc_id}")
    wait_for(browser, "#doc-text mark.hl")
    for kind in ("entity", "event", "quote", "figure", "date"):
        assert count(browser, f"#doc-text mark.hl-{kind}") >= 1, kind
    # hover: the details of the fact show
    mark = browser.find_element(By.CSS_SELECTOR, "#doc-text mark.hl-event")
    ActionChains(browser).move_to_element(mark).perform()
    tip = browser.find_element(By.ID, "tip")
    WebDriverWait(browser, 5).until(lambda d: tip.is_displayed())
    assert "Sign formal agreement" in tip.text
    # the sidebar's event links to its words
    link = browser.find_element(By.CSS_SELECTOR, ".doc-side a.ev-link")
    ref = link.get_attribute("data-ref")
    link.click()
    WebDriverWait(browser, 5).until(lambda d: "flash" in d.find_element(By.ID, f"t-{ref}").get_attribute("class"))
    snap(browser, shots, "article", capsys)
    # a kind can be switched off
    browser.find_element(By.CSS_SELECTOR, "#kind-toggles input[data-kind=entity]").click()
    assert "off-entity" in browser.find_element(By.ID, "doc-text").get_attribute("class")


def test_web_browser_script_in_an_article_shows_as_text(server, browser, shots, capsys):
    doc_id = next(d for t, d in doc_ids(server).items() if t.startswith("Leaders meet"))
    browser.get(f"{server}/documents/{doc_id}")
    wait_for(browser, "#doc-text mark.hl")
    assert no_alert(browser)
    assert SCRIPT in browser.find_element(By.ID, "doc-text").text
    assert SCRIPT in browser.find_element(By.CSS_SELECTOR, "h1").text
    assert browser.execute_script("return document.querySelectorAll('#doc-text script, h1 script').length") == 0
    snap(browser, shots, "article-with-script", capsys)


def test_web_browser_actor_draws_the_network(server, browser, shots, capsys):
    browser.get(server + "/actors/country:RUS")
    wait_for(browser, "#network svg .node circle")
    assert count(browser, "#network svg .node") >= 2
    assert count(browser, "#network svg line.edge") >= 1
    assert count(browser, "#actor-timeline svg rect") >= 1
    snap(browser, shots, "actor", capsys)
    forces = httpx.get(server + "/api/actors", params={"name": "Russian Armed Forces"}).json()["items"][0]
    browser.get(f"{server}/actors/{forces['entity_id']}")
    wait_for(browser, "#network svg .node circle")
    assert count(browser, "#network svg line.edge.conflict") >= 1
    # a partner's node opens its page
    partner = browser.find_element(By.CSS_SELECTOR, "#network svg .node:not(.ego)")
    name = partner.find_element(By.TAG_NAME, "text").text
    ActionChains(browser).move_to_element(partner.find_element(By.TAG_NAME, "circle")).click().perform()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == name)


def test_web_browser_events_filter_csv_and_evidence(server, browser, shots, capsys):
    browser.get(server + "/events")
    wait_for(browser, "#events-table tbody tr")
    every = count(browser, "#events-table tbody tr")
    Select(browser.find_element(By.NAME, "status")).select_by_value("denied")
    browser.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: "status=denied" in d.current_url)
    badges = [b.text for b in browser.find_elements(By.CSS_SELECTOR, "#events-table .badge")]
    assert badges and set(badges) == {"denied"} and len(badges) < every
    csv_url = browser.find_element(By.ID, "csv-link").get_attribute("href")
    csv_text = httpx.get(csv_url).text
    assert csv_text.startswith("date,source,code") and len(csv_text.strip().splitlines()) == len(badges) + 1
    browser.get(server + "/events")
    wait_for(browser, "#events-table tbody tr")
    snap(browser, shots, "events", capsys)
    evidence = browser.find_element(By.CSS_SELECTOR, "#events-table td.evidence a")
    evidence.click()
    WebDriverWait(browser, 10).until(lambda d: "#t-" in d.current_url)
    anchor = browser.current_url.split("#", 1)[1]
    assert browser.find_element(By.ID, anchor).tag_name == "mark"


def test_web_browser_contested_page(server, browser, shots, capsys):
    browser.get(server + "/contested")
    sides = browser.find_elements(By.CSS_SELECTOR, ".claim-sides a")
    assert len(sides) == 2
    assert "Moscow denies Kharkiv strike" in sides[1].text
    snap(browser, shots, "contested", capsys)


def test_web_browser_paste_and_analyse(server, browser, shots, capsys):
    browser.get(server + "/analyze")
    text = (
        "ANKARA - Turkish President Recep Tayyip Erdogan hosted Hungarian Prime Minister Viktor Orban in "
        f"Ankara on Monday. {SCRIPT} The two leaders signed an energy deal worth 2 billion dollars, "
        '"a new chapter for our nations," Erdogan said.'
    )
    browser.find_element(By.NAME, "text").send_keys(text)
    browser.find_element(By.NAME, "published").send_keys("2025-01-20")
    browser.find_element(By.NAME, "title").send_keys("Pasted article")
    browser.find_element(By.CSS_SELECTOR, ".analyze-form button[type=submit]").click()
    wait_for(browser, "#doc-text mark.hl-entity", timeout=90)  # the server loads the model on first use
    assert no_alert(browser)
    assert SCRIPT in browser.find_element(By.ID, "doc-text").text
    assert count(browser, "#doc-text mark.hl-event") >= 1
    snap(browser, shots, "analyze", capsys)


# ------------------------------------------------------------------------------------------ concurrency
def holds_lock(pid: int, path: str) -> bool:
    """Whether process `pid` holds a POSIX lock on the file (DuckDB locks the store so), from /proc/locks."""
    inode = str(os.stat(path).st_ino)
    for line in Path("/proc/locks").read_text().splitlines():
        tokens = line.split()
        if "POSIX" in tokens:
            at = tokens.index("POSIX")
            if tokens[at + 3 : at + 4] == [str(pid)] and tokens[at + 4].split(":")[-1] == inode:
                return True
    return False


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the file locks from /proc/locks (Linux)")
def test_web_serve_keeps_answering_during_an_ingest(server, store_path, browser, shots, capsys, tmp_path):
    extra = {
        "title": "Kenya and Ethiopia agree on border trade",
        "published": "2024-07-01",
        "source": "Rift Herald",
        "text": "NAIROBI - Kenyan President William Ruto and Ethiopian Prime Minister Abiy Ahmed agreed on Sunday "
        "to reopen border trade.",
    }
    src = tmp_path / "extra.jsonl"
    src.write_text(json.dumps(extra) + "\n", encoding="utf-8")
    ingest = subprocess.Popen(
        [sys.executable, "-m", "newsgraph.cli", "ingest", str(src), "--db", store_path, "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen: list[int] = []
    busy_page = False
    try:
        # `newsgraph ingest` fails at once if the store is open in another process when it starts, so
        # ask the server only once the ingest holds the store
        deadline = time.monotonic() + 120
        while not holds_lock(ingest.pid, store_path):
            assert ingest.poll() is None, ingest.communicate()[0]
            assert time.monotonic() < deadline, "the ingest never opened the store"
            time.sleep(0.02)
        while ingest.poll() is None and time.monotonic() < deadline:
            resp = httpx.get(server + "/api/stats", timeout=10)
            seen.append(resp.status_code)
            assert resp.status_code in (200, 503), resp.text
            if resp.status_code == 503:
                assert "busy" in resp.json()["error"] and resp.headers["retry-after"]
                if not busy_page:
                    browser.get(server + "/")
                    if "busy" in browser.title.lower():
                        busy_page = True
                        snap(browser, shots, "busy", capsys)
            time.sleep(0.05)
        out = ingest.communicate(timeout=60)[0]
    finally:
        if ingest.poll() is None:
            ingest.kill()
    assert ingest.returncode == 0, out
    assert 503 in seen, "the ingest never held the store while the server was asked"
    after = httpx.get(server + "/api/stats", timeout=10).json()
    assert after["documents"] == 5
    assert "Kenya and Ethiopia agree on border trade" in httpx.get(server + "/documents").text
