"""The audit in the book: status badges and labels, the audit table, the tables behind each
finding, and the numbers the audit chapter glues into its prose."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kompendium import kosakata
from kompendium.gaya import TabelBuku, tabel
from kompendium.klaim.audit import read_finding
from kompendium.klaim.kontrak import (
    ATRIBUSI_KELIRU,
    BERBEDA,
    COCOK,
    TAK_TERPERIKSA,
    KlaimError,
    berkas,
)

#: Status -> (badge colour from Okabe & Ito, text colour, symbol, words). The symbol and the words
#: carry the meaning too, so the badge reads without colour; each text colour keeps contrast >= 4.5.
LENCANA = {
    COCOK: ("#009E73", "#000000", "✓", "cocok"),
    ATRIBUSI_KELIRU: ("#E69F00", "#000000", "≈", "cocok, atribusi keliru"),
    BERBEDA: ("#D55E00", "#000000", "≠", "berbeda"),  # white on vermillion is only 3.9:1
    TAK_TERPERIKSA: ("#BBBBBB", "#000000", "?", "tidak dapat diverifikasi"),
}
#: Status -> the short name of its glued count and label in the chapter (jumlah_cocok, label_tak).
KUNCI_STATUS = {COCOK: "cocok", ATRIBUSI_KELIRU: "atribusi", BERBEDA: "berbeda", TAK_TERPERIKSA: "tak"}


def label_status(status: str) -> str:
    """The badge's text: symbol and words (used in prose, where colour is not available)."""
    _, _, simbol, kata = LENCANA[status]
    return f"{simbol} {kata}"


def _lencana(status: str) -> str:
    latar, teks, _, _ = LENCANA[status]
    return (f'<span class="lencana-status" style="background-color: {latar}; color: {teks}; '
            f'font-weight: 600; border-radius: 0.4rem; padding: 0.1rem 0.45rem; '
            f'display: inline-block">{label_status(status)}</span>')


def render_status_table(audit: pd.DataFrame, judul: str) -> TabelBuku:
    """The audit table for the book: one row per claim, the status as a colour-blind-safe badge."""
    tampil = audit[["id", "bagian", "klaim", "nilai_artikel", "status"]].rename(
        columns={"id": "Id", "bagian": "Bagian artikel", "klaim": "Yang diklaim",
                 "nilai_artikel": "Angka artikel", "status": "Status"})
    kiri = {"text-align": "left", "vertical-align": "top"}
    html = (tampil.style.hide(axis="index").set_caption(judul).set_uuid("status")
            .format(_lencana, subset=["Status"]).set_properties(**kiri).to_html())
    # The plain-text twin carries the words, not the markup.
    teks = (tampil.style.hide(axis="index").format(label_status, subset=["Status"])
            .to_string(delimiter=" | "))
    return TabelBuku(html, f"{judul}\n{teks}")


def tempel_angka(angka, audit: pd.DataFrame) -> None:
    """Glue the chapter's counts per status, the status labels, and each claim's status and explanation.

    ``angka`` is the chapter's :class:`kompendium.tempel.Angka`."""
    angka.tempel("jumlah_klaim", len(audit), 0)
    for status, kunci in KUNCI_STATUS.items():
        angka.tempel(f"jumlah_{kunci}", int((audit["status"] == status).sum()), 0)
        angka.tempel_teks(f"label_{kunci}", label_status(status))
    for baris in audit.itertuples():
        angka.tempel_teks(f"status_{baris.id}", label_status(baris.status))
        angka.tempel_teks(f"penjelasan_{baris.id}", baris.penjelasan)


# ----------------------------------------------------------------------------- the findings

@dataclass(frozen=True)
class TampilanTemuan:
    """How the book shows one kind of finding: column headers, caption, decimals, which rows."""

    kolom: dict[str, str]
    judul: Callable[[dict], str]
    desimal: int = 1
    #: Appended to the claim id for the table's stable HTML id (for claims that show two tables).
    akhiran: str = ""
    baris: Callable[[pd.DataFrame, dict], pd.DataFrame] | None = None


def _sekitar_kecocokan(t: pd.DataFrame, entri: dict) -> pd.DataFrame:
    """C5: the years from just before the first match up to the article's year."""
    awal = int(t.loc[t["cocok"], "tahun"].min()) - 1 if t["cocok"].any() else int(t["tahun"].min())
    return t[(t["tahun"] >= awal) & (t["tahun"] <= int(entri["aturan"]["tahun_rujukan"]))]


#: (checker, finding) -> how it is shown. Findings not listed here are data only.
TAMPILAN = {
    ("periksa_tabel_urbanisasi", "perbandingan"): TampilanTemuan(
        {"tahun": "Tahun", "artikel": "Artikel", "data": "Tabel BPS 1276", "selisih": "Selisih",
         "cocok": "Cocok"},
        lambda e: f"Baris {kosakata.NAMA_INDONESIA}: artikel dan tabel BPS 1276 (persen penduduk perkotaan)"),
    ("periksa_penduduk_jakarta", "penduduk"): TampilanTemuan(
        {"tahun": "Tahun", "konsep": "Angka", "penduduk_jiwa": "Penduduk (jiwa)",
         "presisi_jiwa": "Presisi sumber (± jiwa)", "selisih_jiwa": "Selisih dari artikel (jiwa)",
         "cocok": "Sama dengan artikel"},
        lambda e: f"Angka penduduk DKI Jakarta yang tercatat ({berkas(e['data'][0])})", 0, "penduduk"),
    ("periksa_penduduk_jakarta", "luas"): TampilanTemuan(
        {"tahun": "Tahun", "konsep": "Dari", "luas_km2": "Luas (km²)", "asal": "Asal angka luas",
         "kepadatan_hitung": "Kepadatan dengan penduduk artikel (jiwa/km²)", "cocok": "Sama dengan artikel"},
        lambda e: "Kepadatan yang dihitung ulang dengan setiap luas DKI Jakarta yang tercatat", 2, "luas"),
    ("periksa_provinsi_miskin", "provinsi"): TampilanTemuan(
        {"wilayah": "Provinsi", "tahun": "Tahun", "periode": "Semester", "nilai": "P0 provinsi (%)",
         "p0_nasional_saat_itu": "P0 nasional saat itu (%)",
         "semester_sama": "Semester sama dengan angka nasional artikel"},
        lambda e: f"Provinsi dan semester yang P0-nya dibulatkan menjadi angka artikel ({berkas(e['data'][1])})",
        2),
    ("periksa_pangsa_perkotaan", "tahunan"): TampilanTemuan(
        {"tahun": "Tahun", "pangsa_perkotaan": "Penduduk perkotaan (%)",
         "cocok": "Dibulatkan sama dengan artikel"},
        lambda e: "Proyeksi persentase penduduk perkotaan Indonesia per tahun (tabel 1276, tahun antara diisi "
                  "garis lurus)",
        baris=_sekitar_kecocokan),
    ("periksa_miskin_kota", "p0_cocok"): TampilanTemuan(
        {"tahun": "Tahun", "periode": "Semester", "nilai": "P0 perkotaan (%)"},
        lambda e: f"Semester dengan P0 perkotaan yang dibulatkan sama dengan angka artikel "
                  f"({berkas(e['data'][0])})", 2),
}


def _teks_tahun(t) -> str:
    return "–" if pd.isna(t) else str(int(t))


def render_finding(folder: str | Path, entri: dict, nama: str) -> TabelBuku:
    """One finding of a claim, read from the findings folder, as a book table: years as text,
    ya/tidak for true/false, headers in words."""
    tampilan = TAMPILAN.get((entri["pemeriksa"], nama))
    if tampilan is None:
        raise KlaimError(f"temuan {nama!r} dari {entri['pemeriksa']} tidak punya tampilan; diharapkan "
                         f"salah satu dari {sorted(n for p, n in TAMPILAN if p == entri['pemeriksa'])}")
    t = read_finding(folder, entri["id"], nama)
    if tampilan.baris is not None:
        t = tampilan.baris(t, entri)
    t = t.copy()
    if "tahun" in t:
        t["tahun"] = t["tahun"].map(_teks_tahun)
    for kolom in t.select_dtypes(include="bool").columns:
        t[kolom] = t[kolom].map({True: "ya", False: "tidak"})
    return tabel(t.rename(columns=tampilan.kolom), tampilan.judul(entri), tampilan.desimal,
                 tanpa_indeks=True, kunci=f"{entri['id'].lower()}{tampilan.akhiran}")
