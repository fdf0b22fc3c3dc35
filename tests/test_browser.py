"""The HTML digest in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright.

Renders the digest of the seeds and of an inbox whose article carries script payloads, at a
desktop (1280 px) and a phone (390 px) width, and checks what a reader's browser would do with
it: no horizontal scrolling, no console errors, no request leaving the page, nothing executed,
no `javascript:` link, and print styles that hide nothing.

Full-page screenshots go to ``$DIGEST_ARTIFACTS`` when set, else to ``artifacts/`` in pytest's
base temporary folder; their paths are printed (``pytest -s`` shows them).

Without chromium or the playwright package the tests skip with the reason; under CI
(``CI=true``) that is a failure instead.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from digest import pipeline
from digest.config import load_config

from .conftest import ROOT, SEEDS, set_arrival

WIDTHS = {1280: {"height": 800}, 390: {"height": 844}}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
    "--no-default-browser-check", "--metrics-recording-only", "--disable-breakpad",
]

# Each payload would set window.__pwned if anything executed it.
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
JS_LINK = '<a href="javascript:window.__pwned=3">klick</a>'
SVG = '<svg onload="window.__pwned=4"></svg>'
IFRAME = '<iframe src="https://example.com/" onload="window.__pwned=5"></iframe>'
PAYLOAD = " ".join([SCRIPT, IMG, JS_LINK, SVG, IFRAME])
PAYLOAD_ARTICLE = {
    "title": f"Waffenruhe {PAYLOAD}",
    "date": "2025-12-02",
    "source": "Quelle <script>window.__pwned=6</script>",
    "url": "javascript:window.__pwned=7",
    "text": "\n\n".join([
        f"Die Waffenruhe hält nach Angaben von Beobachtern seit Montag. {PAYLOAD}",
        "„Wir wollen eine Waffenruhe, <script>window.__pwned=8</script>“, "
        "sagte Selenskyj am 1. Dezember 2025.",
        f"Die Delegationen treffen sich in Istanbul zu Gesprächen {PAYLOAD} über einen Friedensplan.",
        "Am Mittwoch soll die nächste Verhandlungsrunde beginnen, "
        '<img src=x onerror="window.__pwned=9"> hieß es.',
    ]),
}


def unavailable(reason: str) -> None:
    """Skip with the reason; under CI a missing browser is a failure, not a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser test cannot run under CI: {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    explicit = os.environ.get("DIGEST_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        unavailable(f"the playwright package is not installed ({exc}); pip install '.[test]'")
    executable = chromium_path()
    if executable is None:
        unavailable("chromium not found (Debian: apt-get install chromium)")
    with sync_playwright() as p:
        try:
            # launch() gives every run a fresh temporary profile (user-data-dir) of its own.
            chromium = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            unavailable(f"chromium at {executable} does not start: {exc}")
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("DIGEST_ARTIFACTS") or tmp_path_factory.getbasetemp() / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def build_digest(base: Path, inbox: Path) -> Path:
    """The HTML digest of ``inbox`` on 3 December 2025, as tests/conftest.py's config_file sets it up."""
    data = yaml.safe_load((ROOT / "schedule.yaml").read_text(encoding="utf-8"))
    data.update(inbox=str(inbox), output=str(base / "out"), state=str(base / "state.sqlite3"))
    config_path = base / "schedule.yaml"
    config_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = pipeline.run(load_config(config_path), date(2025, 12, 3), since=datetime(2022, 2, 24))
    return result.html


@pytest.fixture(scope="module")
def seed_html(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("browser-seeds")
    inbox = base / "inbox"
    shutil.copytree(SEEDS, inbox)
    for path in inbox.iterdir():
        set_arrival(path)
    return build_digest(base, inbox)


@pytest.fixture(scope="module")
def payload_html(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("browser-payloads")
    inbox = base / "inbox"
    inbox.mkdir()
    path = inbox / "payload.json"
    path.write_text(json.dumps(PAYLOAD_ARTICLE, ensure_ascii=False), encoding="utf-8")
    set_arrival(path)
    html = build_digest(base, inbox)
    assert "Die Waffenruhe hält" in html.read_text(encoding="utf-8")  # the article made it into the digest
    return html


class Visit:
    """One page load at one width, with everything the page asked for and complained about."""

    def __init__(self, browser, html: Path, width: int, *, media: str = "screen"):
        mobile = width < 600
        self.context = browser.new_context(
            viewport={"width": width, **WIDTHS.get(width, {"height": 900})},
            device_scale_factor=2 if mobile else 1, is_mobile=mobile, has_touch=mobile,
            java_script_enabled=True,  # on, so that an injected script *would* run
            service_workers="block",
        )
        self.url = html.as_uri()
        self.requests: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        # Belt and braces: whatever the assertions say, nothing reaches the network from a test.
        self.context.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
        self.page = self.context.new_page()
        self.page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}")
                     if msg.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.emulate_media(media=media)
        self.page.goto(self.url, wait_until="load")
        self.page.wait_for_timeout(200)  # let late loads (onerror, iframes) fire

    def close(self) -> None:
        self.context.close()

    def check_clean(self) -> None:
        """No request but the page itself, no console errors or warnings, no page errors."""
        assert self.requests == [self.url], f"requests besides the page: {self.requests}"
        assert self.console == [], f"console: {self.console}"
        assert self.errors == [], f"page errors: {self.errors}"

    def check_no_horizontal_scrolling(self, width: int) -> None:
        sizes = self.page.evaluate("""() => ({
            scroll: document.documentElement.scrollWidth, body: document.body.scrollWidth,
            inner: window.innerWidth, client: document.documentElement.clientWidth,
            wide: [...document.querySelectorAll('main *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5
                             || e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== 'inline')
                .map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 60)),
        })""")
        scrolls = sizes["scroll"] > width or sizes["body"] > width
        assert not scrolls, f"horizontal scrolling at {width} px: {sizes}"
        assert sizes["inner"] == width and sizes["client"] == width, sizes
        assert sizes["wide"] == [], f"elements wider than the viewport: {sizes['wide']}"

    def screenshot(self, path: Path) -> None:
        self.page.screenshot(path=str(path), full_page=True)
        print(f"\nscreenshot: {path}")


@pytest.fixture
def visit(browser):
    opened: list[Visit] = []

    def open_page(html: Path, width: int, **kw) -> Visit:
        page = Visit(browser, html, width, **kw)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


SECTIONS = ["#key-points", "#topics", "#timeline", "#voices", "#articles"]


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
def test_seed_digest_fits_the_screen_and_loads_nothing(visit, seed_html, artifacts, width):
    page = visit(seed_html, width)
    page.check_clean()
    page.check_no_horizontal_scrolling(width)
    p = page.page
    assert p.locator("script, img, iframe, svg, object, embed, link, video, audio").count() == 0
    assert p.locator("h1").count() == 1 and p.is_visible("h1")
    assert [p.inner_text(f"{s} > h2") for s in SECTIONS] == [
        "Das Wichtigste", "Stand der Verhandlungen nach Themen", "Chronik", "Stimmen", "Artikel"]
    # every article shows its title, its date and its source on screen
    articles = p.locator("#articles article")
    assert articles.count() == 5
    for i in range(articles.count()):
        article = articles.nth(i)
        assert article.locator("h3").is_visible()
        assert article.locator(".meta time").is_visible()
        assert " · " in article.locator(".meta").inner_text()
    page.screenshot(artifacts / f"digest-seeds-{width}.png")


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
def test_article_payloads_execute_nothing(visit, payload_html, artifacts, width):
    page = visit(payload_html, width)
    p = page.page
    assert p.evaluate("() => window.__pwned") is None
    page.check_clean()
    page.check_no_horizontal_scrolling(width)
    # the markup exists only as text
    assert p.locator("script, img, iframe, svg, object, embed").count() == 0
    with_handlers = p.evaluate("""() => [...document.querySelectorAll('*')]
        .filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on')))
        .map(e => e.outerHTML.slice(0, 80))""")
    assert with_handlers == []
    body = p.inner_text("body")
    for payload in (SCRIPT, IMG, JS_LINK, SVG, IFRAME, "Quelle <script>window.__pwned=6</script>"):
        assert payload in body
    assert p.locator("#articles h3").inner_text() == PAYLOAD_ARTICLE["title"]
    # the only links are the page's own anchors; following each runs nothing and loads nothing
    hrefs = p.eval_on_selector_all("a", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs, "the timeline links its events to their articles"
    for href in hrefs:
        assert not href.strip().lower().startswith("javascript:")
        assert href.startswith("#article-") and p.locator(href).count() == 1, href
    links = p.locator("a")
    for i in range(links.count()):
        links.nth(i).click()
        assert p.evaluate("() => window.__pwned") is None
    assert p.url.startswith(page.url + "#article-")
    page.check_clean()
    page.screenshot(artifacts / f"digest-payloads-{width}.png")


def test_print_styles_hide_nothing_important(visit, seed_html, artifacts):
    page = visit(seed_html, 794, media="print")  # A4 at 96 dpi
    p = page.page
    assert p.evaluate("() => matchMedia('print').matches")
    page.check_clean()
    for selector in ["h1", "header .meta", *SECTIONS, *(f"{s} > h2" for s in SECTIONS)]:
        assert p.is_visible(selector), selector
    for selector in ["#topics h3", "#topics .positions li", "#timeline li", "#timeline time", "#voices h3",
                     "#voices li", "#articles article h3", "#articles .meta", "#articles li", ".cite"]:
        items = p.locator(selector)
        assert items.count() > 0, selector
        for i in range(items.count()):
            assert items.nth(i).is_visible(), f"{selector} #{i} hidden in print"
    hidden = p.evaluate("""() => [...document.querySelectorAll('main, main *')]
        .filter(e => { const s = getComputedStyle(e);
                       return s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0'; })
        .map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 60))""")
    assert hidden == [], f"hidden in print: {hidden}"
    # and the print layout uses the paper's width without spilling over it
    page.check_no_horizontal_scrolling(794)
    page.screenshot(artifacts / "digest-seeds-print.png")
    pdf = artifacts / "digest-seeds.pdf"
    p.pdf(path=str(pdf), format="A4", print_background=True)
    print(f"\nprint PDF: {pdf}")
    assert pdf.stat().st_size > 10_000
