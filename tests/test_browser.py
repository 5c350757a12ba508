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


def test_changes_page_and_update_guide_render(chromium_browser, built_project):
    # The shipped build against its own recorded vintage: the page says plainly what changed.
    tab, problems = open_page(chromium_browser, built_project, "_generated/perubahan_data.html")
    assert "Perubahan data" in tab.title()
    ringkasan = tab.locator("#ringkasan").inner_text()
    assert "vintage" in ringkasan and ("Tidak ada perubahan" in ringkasan or "Dibanding vintage" in ringkasan)
    assert problems == []
    tab.close()
    tab, problems = open_page(chromium_browser, built_project, "panduan_pembaruan.html")
    assert "kompendium data add" in tab.locator("main").inner_text()
    assert problems == []
    tab.close()


def test_poverty_chapter_shows_near_poor_figure_and_validation(chromium_browser, built_project):
    tab, problems = open_page(chromium_browser, built_project, "_generated/kemiskinan.html")
    assert "hampir miskin" in tab.title().lower()
    figure = tab.locator("figure", has=tab.locator("img[src*='hampir_miskin']"))
    img = figure.locator("img")
    img.scroll_into_view_if_needed()
    assert img.evaluate("i => i.complete && i.naturalWidth > 600")
    assert len(img.get_attribute("alt") or "") > 80
    caption = figure.locator("figcaption").inner_text()
    assert "perkiraan" in caption.lower()
    assert any(m in caption for m in ("GB2", "Dagum", "Log-normal", "Singh-Maddala")), caption
    tables = tab.locator("table").all_inner_texts()
    assert any("Rata-rata galat absolut" in t for t in tables), "validation table missing"
    assert "September 2023" in tab.locator("main").inner_text()
    assert problems == []
    tab.close()


def test_province_index_table_sorts_on_click(chromium_browser, built_project):
    tab, problems = open_page(chromium_browser, built_project, "_generated/provinsi.html")
    table = tab.locator("table.tabel-urut")
    rows = table.locator("tbody tr")
    assert rows.count() == 38

    def column(i: int) -> list[str]:
        return [t.strip() for t in table.locator(f"tbody tr td:nth-child({i})").all_inner_texts()]

    def number(t: str) -> float:
        return float(t.replace(".", "").replace(",", "."))

    assert column(2) == sorted(column(2))  # BPS code order as built
    heading = table.locator("thead th").nth(2)  # P0 (%)
    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "ascending"
    p0 = [number(t) for t in column(3)]
    assert p0 == sorted(p0) and p0[0] < p0[-1]
    heading.locator("button").click()
    assert [number(t) for t in column(3)] == sorted(p0, reverse=True)
    first = table.locator("tbody tr td a").first
    name = first.inner_text()
    first.click()
    tab.wait_for_load_state("load")
    assert name in tab.title()
    assert problems == []
    tab.close()


def test_lampung_page_highlights_pringsewu(chromium_browser, built_project):
    tab, problems = open_page(chromium_browser, built_project, "_generated/provinsi/lampung.html")
    assert "Lampung" in tab.title()
    img = tab.locator("img[src$='kabkota.png']")
    assert img.count() == 1
    img.scroll_into_view_if_needed()
    assert img.evaluate("i => i.complete && i.naturalWidth > 300")
    alt = img.get_attribute("alt") or ""
    assert "Pringsewu" in alt and len(alt) > 60, alt
    assert "Pringsewu" in tab.locator("main").inner_text()
    assert problems == []
    tab.close()
