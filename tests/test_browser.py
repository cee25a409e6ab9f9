"""The report and the review page in a real browser: headless Chromium driven by Playwright.

Chromium is Debian's (``/usr/bin/chromium``, or ``$COPYDESK_CHROMIUM``); Playwright's own
browser downloads are never used. Without Chromium or Playwright these tests are skipped with
the reason, except in CI (``CI`` set), where they fail unless ``COPYDESK_BROWSER_TESTS=skip``.

Screenshots of the report and the page go to ``$COPYDESK_ARTIFACTS`` or ``tests/artifacts/``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import threading
from pathlib import Path

import pytest

from lint.serve import make_server, url_of
from tests.conftest import ROOT
from tests.test_html_report import COUNCIL, GLACIER, INJECTION, NATO, report

CHROMIUM = os.environ.get("COPYDESK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(os.environ.get("COPYDESK_ARTIFACTS") or ROOT / "tests" / "artifacts")


def _missing() -> str | None:
    if not os.path.exists(CHROMIUM):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set COPYDESK_CHROMIUM)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("CI") and os.environ.get("COPYDESK_BROWSER_TESTS") != "skip":
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.requests = []
    pg.errors = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def shot(pg, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


@pytest.fixture
def report_file(tmp_path):
    """The report of the NATO article, the council budget and the glacier study."""
    html, found = report([NATO, COUNCIL, GLACIER])
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    return path, found


def in_viewport(pg, selector: str) -> bool:
    return pg.eval_on_selector(selector, """el => { const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0; }""")


def test_report_highlights_findings_at_their_text(page, report_file):
    path, found = report_file
    page.goto(path.as_uri())
    dup = next(f for f in found[str(NATO)] if f.rule == "attribution.duplicate")
    mark = page.locator("#a0 mark.cd-mark.lvl-error")
    assert mark.count() == 1
    assert mark.inner_text() == dup.match == "according to Ukrainian News"
    # The mark sits in the paragraph that holds it, after the text before it in the source.
    paragraph = mark.evaluate("m => m.closest('p').textContent")
    line = NATO.read_text(encoding="utf-8").splitlines()[dup.line - 1]
    assert paragraph == line
    color = mark.evaluate("m => getComputedStyle(m).borderBottomColor")
    assert color == "rgb(198, 40, 40)"  # errors are red
    # Two findings on one stray line: both marks are there and each can be clicked.
    both = page.locator("#a0 mark.cd-mark", has_text="Russia-Ukraine War")
    assert both.count() == 2
    shot(page, "report.png")
    shot(page, "report-full.png", full_page=True)
    assert page.errors == []
    assert page.requests == [path.as_uri()]  # nothing fetched: styles and script are inline


def test_clicking_a_finding_scrolls_to_its_highlight_and_flashes_it(page, report_file):
    path, found = report_file
    page.goto(path.as_uri())
    last = max(found[str(GLACIER)], key=lambda f: f.start)
    item = page.locator("#a2 .cd-side li.cd-finding").last
    fid = item.get_attribute("data-f")
    selector = f'mark.cd-mark[data-f="{fid}"]'
    assert page.evaluate("window.scrollY") == 0
    assert not in_viewport(page, selector)
    item.evaluate("li => li.click()")  # a click as the user makes it, without scrolling first
    page.wait_for_function("() => window.scrollY > 0")
    assert in_viewport(page, selector)
    assert "cd-flash" in page.get_attribute(selector, "class")
    assert page.locator(selector).first.inner_text().startswith(last.match[:30])
    assert "cd-active" in item.get_attribute("class")
    shot(page, "report-clicked.png")


def test_clicking_overlapping_marks_shows_every_finding_there(page, report_file):
    path, _ = report_file
    page.goto(path.as_uri())
    marks = page.locator("#a0 mark.cd-mark", has_text="Russia-Ukraine War")
    inner = marks.nth(1)
    inner.click()
    pop = page.locator("#cd-pop")
    assert pop.is_visible()
    rules = pop.locator(".cd-rule").all_inner_texts()
    assert sorted(rules) == ["consistency.name", "structure.stray-line"]
    assert "Why is this bad?" in pop.inner_text()
    # The outer mark's own underline, below the inner one, is clickable on its own.
    box = marks.nth(0).bounding_box()
    inner_box = inner.bounding_box()
    assert box["y"] + box["height"] > inner_box["y"] + inner_box["height"]  # its underline shows
    page.keyboard.press("Escape")
    assert not pop.is_visible()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] - 1)
    assert pop.is_visible()
    assert pop.locator(".cd-rule").all_inner_texts() == [marks.nth(0).evaluate(
        "m => document.querySelector(`.cd-side li[data-f='${m.dataset.f}'] .cd-rule`).textContent")]
    shot(page, "report-popover.png")


def test_hovering_a_mark_shows_its_message(page, report_file):
    path, found = report_file
    page.goto(path.as_uri())
    dup = next(f for f in found[str(NATO)] if f.rule == "attribution.duplicate")
    assert page.locator("#a0 mark.cd-mark.lvl-error").get_attribute("title") == dup.message


@pytest.mark.parametrize("name", ["injected.txt", "injected.md"])
def test_a_script_in_an_article_does_not_run(page, tmp_path, name):
    article = tmp_path / name
    article.write_text(INJECTION + "<script>window.__pwned = 3</script>\n\n<img src=x onerror=\"window.__pwned=4\">\n",
                       encoding="utf-8")
    html, _ = report([article])
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("typeof window.copydeskReport") == "object"  # the report's own script ran
    assert page.locator("#a0 img").count() == 0
    if name.endswith(".txt"):
        assert "<script>window.__pwned = 1</script>" in page.locator("#a0 .cd-prose").inner_text()
    assert page.requests == [path.as_uri()]
    shot(page, f"report-{name}.png")


# --- the review page ------------------------------------------------------------------------

@pytest.fixture
def served(tmp_path):
    root = tmp_path / "desk"
    root.mkdir()
    shutil.copy(COUNCIL, root / "council-budget.md")
    shutil.copy(NATO, root / "nato-training-center.txt")
    server = make_server(root, port=0, write=True, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, url_of(server)
    finally:
        server.shutdown()
        server.server_close()


def wait_linted(pg, after: int = 0) -> int:
    pg.wait_for_function(f"() => Number(document.body.dataset.linted || 0) > {after}")
    return int(pg.evaluate("document.body.dataset.linted"))


def test_review_page_accepts_a_suggestion_and_saves(page, served):
    root, url = served
    page.goto(url + "#council-budget.md")
    wait_linted(page)
    page.wait_for_function("() => document.getElementById('cd-text').value.length > 0")
    text = page.input_value("#cd-text")
    assert text.startswith('---\ntitle: "Council approves the the new budget"')
    shot(page, "serve.png")
    # The doubled word in the title: select it in the list, then accept its suggestion.
    item = page.locator(".cd-side li.cd-finding", has_text="repetition.word").first
    item.click()
    seq = int(page.evaluate("document.body.dataset.linted"))
    item.locator(".cd-accept").click()
    wait_linted(page, seq)
    assert page.input_value("#cd-text") == text.replace("the the new budget", "the new budget", 1)
    assert page.locator(".cd-side li.cd-finding", has_text="repetition.word").count() == 1  # "the **the" is left
    page.click("#cd-save")
    page.wait_for_function("() => document.body.dataset.saved === 'council-budget.md'")
    assert (root / "council-budget.md").read_text(encoding="utf-8") == page.input_value("#cd-text")
    shot(page, "serve-accepted.png")
    assert page.errors == []
    assert all(u.startswith(url) for u in page.requests)


def test_review_page_lints_pasted_text_as_it_is_typed(page, served):
    _, url = served
    page.goto(url)
    seq = wait_linted(page)
    page.fill("#cd-text", "\U0001f600 Ok. The mayor said the the plan was final.")
    seq = wait_linted(page, seq)
    mark = page.locator("#cd-view mark.cd-mark")
    assert mark.count() == 1 and mark.inner_text() == "the the"
    # Accept from the popover of the highlight; the emoji before it is two UTF-16 units.
    mark.click()
    page.locator("#cd-pop .cd-accept").click()
    wait_linted(page, seq)
    assert page.input_value("#cd-text") == "\U0001f600 Ok. The mayor said the plan was final."
    assert page.locator("#cd-view mark.cd-mark").count() == 0
    # Typing goes on: linted again after a pause, not on every key.
    before = int(page.evaluate("document.body.dataset.linted"))
    page.locator("#cd-text").press("End")
    page.keyboard.type(" It was was late.", delay=20)
    page.wait_for_function("() => document.querySelector('#cd-view mark.cd-mark')?.textContent === 'was was'")
    lints = int(page.evaluate("window.copydeskServe.state.seq")) - before
    assert 1 <= lints <= 3, f"{lints} lint requests for 17 keys: linted after a pause, not on every key"


def test_review_page_does_not_run_a_pasted_script(page, served):
    _, url = served
    page.goto(url)
    seq = wait_linted(page)
    page.select_option("#cd-format", "html")
    seq = wait_linted(page, seq)
    page.fill("#cd-text", '<p>Hello <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> the the end.</p>')
    wait_linted(page, seq)
    page.select_option("#cd-format", "text")
    wait_linted(page, seq + 1)
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "<script>window.__pwned=1</script>" in page.locator("#cd-view .cd-prose").inner_text()
    assert page.locator("#cd-view img").count() == 0
