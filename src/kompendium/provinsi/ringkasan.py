"""Every number a province page cites, one summary per province, and the index table.

The workflow prepares every province in ONE job (:func:`write_summaries`, rule
``prepare_province_pages``): the numbers and the table of each page, and the index page. Each
province notebook then only reads its summary and glues it, so that 38 notebooks do not each re-read
every table. A summary is a JSON object::

    {"angka": {key: [value, decimals]}, "teks": {key: text}, "tahun": {key: year},
     "tabel": {"html": ..., "teks": ...}}

A figure BPS does not publish (rural DKI Jakarta, the projection of a province created after 2010)
is left out of ``angka``; the page's prose then says so.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from kompendium import wilayah
from kompendium.errors import BpsFormatError, KompendiumError
from kompendium.format import angka as fmt
from kompendium.format import daftar_kata
from kompendium.kosakata import (
    KODE_INDONESIA,
    NAMA_INDONESIA,
    PERDESAAN,
    PERKOTAAN,
    TOTAL,
    dari_urutan,
    label_periode,
    nasional,
    urutan,
    waktu,
)
from kompendium.provinsi.daftar import TABEL, daftar_provinsi, slug
from kompendium.tidy import read_csv

#: Provinces split inside the data's years: new province -> the province it was carved from
#: (UU 20/2012 Kalimantan Utara; UU 14, 15, 16/2022 Papua Selatan, Tengah, Pegunungan;
#: UU 29/2022 Papua Barat Daya). The parent's series then covers a smaller area after the split,
#: and BPS's 2010-2035 projection keeps the 2010 boundaries.
PEMEKARAN = {"65": "64", "95": "94", "96": "94", "97": "94", "92": "91"}


def dengan_waktu(tabel: pd.DataFrame) -> pd.DataFrame:
    """Add `urut` (sortable period key, :func:`kosakata.urutan`) and `waktu` (decimal year)."""
    return tabel.assign(urut=urutan(tabel["tahun"], tabel["periode"]),
                        waktu=waktu(tabel["tahun"], tabel["periode"]))


def periksa_provinsi(tabel: pd.DataFrame, path: str | Path) -> None:
    """The provinces of a table must be those of the region table (the workflow's page list)."""
    ada = set(tabel["kode_wilayah"]) - {KODE_INDONESIA}
    harap = set(daftar_provinsi())
    if ada != harap:
        raise BpsFormatError(
            path, f"provinsi {sorted(harap)} (kompendium/data/wilayah.csv)", column="kode_wilayah",
            found=f"tidak ada di data: {sorted(harap - ada)}, tidak dikenal: {sorted(ada - harap)}",
        )


def read_tables(data_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The tables every province page uses (:data:`daftar.TABEL`), with `urut` and `waktu`,
    checked to hold the provinces of the region table."""
    path = {k: Path(data_dir) / f"{nama}.csv" for k, nama in TABEL.items()}
    t = {k: dengan_waktu(read_csv(p)) for k, p in path.items()}
    periksa_provinsi(t["p0"], path["p0"])
    periksa_provinsi(t["gk"], path["gk"])
    return t


def terakhir(tabel: pd.DataFrame, daerah: str) -> int:
    """The latest period (`urut`) in which some province has a figure for `daerah`."""
    ada = tabel[(tabel["daerah"] == daerah) & (tabel["kode_wilayah"] != KODE_INDONESIA)]
    ada = ada.dropna(subset=["nilai"])
    if ada.empty:
        raise KompendiumError(f"tidak ada nilai provinsi untuk daerah {daerah!r}")
    return int(ada["urut"].max())


def label_urut(urut: int) -> str:
    """How a reader sees one period key: 'Maret 2025'."""
    return label_periode(*dari_urutan(urut))


def nilai_pada(tabel: pd.DataFrame, kode: str, daerah: str, urut: int) -> float:
    """One value (NaN where BPS publishes none, e.g. rural DKI Jakarta)."""
    pilih = tabel[(tabel["kode_wilayah"] == kode) & (tabel["daerah"] == daerah) & (tabel["urut"] == urut)]
    if len(pilih) > 1:
        raise KompendiumError(f"lebih dari satu nilai untuk {kode} {daerah} {label_urut(urut)}")
    return float(pilih["nilai"].iloc[0]) if len(pilih) else math.nan


def peringkat(nilai: pd.Series) -> pd.Series:
    """Rank 1 = the highest value; ties share the better rank; missing values get no rank."""
    return nilai.rank(ascending=False, method="min")


def ringkas(kode: str, t: dict[str, pd.DataFrame]) -> dict:
    """Every number one province page cites: {'angka': {key: [value, decimals]}, 'teks': ..., 'tahun': ...}."""
    p0, gk, proyeksi = t["p0"], t["gk"], t["proyeksi"]
    p0_idn, gk_idn = nasional(t["p0_nasional"]), nasional(t["gk_nasional"])
    w = wilayah.menurut_kode(kode)
    angka: dict[str, list] = {}
    teks: dict[str, str] = {"nama": w.nama, "kode": kode, "slug": slug(w.nama)}
    tahun: dict[str, int] = {}

    def catat(kunci: str, nilai: float, desimal: int) -> None:
        if not math.isnan(nilai):  # a missing figure is left out; the page then says so
            angka[kunci] = [float(nilai), desimal]

    # BPS sometimes publishes a semester for the province total only (September 2025): the
    # urban/rural figures are those of the latest semester that has them.
    akhir = terakhir(p0, TOTAL)
    akhir_daerah = terakhir(p0, PERKOTAAN)
    teks["semester_akhir"] = label_urut(akhir)
    teks["semester_daerah"] = label_urut(akhir_daerah)
    catat("p0_total", nilai_pada(p0, kode, TOTAL, akhir), 2)
    catat("idn_p0_total", nilai_pada(p0_idn, KODE_INDONESIA, TOTAL, akhir), 2)
    for daerah, akhiran in ((TOTAL, "total_daerah"), (PERKOTAAN, "kota"), (PERDESAAN, "desa")):
        catat(f"p0_{akhiran}", nilai_pada(p0, kode, daerah, akhir_daerah), 2)
        catat(f"idn_p0_{akhiran}", nilai_pada(p0_idn, KODE_INDONESIA, daerah, akhir_daerah), 2)
    if "p0_kota" in angka and "p0_desa" in angka:
        catat("selisih_desa_kota", angka["p0_desa"][0] - angka["p0_kota"][0], 2)
        if angka["selisih_desa_kota"][0] < 0:  # urban poverty above rural: the prose says so
            catat("selisih_kota_desa", -angka["selisih_desa_kota"][0], 2)

    # The province's own series: first semester with a figure (new provinces start late).
    seri = p0[(p0["kode_wilayah"] == kode) & (p0["daerah"] == TOTAL)].dropna(subset=["nilai"])
    awal = seri.loc[seri["urut"].idxmin()]
    teks["semester_awal"] = label_urut(int(awal["urut"]))
    catat("p0_awal", float(awal["nilai"]), 2)
    catat("idn_p0_awal", nilai_pada(p0_idn, KODE_INDONESIA, TOTAL, int(awal["urut"])), 2)
    catat("p0_turun", float(awal["nilai"]) - angka["p0_total"][0], 2)
    if angka["p0_turun"][0] < 0:  # a rise is written as "naik" with a positive number
        catat("p0_naik", -angka["p0_turun"][0], 2)
    if w.dibentuk:
        tahun["dibentuk"] = int(w.dibentuk)
    anak = [k for k, induk in PEMEKARAN.items() if induk == kode]
    if anak:
        dibentuk = {int(wilayah.menurut_kode(k).dibentuk) for k in anak}
        if len(dibentuk) != 1:
            raise KompendiumError(f"pemekaran {kode}: provinsi baru {anak} dibentuk pada tahun berbeda {dibentuk}")
        tahun["pemekaran"] = dibentuk.pop()
        teks["pemekaran_provinsi"] = daftar_kata([wilayah.menurut_kode(k).nama for k in sorted(anak)])
    if kode in PEMEKARAN:
        teks["induk"] = wilayah.menurut_kode(PEMEKARAN[kode]).nama

    for daerah, akhiran, urut in ((TOTAL, "total", akhir), (PERKOTAAN, "kota", akhir_daerah)):
        semua = p0[(p0["urut"] == urut) & (p0["kode_wilayah"] != KODE_INDONESIA) & (p0["daerah"] == daerah)]
        nilai = semua.set_index("kode_wilayah")["nilai"].dropna()
        if kode in nilai.index:
            catat(f"peringkat_{akhiran}", float(peringkat(nilai)[kode]), 0)
            catat(f"jumlah_peringkat_{akhiran}", float(len(nilai)), 0)

    gk_akhir = terakhir(gk, PERKOTAAN)
    teks["semester_gk"] = label_urut(gk_akhir)
    for daerah, akhiran in ((PERKOTAAN, "kota"), (PERDESAAN, "desa")):
        catat(f"gk_{akhiran}", nilai_pada(gk, kode, daerah, gk_akhir), 0)
        catat(f"idn_gk_{akhiran}", nilai_pada(gk_idn, KODE_INDONESIA, daerah, gk_akhir), 0)
        if f"gk_{akhiran}" in angka:
            catat(f"gk_{akhiran}_persen_idn",
                  100 * angka[f"gk_{akhiran}"][0] / angka[f"idn_gk_{akhiran}"][0], 0)

    kota = proyeksi[proyeksi["kode_wilayah"] == kode].set_index("tahun")["nilai"]
    if len(kota):
        idn = nasional(proyeksi).set_index("tahun")["nilai"]
        tahun["proyeksi_awal"], tahun["proyeksi_akhir"] = int(kota.index.min()), int(kota.index.max())
        catat("kota_awal", float(kota.iloc[0]), 1)
        catat("kota_akhir", float(kota.iloc[-1]), 1)
        catat("kota_naik", float(kota.iloc[-1] - kota.iloc[0]), 1)
        if angka["kota_naik"][0] < 0:
            catat("kota_turun", -angka["kota_naik"][0], 1)
        catat("idn_kota_awal", float(idn[kota.index.min()]), 1)
        catat("idn_kota_akhir", float(idn[kota.index.max()]), 1)
    return {"angka": angka, "teks": teks, "tahun": tahun}


def tabel_ringkas(r: dict) -> pd.DataFrame:
    """The page's small table: province beside Indonesia, latest semester."""
    a, t = r["angka"], r["teks"]

    def ambil(k: str) -> float:
        return a[k][0] if k in a else math.nan

    baris = [
        (f"Penduduk miskin, perkotaan+perdesaan (%), {t['semester_akhir']}", "p0_total"),
        (f"Penduduk miskin, perkotaan (%), {t['semester_daerah']}", "p0_kota"),
        (f"Penduduk miskin, perdesaan (%), {t['semester_daerah']}", "p0_desa"),
        (f"Garis kemiskinan, perkotaan (Rp/kapita/bulan), {t['semester_gk']}", "gk_kota"),
        (f"Garis kemiskinan, perdesaan (Rp/kapita/bulan), {t['semester_gk']}", "gk_desa"),
    ]
    # Formatted here, row by row: percentages with 2 decimals, rupiah with none.
    df = pd.DataFrame(
        {t["nama"]: [fmt(ambil(k), 0 if k.startswith("gk") else 2) for _, k in baris],
         NAMA_INDONESIA: [fmt(ambil(f"idn_{k}"), 0 if k.startswith("gk") else 2) for _, k in baris]},
        index=[judul for judul, _ in baris],
    )
    df.index.name = "Ukuran"
    return df


def tabel_buku(r: dict) -> dict[str, str]:
    """The page's table as the book shows it: {'html': ..., 'teks': ...} (`gaya.tabel`)."""
    from kompendium import gaya

    hasil = gaya.tabel(
        tabel_ringkas(r),
        f"{r['teks']['nama']} dan {NAMA_INDONESIA}: penduduk miskin dan garis kemiskinan terbaru",
        2, kunci=f"ringkas-{r['teks']['slug']}",
    )
    return {"html": hasil.html, "teks": hasil.teks}


#: Columns of the index table taken from the summaries.
KOLOM_INDEKS = ("p0_total", "p0_kota", "p0_desa", "peringkat_total", "gk_kota", "kota_akhir")


def data_indeks(ringkasan: list[dict]) -> pd.DataFrame:
    """One row per province for the index page's sortable table (NaN where a figure is missing)."""
    baris = []
    for r in ringkasan:
        a = r["angka"]
        baris.append({
            "kode": r["teks"]["kode"], "provinsi": r["teks"]["nama"], "slug": r["teks"]["slug"],
            **{k: (a[k][0] if k in a else math.nan) for k in KOLOM_INDEKS},
        })
    return pd.DataFrame(baris)


def write_summaries(data_dir: str | Path, output: str | Path, index_md: str | Path) -> list[dict]:
    """The `prepare_province_pages` job: per-province JSON (numbers, table), the index table and page.

    The charts are drawn by another job (:func:`kompendium.provinsi.grafik.draw_charts`): the
    notebooks only need the numbers, so they start while the charts are still being drawn.
    """
    from kompendium.atomic import write_csv, write_json, write_text
    from kompendium.provinsi.teks import render_index

    t = read_tables(data_dir)
    output = Path(output)
    ringkasan = []
    for kode in daftar_provinsi():
        r = ringkas(kode, t)
        r["tabel"] = tabel_buku(r)
        write_json(output / f"{r['teks']['slug']}.json", r)
        ringkasan.append(r)
    indeks = data_indeks(ringkasan)
    write_csv(indeks, output / "indeks.csv")
    # The page shows the total of the urban/rural semester beside them (one period per column group);
    # indeks.csv keeps its columns.
    total_daerah = [r["angka"].get("p0_total_daerah", [math.nan])[0] for r in ringkasan]
    write_text(index_md, render_index(indeks.assign(p0_total_daerah=total_daerah), ringkasan[0]["teks"]))
    return ringkasan


# ---- the kabupaten/kota section (only provinces with such a table: Lampung) -----------------


def periksa_sorot(kabkota: pd.DataFrame, sorot: list[str]) -> None:
    """Every highlighted kabupaten/kota must have a value in the latest year of the table."""
    akhir = int(kabkota["tahun"].max())
    ada = set(kabkota.loc[(kabkota["tahun"] == akhir) & kabkota["nilai"].notna(), "kode_wilayah"])
    tidak_ada = [k for k in sorot if k not in ada or len(k) != 4]
    if tidak_ada:
        raise KompendiumError(
            f"provinsi.kabkota_sorot (config/config.yaml): kode {tidak_ada} tidak ada di data "
            f"kabupaten/kota tahun {akhir}; yang ada: {sorted(k for k in ada if len(k) == 4)}"
        )


def ringkas_kabkota(kabkota: pd.DataFrame, kode: str, sorot: list[str]) -> dict:
    """Numbers of the kabupaten/kota section: latest year, each highlighted one, its rank."""
    periksa_sorot(kabkota, sorot)
    akhir = int(kabkota["tahun"].max())
    data = kabkota[kabkota["tahun"] == akhir].dropna(subset=["nilai"]).set_index("kode_wilayah")
    kk = data[data.index.str.len() == 4]["nilai"]
    hasil: dict = {"tahun": akhir, "jumlah": len(kk), "provinsi": float(data.loc[kode, "nilai"]), "sorot": []}
    rank = peringkat(kk)
    for k in sorot:
        hasil["sorot"].append({"kode": k, "nama": str(data.loc[k, "wilayah"]), "p0": float(kk[k]),
                               "peringkat": int(rank[k])})
    return hasil
