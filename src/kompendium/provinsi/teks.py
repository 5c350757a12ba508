"""The prose of the province pages and their index page, rendered from Jinja2 templates.

The templates (``templates/*.md.j2``) are MyST Markdown. Numbers in the prose are glue roles
(``{glue:text}`p0_total```) filled by the notebook from the same summary, never typed; the alt
text of a figure cannot hold a role, so it formats its numbers with the ``angka`` filter.

Two filters keep the templates readable: ``{% filter paragraf %}`` joins the lines of a block (its
sentences may be wrapped and some left out by ``{% if %}``) into one paragraph line, and
``satu_baris`` does the same without the final newline (figure options and captions).
Block tags take their line with them (``trim_blocks``, ``lstrip_blocks``).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import jinja2

from kompendium.format import angka

if TYPE_CHECKING:
    import pandas as pd

#: The sections of a province page rendered from its summary alone (template name = section).
BAGIAN = ("ringkasan", "tren", "gk", "peringkat", "proyeksi")


def satu_baris(teks: str) -> str:
    """Join the lines (and runs of spaces) of `teks` into one line."""
    return " ".join(str(teks).split())


def paragraf(teks: str) -> str:
    """One paragraph line, ending with a newline."""
    return satu_baris(teks) + "\n"


@cache
def environment() -> jinja2.Environment:
    """The templates of this package; an undefined name in a template is an error, not ''."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kompendium.provinsi", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML
    )
    env.filters.update(angka=angka, satu_baris=satu_baris, paragraf=paragraf)
    return env


def render(template: str, **konteks) -> str:
    """Render ``templates/<template>.md.j2``."""
    return environment().get_template(f"{template}.md.j2").render(**konteks)


def render_section(bagian: str, r: dict, folder: str) -> str:
    """One section of a province page from its summary `r`; `folder`: its charts, seen from the page."""
    if bagian not in BAGIAN:
        raise ValueError(f"bagian halaman provinsi tidak dikenal {bagian!r}; pilihan: {list(BAGIAN)}")
    return render(bagian, angka=r["angka"], teks=r["teks"], tahun=r["tahun"], folder=folder)


def render_kabkota(kk: dict, path_gambar: str, slug: str) -> str:
    """The kabupaten/kota section (`kk` from `ringkasan.ringkas_kabkota`; glue keys kk_*)."""
    return render("kabkota", kk=kk, path=path_gambar, slug=slug)


def render_kabkota_kosong() -> str:
    """The kabupaten/kota section of a province whose kabupaten/kota table is not in data/raw."""
    return render("kabkota_kosong")


def render_index(indeks: pd.DataFrame, semester: dict[str, str]) -> str:
    """The index page (MyST Markdown): what the table shows, and one row per province linked to its page.

    `indeks`: `ringkasan.data_indeks`; `semester`: the labels semester_akhir, semester_daerah and
    semester_gk (the `teks` of any summary: every summary has the same)."""
    return render(
        "indeks",
        baris=indeks.sort_values("kode").to_dict("records"),
        semester=semester,
        tanpa_proyeksi=int(indeks["kota_akhir"].isna().sum()),
    )
