"""The provinces that get a page, their page names, and the Papermill parameters of each page.

The Snakefile imports this module while it parses the workflow, so it must stay cheap: it reads only
the region table (``kompendium/data/wilayah.csv``), never pandas or matplotlib.
"""

from __future__ import annotations

import re

from kompendium import wilayah
from kompendium.kosakata import KODE_INDONESIA

#: The processed tables every province page reads (key used in the code -> table name).
TABEL = {
    "p0": "p0_provinsi",
    "gk": "gk_provinsi",
    "proyeksi": "bps_1276_penduduk_perkotaan",
    "p0_nasional": "p0_daerah",
    "gk_nasional": "gk_daerah",
}
#: Kabupaten/kota tables by province code: only Lampung's is in data/raw.
KABKOTA = {"18": "p0_kabkota_lampung"}


def slug(nama: str) -> str:
    """URL-safe page name of a region: 'DKI Jakarta' -> 'dki-jakarta'."""
    teks = re.sub(r"[^0-9a-z]+", "-", nama.casefold()).strip("-")
    if not teks:
        raise ValueError(f"nama wilayah {nama!r} tidak menghasilkan nama halaman")
    return teks


def daftar_provinsi() -> dict[str, str]:
    """BPS code -> page slug of every province in the region table (known before any data is read)."""
    return {
        w.kode: slug(w.nama)
        for w in sorted(wilayah.semua(), key=lambda w: w.kode)
        if w.provinsi and w.kode != KODE_INDONESIA
    }


def parameter_halaman(slug: str, kode: str, sorot: list[str],
                      kabkota: dict[str, str] | None = None) -> dict:
    """Papermill parameters of one province page (paths relative to book/_generated/provinsi).

    `sorot`: the kabupaten/kota codes highlighted (config ``provinsi.kabkota_sorot``);
    `kabkota`: kabupaten/kota table by province code (default :data:`KABKOTA`).
    """
    tabel_kk = (KABKOTA if kabkota is None else kabkota).get(kode)
    return {
        "data_dir": "../../../data/processed",
        "figures_dir": f"../figures/kabkota/{slug}",
        "numbers_path": f"../../../data/processed/angka/provinsi/{slug}.json",
        "provinsi": kode,
        "ringkasan_path": f"../../../data/processed/provinsi/{slug}.json",
        "gambar_dir": f"../figures/provinsi/{slug}",
        "kabkota_csv": f"{tabel_kk}.csv" if tabel_kk else "",
        # Only this province's kabupaten/kota (their BPS codes start with the province code).
        "kabkota_sorot": [k for k in sorot if k.startswith(kode)] if tabel_kk else [],
    }
