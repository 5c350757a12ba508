"""What a student sees: the built chapter in a real browser (Debian's Chromium via Playwright).

Besides the page checks below, every built page is visited once in one shared browser context:
at 1366 px and at 390 px, each in light and in dark mode, it must log no console error, load all
its images and pass an axe-core audit (no serious or critical violation; moderate and minor ones
only where ALLOWED says why). The theme's buttons must open the navigation on both widths and be
reachable with the keyboard.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field

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


# ---- every page, both widths, both colour modes -------------------------------------------------

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
MODES = ("light", "dark")
# axe rule -> why a violation of it is accepted (only moderate or minor ones may be listed here).
ALLOWED: dict[str, str] = {}


@dataclass
class Audit:
    """What the walk over every page found; filled once per session (see `audit`)."""

    pages: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)  # serious/critical, or moderate not allowed
    problems: list[str] = field(default_factory=list)  # console errors, failed requests, broken images
    seconds: float = 0.0


def _axe(tab, phone: bool) -> list[dict]:
    """axe-core's violations on the page as it is now.

    At 390 px colour contrast is checked only in the article header: the colours of everything else
    do not depend on the width (the theme has no width-dependent colours), and contrast is most of
    axe's time on the long pages; what the phone layout adds or shows differently is in that header
    (menu, contents and search buttons). Every other rule runs on the whole page at both widths.
    """
    from axe_playwright_python.sync_playwright import Axe

    if not tab.evaluate("() => typeof window.axe !== 'undefined'"):
        tab.evaluate(Axe().axe_script)
    # preload: false: axe would fetch the stylesheets again with XMLHttpRequest, which file:// pages
    # refuse (a console error); it only serves the css-orientation-lock rule.
    if not phone:
        return tab.evaluate("() => axe.run(document, {resultTypes: ['violations'], preload: false})"
                            ".then(r => r.violations)")
    return tab.evaluate("""async () => {
        const rest = await axe.run(document, {resultTypes: ['violations'], preload: false,
                                              rules: {'color-contrast': {enabled: false}}});
        if (!document.querySelector('.bd-header-article')) return rest.violations;  // search, index pages
        const header = await axe.run({include: ['.bd-header-article']},
                                     {resultTypes: ['violations'], preload: false, runOnly: ['color-contrast']});
        return rest.violations.concat(header.violations);
    }""")


def _set_mode(tab, mode: str) -> None:
    """The theme's own switch sets data-theme (and data-mode) on <html>; set them as it does."""
    tab.evaluate("m => { document.documentElement.dataset.theme = m; document.documentElement.dataset.mode = m; }",
                 mode)


@pytest.fixture(scope="module")
def audit(chromium_browser, built_project) -> Audit:
    html = built_project / "book" / "_build" / "html"
    # The book's pages; _static/ also holds the theme's template fragments (*-macros.html), not pages.
    pages = (p.relative_to(html) for p in html.rglob("*.html"))
    result = Audit(pages=sorted(str(p) for p in pages if p.parts[0] not in ("_static", "_sources")))
    start = time.monotonic()
    context = chromium_browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    current: list[str] = [""]
    tab.on("console", lambda m: m.type == "error" and result.problems.append(f"{current[0]}: console {m.text}"))
    tab.on("pageerror", lambda e: result.problems.append(f"{current[0]}: page error {e}"))
    tab.on("requestfailed", lambda r: result.problems.append(f"{current[0]}: failed request {r.url}"))
    for page in result.pages:
        current[0] = page
        tab.set_viewport_size(DESKTOP)
        tab.goto((html / page).as_uri(), wait_until="load")
        broken = tab.evaluate("() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))"
                              ".map(i => i.getAttribute('src'))")
        result.problems += [f"{page}: image does not load: {src}" for src in broken]
        # Colours are read right after a mode switch: no transition may be half-way.
        tab.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        for viewport, width in ((DESKTOP, "1366"), (PHONE, "390")):
            if viewport is PHONE:
                tab.set_viewport_size(viewport)
                tab.wait_for_timeout(400)  # the theme re-marks scrollable tables 300 ms after a resize
            for mode in MODES:
                _set_mode(tab, mode)
                for v in _axe(tab, phone=viewport is PHONE):
                    if v["impact"] in ("serious", "critical") or v["id"] not in ALLOWED:
                        where = "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                                          for n in v["nodes"][:3])
                        result.violations.append(
                            f"{page} ({width} px, {mode}): {v['impact']} {v['id']}: {v['help']} [{where}]")
    context.close()
    result.seconds = time.monotonic() - start
    print(f"\naudit: {len(result.pages)} pages x 2 widths x 2 modes in {result.seconds:.0f} s")
    return result


def test_every_page_passes_the_accessibility_audit(audit):
    assert len(audit.pages) > 40
    assert audit.violations == [], "\n".join(audit.violations[:40])


def test_every_page_loads_without_errors_and_with_its_images(audit):
    assert audit.problems == [], "\n".join(audit.problems[:40])


def test_allowed_violations_are_only_moderate_or_minor_and_give_a_reason():
    assert all(len(reason) > 20 for reason in ALLOWED.values())


@pytest.fixture()
def phone_and_desktop(chromium_browser, built_project):
    """One page of the book in a fresh context per width (the toggles change the page's state)."""
    opened = []

    def open_at(viewport, page="_generated/urbanisasi.html"):
        context = chromium_browser.new_context(viewport=viewport)
        tab = context.new_page()
        problems: list[str] = []
        tab.on("pageerror", lambda e: problems.append(str(e)))
        tab.goto((built_project / "book" / "_build" / "html" / page).as_uri(), wait_until="load")
        opened.append(context)
        return tab, problems

    yield open_at
    for context in opened:
        context.close()


def test_phone_menu_and_contents_buttons_open_the_navigation(phone_and_desktop):
    tab, problems = phone_and_desktop(PHONE)
    menu = tab.locator("button.primary-toggle:visible")
    assert menu.count() == 1, "one visible menu button"
    assert not tab.locator("nav.bd-docs-nav a").first.is_visible()
    menu.click()
    dialog = tab.locator("dialog#pst-primary-sidebar-modal")
    assert dialog.evaluate("d => d.open")
    assert dialog.locator("nav.bd-docs-nav a", has_text="Kemiskinan di perkotaan").first.is_visible()
    tab.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    contents = tab.locator("button.secondary-toggle:visible")
    assert contents.count() == 1, "one visible contents (Isi) button"
    contents.click()
    dialog = tab.locator("dialog#pst-secondary-sidebar-modal")
    assert dialog.evaluate("d => d.open")
    assert dialog.locator("nav a").first.is_visible()
    assert problems == []


def test_desktop_menu_button_hides_and_shows_the_sidebar(phone_and_desktop):
    tab, problems = phone_and_desktop(DESKTOP)
    sidebar = tab.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    assert tab.locator(".search-button-field:visible").count() == 1, "one search box"
    tab.locator("button.primary-toggle:visible").click()
    tab.wait_for_timeout(400)  # the sidebar slides away
    assert not sidebar.locator("nav.bd-docs-nav").is_visible()
    tab.locator("button.primary-toggle:visible").click()
    tab.wait_for_timeout(400)
    assert sidebar.locator("nav.bd-docs-nav").is_visible()
    assert problems == []


def test_page_controls_are_reachable_with_the_keyboard(phone_and_desktop):
    """Tab from the top of the page reaches the menu, download, full-screen, colour-mode, search
    and contents controls, and Enter on the menu button opens the navigation on a phone."""
    for viewport in (DESKTOP, PHONE):
        tab, _ = phone_and_desktop(viewport)
        wanted = {
            "button.primary-toggle", ".dropdown-download-buttons button", "button.btn-fullscreen-button",
            "button.theme-switch-button", "button.search-button-field, button.search-button",
        }
        if viewport is PHONE:
            wanted.add("button.secondary-toggle")
        visible = {w for w in wanted if tab.locator(f"{w}").locator("visible=true").count()}
        reached: set[str] = set()
        for _ in range(250):
            tab.keyboard.press("Tab")
            reached |= {w for w in visible if tab.evaluate(
                "sel => [...document.querySelectorAll(sel)].includes(document.activeElement)", w)}
            if reached == visible:
                break
        assert reached == visible, f"{viewport['width']} px: not reached by Tab: {visible - reached}"
        if viewport is PHONE:
            tab.locator("button.primary-toggle:visible").focus()
            tab.keyboard.press("Enter")
            assert tab.locator("dialog#pst-primary-sidebar-modal").evaluate("d => d.open")


def test_pages_show_no_code_and_link_their_executed_notebook(chromium_browser, built_project):
    """Reader pages: prose, tables and figures; the code is one click away in the provenance box."""
    html = built_project / "book" / "_build" / "html"
    for page in ("_generated/urbanisasi.html", "_generated/kemiskinan.html", "_generated/provinsi/lampung.html"):
        tab, problems = open_page(chromium_browser, built_project, page)
        assert tab.locator(".cell_input, details.hide-input, .toggle-details").count() == 0, page
        assert "Tampilkan kode" not in tab.locator("main").inner_text()
        links = tab.locator("details.asal-usul a[href$='.ipynb']")
        assert links.count() >= 1, page
        target = (html / page).parent / links.first.get_attribute("href")
        assert target.resolve().is_file(), target
        assert tab.locator("details.asal-usul code", has_text="snakemake").count() == links.count()
        assert problems == []
        tab.close()
