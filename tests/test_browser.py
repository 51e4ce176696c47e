"""The page at /, the offline API docs and the HTML report, in a real browser: Playwright
driving Debian's Chromium against the real server on loopback.

Skips, saying why, where Chromium or Playwright is missing; CI installs both (.ci/run).
Screenshots go to $EOKJO_SCREENSHOTS (``make screenshots`` writes docs/), else a temporary
folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT, SEED
from tests.test_e2e import server  # noqa: F401 - the real server fixture

CHROMIUM = os.environ.get("EOKJO_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (dev extra)")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk; .ci/run does)",
                allow_module_level=True)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("EOKJO_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A fresh Chromium profile; every request it makes is logged."""
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), executable_path=CHROMIUM, args=ARGS, headless=True,
            viewport={"width": 1400, "height": 900}, accept_downloads=True)
        context.requests, context.blocked = [], []
        context.on("request", lambda request: context.requests.append(request.url))
        context.on("requestfailed", lambda request: context.blocked.append(request.url)
                   if "csp" in (request.failure or "").lower() else None)
        yield context
        context.close()


def _hosts(urls: list[str]) -> set[str]:
    return {urlsplit(u).netloc for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")}


def _audit_seed(page, base: str, *, keyboard: bool = False) -> None:
    page.goto(base + "/")
    text = SEED.read_text(encoding="utf-8")
    if keyboard:  # Tab from the top of the page to the text area, type, Tab to the button, Enter
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "text":
                break
        assert page.evaluate("document.activeElement.id") == "text"
        page.keyboard.insert_text(text)
        for _ in range(12):  # the date field has a stop per part
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "audit":
                break
        assert page.evaluate("document.activeElement.id") == "audit"
        page.keyboard.press("Enter")
    else:
        page.fill("#text", text)
        page.click("#audit")
    page.wait_for_selector("#result section.article")


def test_page_audits_the_seed_and_marks_both_pairs(browser, server, shots) -> None:  # noqa: F811
    base, _ = server
    page = browser.new_page()
    _audit_seed(page, base)
    counts = {el.get_attribute("data-count"): el.inner_text() for el in page.query_selector_all("#result [data-count]")}
    assert counts["figures"] == "9" and counts["pairs"] == "2"
    assert counts["inconsistent"] == "2" and counts["stale"] == "2" and counts["consistent"] == "0"
    marks = page.query_selector_all("#result mark.pair")
    assert len(marks) == 4  # two pairs, a source and a stated amount each
    classes = [m.get_attribute("class") for m in marks]
    assert all("v-inconsistent" in c and "stale" in c for c in classes)
    assert {m.inner_text() for m in marks} == {"130억 달러", "18조 원", "1000억 달러", "135조 원"}
    assert page.query_selector_all("#result tr.pair.v-inconsistent.stale")
    page.screenshot(path=str(shots / "page.png"))
    assert _hosts(browser.requests) == {urlsplit(base).netloc}, "a request left 127.0.0.1"
    page.close()


def test_details_on_hover_and_focus_and_the_keyboard_path(browser, server) -> None:  # noqa: F811
    base, _ = server
    page = browser.new_page()
    _audit_seed(page, base, keyboard=True)
    assert page.evaluate("document.activeElement.tagName") == "H2"  # focus moves to the report
    first = page.locator("#result mark.pair").first
    tip = page.locator("#" + first.get_attribute("aria-describedby"))
    assert not tip.is_visible()
    first.hover()
    assert tip.is_visible()
    details = tip.inner_text()
    assert "13,000,000,000 USD" in details and "KRW" in details and "1,459.64" in details
    page.mouse.move(0, 0)
    # Tab through the figures: each shows its details when focused
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.tagName, document.activeElement.className, "
                                "document.activeElement.getAttribute('aria-describedby')]")
        if focused[0] != "MARK":
            break
        assert page.locator("#" + focused[2]).is_visible()
        seen.append(focused[1])
    assert len(seen) == 9 and sum("pair" in c for c in seen) == 4
    # the interface speaks English at a click, Korean by default
    assert page.locator("#result .ko").first.is_visible()
    page.click("label[for=ui-en]")
    assert page.locator("#result .en").first.is_visible() and not page.locator("#result .ko").first.is_visible()
    page.close()


def test_downloads_are_the_json_and_the_standalone_report(browser, server) -> None:  # noqa: F811
    base, _ = server
    page = browser.new_page()
    _audit_seed(page, base)
    with page.expect_download() as download:
        page.click("#download-json")
    report = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [p["verdict"] for p in report["pairs"]] == ["inconsistent", "inconsistent"]
    assert report["pairs"][0]["reference"]["rate"].startswith("1459.6401695")  # exact in the JSON, rounded on the page
    with page.expect_download() as download:
        page.click("#download-html")
    html = Path(download.value.path()).read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and 'id="eokjo-data"' in html and "default-src 'none'" in html
    page.close()


def test_page_works_at_375_pixels(browser, server, shots) -> None:  # noqa: F811
    base, _ = server
    page = browser.new_page()
    page.set_viewport_size({"width": 375, "height": 812})
    _audit_seed(page, base)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for selector in ("#text", "#audit", "#result mark.pair"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, selector
    page.screenshot(path=str(shots / "page-375.png"))
    page.close()


def test_api_docs_render_offline(browser, server) -> None:  # noqa: F811
    base, _ = server
    browser.requests.clear()
    browser.blocked.clear()
    page = browser.new_page()
    page.goto(base + "/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    operations = {el.inner_text().strip() for el in page.query_selector_all(".opblock-summary-path")}
    assert {"/v1/extract", "/v1/extract/text", "/v1/audit", "/v1/batch/audit"} <= operations
    page.goto(base + "/redoc")
    section = page.wait_for_selector('[id="operation/extractText"]', timeout=20_000)
    assert "Every monetary figure of a plain-text body" in section.inner_text()
    # ReDoc's footer asks cdn.redoc.ly for its logo; the page's Content-Security-Policy stops
    # that in the browser, so nothing leaves 127.0.0.1
    left = [u for u in browser.requests if urlsplit(u).scheme in ("http", "https")
            and urlsplit(u).netloc != urlsplit(base).netloc and u not in browser.blocked]
    assert not left, left
    page.close()


def test_html_report_layout(browser, tmp_path, shots) -> None:
    report = tmp_path / "report.html"
    run = subprocess.run([sys.executable, "-m", "service.cli", "audit", str(SEED), "--format", "html",
                          "--output", str(report)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    page = browser.new_page()
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(report.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    rows = page.query_selector_all("tr.pair")
    assert len(rows) == 2
    for row in rows:  # both pairs above the fold
        box = row.bounding_box()
        assert box["y"] + box["height"] <= 900, box
    # dates are never broken mid-date
    for cell in page.query_selector_all("tr.pair .nowrap"):
        assert "\n" not in cell.inner_text()
    # Hangul is drawn with a font that has it (not boxes): ask Chromium which fonts it used
    cdp = browser.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "article.text"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    hangul = [f for f in fonts if any(k in f["familyName"] for k in ("CJK", "KR", "Gothic", "Nanum", "Malgun"))]
    assert hangul and sum(f["glyphCount"] for f in hangul) > 500, fonts
    page.screenshot(path=str(shots / "report.png"))
    page.close()


def test_shared_renderer_page_shows_the_report_as_rendered(browser, server, tmp_path) -> None:  # noqa: F811
    """The page's report is the service's HTML report, element for element."""
    base, _ = server
    page = browser.new_page()
    _audit_seed(page, base)
    shown = page.inner_text("#result")
    with page.expect_download() as download:
        page.click("#download-html")
    saved = tmp_path / "report.html"
    download.value.save_as(saved)
    standalone = browser.new_page()
    standalone.goto(saved.as_uri())
    assert standalone.inner_text("#report") == shown
    standalone.close()
    page.close()


def _console(page) -> list[str]:
    """Every console error and uncaught exception of ``page``, as it happens."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(f"{m.type}: {m.text} ({m.location.get('url')})")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: seen.append(f"uncaught: {e}"))
    return seen


def test_the_page_logs_no_console_error(browser, server) -> None:  # noqa: F811
    """No CSP violation (the report is parsed inert, its own <style> never applied to the
    page) and no 404 (the page names its icon)."""
    base, _ = server
    page = browser.new_page()
    seen = _console(page)
    _audit_seed(page, base)
    page.wait_for_timeout(300)  # the favicon is asked for after the load
    assert seen == []
    icon = page.evaluate("fetch('/static/favicon.svg').then(r => [r.status, r.headers.get('content-type')])")
    assert icon[0] == 200 and icon[1].startswith("image/svg+xml")
    page.close()


def test_an_error_clears_the_old_report_and_its_downloads(browser, server) -> None:  # noqa: F811
    base, _ = server
    page = browser.new_page()
    seen = _console(page)
    page.goto(base + "/")
    assert not page.is_visible("#downloads")  # nothing to download before an audit
    _audit_seed(page, base)
    assert page.is_visible("#downloads")
    page.fill("#rate", "abc")
    page.click("#audit")
    page.wait_for_selector("#status.error")
    message = page.inner_text("#status")
    assert message.startswith("422: rate: expected a positive decimal such as \"1380\"") and "[0-9]" not in message
    assert page.query_selector_all("#result *") == [] and not page.is_visible("#downloads")
    assert page.get_attribute("#download-json", "href") == "#" and page.get_attribute("#download-html", "href") == "#"
    # the one console line is the browser's own note of the refused request
    assert len(seen) == 1 and "422" in seen[0] and "/v1/audit" in seen[0], seen
    page.fill("#rate", "1380")
    page.click("#audit")
    page.wait_for_selector("#result section.article")
    assert page.is_visible("#downloads")
    assert page.inner_text('#result [data-count="consistent"]') == "1"  # the new report: at 1,380
    page.close()
