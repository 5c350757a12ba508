"""What a student sees: the built chapter in a real browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

import shutil

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium_browser():
    if not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def open_page(chromium_browser, built_project, page: str):
    """Open a built page; collect console errors and failed requests while it loads."""
    tab = chromium_browser.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    url = (built_project / "book" / "_build" / "html" / page).as_uri()
    tab.goto(url, wait_until="load")
    return tab, problems


def test_urbanisation_chapter_renders_table_and_chart(chromium_browser, built_project):
    tab, problems = open_page(chromium_browser, built_project, "_generated/urbanisasi.html")
    assert "Urbanisasi" in tab.title()
    tables = tab.locator("table")
    assert tables.count() >= 2
    assert "Indonesia" in tables.first.inner_text()
    img = tab.locator("figure img").first
    img.scroll_into_view_if_needed()
    assert img.evaluate("i => i.complete && i.naturalWidth > 300")
    alt = img.get_attribute("alt") or ""
    assert len(alt) > 40, f"alt text too short: {alt!r}"
    # Provenance under the table and figure, and the build stamp in the footer.
    assert tab.locator("details.asal-usul").count() >= 2
    assert "data BPS sampai" in tab.locator(".kompendium-stempel").inner_text()
    assert problems == []
    tab.close()


def test_front_page_links_every_chapter(chromium_browser, built_project):
    tab, problems = open_page(chromium_browser, built_project, "index.html")
    links = tab.locator("nav a").all_inner_texts()
    assert any("Urbanisasi" in t for t in links)
    assert problems == []
    tab.close()
