"""Screenshots of the built book as a student sees it, for reviewing a change by eye.

    python tools/screenshots.py [book/_build/html] [--output screenshots]

Every chapter and five province pages, at 1366 px and 390 px (headless Debian Chromium), full page.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

PROVINCES = ("lampung", "dki-jakarta", "papua", "papua-tengah", "kalimantan-utara")
WIDTHS = {1366: 900, 390: 844}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]


def pages(html: Path) -> list[Path]:
    chapters = sorted(html.glob("_generated/*.html")) + [html / "index.html", html / "pustaka.html",
                                                          html / "panduan_pembaruan.html"]
    return chapters + [html / "_generated" / "provinsi" / f"{slug}.html" for slug in PROVINCES]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", default="book/_build/html", type=Path)
    parser.add_argument("--output", default="screenshots", type=Path)
    args = parser.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=FLAGS)
        for width, height in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            tab = context.new_page()
            for page in pages(args.html):
                tab.goto(page.resolve().as_uri(), wait_until="load")
                out = args.output / f"{page.stem}-{width}.png"
                tab.screenshot(path=str(out), full_page=True)
                print(out)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
