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

from kompendium.format import angka, bulatkan
from kompendium.kosakata import PERDESAAN, PERKOTAAN
from kompendium.warna import DAERAH, LATAR, OKABE_ITO, nama_warna

if TYPE_CHECKING:
    import pandas as pd

#: The colours of the province charts (drawn by `grafik`), named in the templates by `nama_warna`.
WARNA_SOROT_PROVINSI = OKABE_ITO["merah"]
WARNA_SOROT_KABKOTA = OKABE_ITO["oranye"]
WARNA_PROYEKSI = OKABE_ITO["biru"]

#: The sections of a province page rendered from its summary alone (template name = section).
BAGIAN = ("ringkasan", "tren", "gk", "peringkat", "proyeksi")


def nol(pasangan) -> bool:
    """Whether a summary number ``[value, decimals]`` is written as zero (no change to report)."""
    nilai, desimal = pasangan
    return bulatkan(nilai, int(desimal)).is_zero()


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
    env.tests["nol"] = nol
    # Colour words come from the palette's one mapping (kompendium.warna), never typed.
    env.globals["warna"] = {
        "perkotaan": nama_warna(DAERAH[PERKOTAAN]), "perdesaan": nama_warna(DAERAH[PERDESAAN]),
        "sorot_provinsi": nama_warna(WARNA_SOROT_PROVINSI), "sorot_kabkota": nama_warna(WARNA_SOROT_KABKOTA),
        "proyeksi": nama_warna(WARNA_PROYEKSI), "latar": nama_warna(LATAR),
    }
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
