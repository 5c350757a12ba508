"""Province pages: one summary per province (P0, poverty line, rank, urban share, national figures).

The workflow prepares every province in ONE job (`siapkan`): the numbers and the table of each page,
and the data of the index page. Another job draws every page's charts (`gambar_semua`) while the
notebooks run. Each province notebook only loads its summary and glues it, so that 38 notebooks do
not each pay for importing matplotlib and re-reading every table. Only a province with
kabupaten/kota data (Lampung) draws one more chart in its own notebook.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kompendium import wilayah
from kompendium.format import angka as fmt

if TYPE_CHECKING:  # pandas is imported where it is used: Snakemake imports this module at parse time
    import pandas as pd

INDONESIA = wilayah.KODE_INDONESIA
KOTA, DESA, TOTAL = "Perkotaan", "Perdesaan", "Perkotaan+Perdesaan"
# Tahunan (2007-2011) are March surveys; the order puts a year's semesters in time order.
URUT_PERIODE = {"Tahunan": 0, "Maret": 1, "September": 2}
BULAN = {"Tahunan": 0.2, "Maret": 0.2, "September": 0.7}  # position of a semester on a year axis
TABEL = {
    "p0": "p0_provinsi",
    "gk": "gk_provinsi",
    "proyeksi": "bps_1276_penduduk_perkotaan",
    "p0_nasional": "p0_daerah",
    "gk_nasional": "gk_daerah",
}


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
        if w.provinsi and w.kode != INDONESIA
    }


def parameter_halaman(slug: str, kode: str, kabkota: dict[str, str], sorot: list[str]) -> dict:
    """Papermill parameters of one province page (paths relative to book/_generated/provinsi)."""
    tabel_kk = kabkota.get(kode)
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


def baca(data_dir: str | Path, nama: str) -> pd.DataFrame:
    """One processed tidy table, with codes kept as text ('00', '1810')."""
    import pandas as pd

    return pd.read_csv(Path(data_dir) / f"{nama}.csv", dtype={"kode_wilayah": str})


def semester(tabel: pd.DataFrame) -> pd.DataFrame:
    """Add `urut` (sortable semester) and `x` (position on a year axis) columns."""
    urut = tabel["periode"].map(URUT_PERIODE)
    if urut.isna().any():
        baris = int(urut.isna().idxmax())
        raise ValueError(f"periode tidak dikenal di baris {baris}: {tabel.loc[baris, 'periode']!r}")
    return tabel.assign(urut=tabel["tahun"] * 10 + urut, x=tabel["tahun"] + tabel["periode"].map(BULAN))


def label_semester(tahun: int, periode: str) -> str:
    """'Maret 2025'; an annual (Tahunan) figure is labelled by its year only."""
    return str(tahun) if periode == "Tahunan" else f"{periode} {tahun}"


def periksa_provinsi(tabel: pd.DataFrame, nama_tabel: str) -> None:
    """The provinces of a table must be those of the region table (the workflow's page list)."""
    ada = set(tabel["kode_wilayah"]) - {INDONESIA}
    harap = set(daftar_provinsi())
    if ada != harap:
        raise ValueError(
            f"{nama_tabel}.csv, kolom kode_wilayah: provinsi yang diharapkan {sorted(harap)} "
            f"(kompendium/data/wilayah.csv); tidak ada di data: {sorted(harap - ada)}, "
            f"tidak dikenal: {sorted(ada - harap)}"
        )


def terakhir(tabel: pd.DataFrame, daerah: str) -> int:
    """The latest semester (`urut`) in which some province has a figure for `daerah`."""
    ada = tabel[(tabel["daerah"] == daerah) & (tabel["kode_wilayah"] != INDONESIA)].dropna(subset=["nilai"])
    if ada.empty:
        raise ValueError(f"tidak ada nilai provinsi untuk daerah {daerah!r}")
    return int(ada["urut"].max())


def label_urut(tabel: pd.DataFrame, urut: int) -> str:
    """The label of one semester (`urut`) of a table."""
    baris = tabel[tabel["urut"] == urut].iloc[0]
    return label_semester(int(baris["tahun"]), baris["periode"])


def nilai_pada(tabel: pd.DataFrame, kode: str, daerah: str, urut: int) -> float:
    """One value (NaN where BPS publishes none, e.g. rural DKI Jakarta)."""
    pilih = tabel[(tabel["kode_wilayah"] == kode) & (tabel["daerah"] == daerah) & (tabel["urut"] == urut)]
    if len(pilih) > 1:
        raise ValueError(f"lebih dari satu nilai untuk {kode} {daerah} {urut}")
    return float(pilih["nilai"].iloc[0]) if len(pilih) else math.nan


def peringkat(nilai: pd.Series) -> pd.Series:
    """Rank 1 = the highest value; ties share the better rank; missing values get no rank."""
    return nilai.rank(ascending=False, method="min")


def ringkas(kode: str, t: dict[str, pd.DataFrame]) -> dict:
    """Every number one province page cites: {'angka': {key: [value, decimals]}, 'teks': ..., 'tahun': ...}."""
    p0, gk, proyeksi = t["p0"], t["gk"], t["proyeksi"]
    nama = wilayah.menurut_kode(kode).nama
    angka: dict[str, list] = {}
    teks: dict[str, str] = {"nama": nama, "kode": kode, "slug": slug(nama)}
    tahun: dict[str, int] = {}

    def catat(kunci: str, nilai: float, desimal: int) -> None:
        if not math.isnan(nilai):  # a missing figure is left out; the page then says so
            angka[kunci] = [float(nilai), desimal]

    # BPS sometimes publishes a semester for the province total only (September 2025): the
    # urban/rural figures are those of the latest semester that has them.
    akhir = terakhir(p0, TOTAL)
    akhir_daerah = terakhir(p0, KOTA)
    teks["semester_akhir"] = label_urut(p0, akhir)
    teks["semester_daerah"] = label_urut(p0, akhir_daerah)
    catat("p0_total", nilai_pada(p0, kode, TOTAL, akhir), 2)
    catat("idn_p0_total", nilai_pada(t["p0_nasional"], INDONESIA, TOTAL, akhir), 2)
    for daerah, akhiran in ((TOTAL, "total_daerah"), (KOTA, "kota"), (DESA, "desa")):
        catat(f"p0_{akhiran}", nilai_pada(p0, kode, daerah, akhir_daerah), 2)
        catat(f"idn_p0_{akhiran}", nilai_pada(t["p0_nasional"], INDONESIA, daerah, akhir_daerah), 2)
    if "p0_kota" in angka and "p0_desa" in angka:
        catat("selisih_desa_kota", angka["p0_desa"][0] - angka["p0_kota"][0], 2)

    # The province's own series: first semester with a figure (new provinces start late).
    seri = p0[(p0["kode_wilayah"] == kode) & (p0["daerah"] == TOTAL)].dropna(subset=["nilai"])
    awal = seri.loc[seri["urut"].idxmin()]
    teks["semester_awal"] = label_semester(int(awal["tahun"]), awal["periode"])
    catat("p0_awal", float(awal["nilai"]), 2)
    catat("idn_p0_awal", nilai_pada(t["p0_nasional"], INDONESIA, TOTAL, int(awal["urut"])), 2)
    catat("p0_turun", float(awal["nilai"]) - angka["p0_total"][0], 2)
    w = wilayah.menurut_kode(kode)
    if w.dibentuk:
        tahun["dibentuk"] = int(w.dibentuk)

    for daerah, akhiran, urut in ((TOTAL, "total", akhir), (KOTA, "kota", akhir_daerah)):
        semua = p0[(p0["urut"] == urut) & (p0["kode_wilayah"] != INDONESIA) & (p0["daerah"] == daerah)]
        nilai = semua.set_index("kode_wilayah")["nilai"].dropna()
        if kode in nilai.index:
            catat(f"peringkat_{akhiran}", float(peringkat(nilai)[kode]), 0)
            catat(f"jumlah_peringkat_{akhiran}", float(len(nilai)), 0)

    gk_akhir = terakhir(gk, KOTA)
    teks["semester_gk"] = label_urut(gk, gk_akhir)
    for daerah, akhiran in ((KOTA, "kota"), (DESA, "desa")):
        catat(f"gk_{akhiran}", nilai_pada(gk, kode, daerah, gk_akhir), 0)
        catat(f"idn_gk_{akhiran}", nilai_pada(t["gk_nasional"], INDONESIA, daerah, gk_akhir), 0)
        if f"gk_{akhiran}" in angka:
            catat(f"gk_{akhiran}_persen_idn",
                  100 * angka[f"gk_{akhiran}"][0] / angka[f"idn_gk_{akhiran}"][0], 0)

    kota = proyeksi[proyeksi["kode_wilayah"] == kode].set_index("tahun")["nilai"]
    if len(kota):
        idn = proyeksi[proyeksi["kode_wilayah"] == INDONESIA].set_index("tahun")["nilai"]
        tahun["proyeksi_awal"], tahun["proyeksi_akhir"] = int(kota.index.min()), int(kota.index.max())
        catat("kota_awal", float(kota.iloc[0]), 1)
        catat("kota_akhir", float(kota.iloc[-1]), 1)
        catat("kota_naik", float(kota.iloc[-1] - kota.iloc[0]), 1)
        catat("idn_kota_awal", float(idn[kota.index.min()]), 1)
        catat("idn_kota_akhir", float(idn[kota.index.max()]), 1)
    return {"angka": angka, "teks": teks, "tahun": tahun}


def tabel_ringkas(r: dict) -> pd.DataFrame:
    """The page's small table: province beside Indonesia, latest semester."""
    import pandas as pd

    a = r["angka"]

    def ambil(k: str) -> float:
        return a[k][0] if k in a else math.nan

    baris = [
        (f"Penduduk miskin, perkotaan+perdesaan (%), {r['teks']['semester_akhir']}", "p0_total"),
        (f"Penduduk miskin, perkotaan (%), {r['teks']['semester_daerah']}", "p0_kota"),
        (f"Penduduk miskin, perdesaan (%), {r['teks']['semester_daerah']}", "p0_desa"),
        (f"Garis kemiskinan, perkotaan (Rp/kapita/bulan), {r['teks']['semester_gk']}", "gk_kota"),
        (f"Garis kemiskinan, perdesaan (Rp/kapita/bulan), {r['teks']['semester_gk']}", "gk_desa"),
    ]
    # Formatted here, row by row: percentages with 2 decimals, rupiah with none.
    df = pd.DataFrame(
        {r["teks"]["nama"]: [fmt(ambil(k), 0 if k.startswith("gk") else 2) for _, k in baris],
         "Indonesia": [fmt(ambil(f"idn_{k}"), 0 if k.startswith("gk") else 2) for _, k in baris]},
        index=[judul for judul, _ in baris],
    )
    df.index.name = "Ukuran"
    return df


def data_indeks(ringkasan: list[dict]) -> pd.DataFrame:
    """One row per province for the index page's sortable table."""
    import pandas as pd

    baris = []
    for r in ringkasan:
        a = r["angka"]
        baris.append({
            "kode": r["teks"]["kode"], "provinsi": r["teks"]["nama"], "slug": r["teks"]["slug"],
            **{k: (a[k][0] if k in a else math.nan)
               for k in ("p0_total", "p0_kota", "p0_desa", "peringkat_total", "gk_kota", "kota_akhir")},
        })
    return pd.DataFrame(baris)


KOLOM_INDEKS = [
    # (column of data_indeks, heading, decimals)
    ("p0_total", "P0 (%)", 2),
    ("p0_kota", "P0 kota (%)", 2),
    ("p0_desa", "P0 desa (%)", 2),
    ("peringkat_total", "Peringkat", 0),
    ("gk_kota", "GK kota (Rp)", 0),
    ("kota_akhir", "Kota 2035 (%)", 1),
]


def halaman_indeks(indeks: pd.DataFrame, semester: dict[str, str]) -> str:
    """The index page (MyST markdown): what the table shows, and one row per province linked to its page."""
    kepala = ["Provinsi", "Kode"] + [judul for _, judul, _ in KOLOM_INDEKS]
    baris = [
        "| " + " | ".join(kepala) + " |",
        "|" + "|".join([":--", ":--"] + ["--:"] * len(KOLOM_INDEKS)) + "|",
    ]
    for _, b in indeks.sort_values("kode").iterrows():
        sel = [f"[{b['provinsi']}](provinsi/{b['slug']}.ipynb)", b["kode"]]
        sel += [fmt(b[k], d) for k, _, d in KOLOM_INDEKS]
        baris.append("| " + " | ".join(sel) + " |")
    jumlah = len(indeks)
    tanpa_proyeksi = int(indeks["kota_akhir"].isna().sum())
    return "\n".join([
        "# Halaman provinsi",
        "",
        f"Setiap provinsi punya satu halaman. Semua halaman dibuat dari **satu buku catatan yang sama**",
        "(`notebooks/provinsi.ipynb`), dijalankan sekali untuk setiap provinsi dengan parameter `provinsi`",
        "berisi kode wilayah BPS. Angka-angkanya berasal dari tabel kemiskinan BPS menurut provinsi dan",
        "daerah {cite}`bpskemiskinan` dan dari proyeksi penduduk perkotaan {cite}`bps1276`.",
        "",
        f"Tabel di bawah memuat {jumlah} provinsi. Kolomnya:",
        "",
        f"- **P0**: persentase penduduk miskin, {semester['semester_akhir']}; **Peringkat**: urutan P0",
        "  di antara provinsi, 1 = persentase tertinggi;",
        f"- **P0 kota**, **P0 desa**: P0 di daerah perkotaan dan perdesaan, {semester['semester_daerah']}",
        "  (semester terbaru yang memuat rincian ini);",
        f"- **GK kota**: garis kemiskinan perkotaan, rupiah per kapita per bulan, {semester['semester_gk']};",
        "- **Kota 2035**: proyeksi persentase penduduk yang tinggal di perkotaan pada 2035. Proyeksi ini",
        f"  disusun dengan pembagian wilayah tahun 2010, jadi {tanpa_proyeksi} provinsi yang dibentuk",
        "  kemudian tidak memilikinya.",
        "",
        "Tanda – berarti BPS tidak menerbitkan angkanya.",
        "",
        # The sorter is book/_static/tabel-urut.js, which Jupyter Book loads on every page (no CDN).
        "**Klik judul kolom** untuk mengurutkan tabel; klik sekali lagi untuk membalik urutannya.",
        "Klik nama provinsi untuk membuka halamannya.",
        "",
        ":::{table} Ringkasan kemiskinan menurut provinsi",
        ":class: tabel-urut",
        ":name: tabel-provinsi",
        "",
        *baris,
        ":::",
        "",
    ])


def _baca_semua(data_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The tables every province page uses, checked to hold the provinces of the region table."""
    t = {k: semester(baca(data_dir, v)) for k, v in TABEL.items()}
    periksa_provinsi(t["p0"], TABEL["p0"])
    periksa_provinsi(t["gk"], TABEL["gk"])
    return t


def siapkan(data_dir: str | Path, keluaran: str | Path, indeks_md: str | Path) -> list[dict]:
    """The `prepare_province_pages` job: per-province JSON (numbers, table), the index table and page.

    The charts are drawn by another job (`gambar_semua`): the notebooks only need the numbers, so
    they start while the charts are still being drawn.
    """
    from kompendium import gaya
    from kompendium.olah import tulis_csv

    t = _baca_semua(data_dir)
    keluaran = Path(keluaran)
    keluaran.mkdir(parents=True, exist_ok=True)
    ringkasan = []
    for kode in daftar_provinsi():
        r = ringkas(kode, t)
        hasil = gaya.tabel(
            tabel_ringkas(r),
            f"{r['teks']['nama']} dan Indonesia: penduduk miskin dan garis kemiskinan terbaru",
            2, kunci=f"ringkas-{r['teks']['slug']}",
        )
        r["tabel"] = {"html": hasil.html, "teks": hasil.teks}
        tulis_json(r, keluaran / f"{r['teks']['slug']}.json")
        ringkasan.append(r)
    indeks = data_indeks(ringkasan)
    tulis_csv(indeks, keluaran / "indeks.csv")
    halaman = halaman_indeks(indeks, ringkasan[0]["teks"])
    Path(indeks_md).parent.mkdir(parents=True, exist_ok=True)
    Path(indeks_md).write_text(halaman, encoding="utf-8")
    return ringkasan


def gambar_semua(data_dir: str | Path, gambar: str | Path, proses: int = 1) -> list[str]:
    """The `draw_province_charts` job: every province's charts, one folder per province.

    `proses` > 1 draws the provinces in that many worker processes (the job's Snakemake threads).
    """
    _DATA.update(_baca_semua(data_dir))  # inherited by forked workers: the tables are read once
    tugas = [(kode, Path(gambar)) for kode in daftar_provinsi()]
    if proses > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(proses) as pool:
            return pool.starmap(_gambar_satu, tugas, chunksize=1)
    return [_gambar_satu(*x) for x in tugas]


_DATA: dict[str, pd.DataFrame] = {}


def _gambar_satu(kode: str, gambar: Path) -> str:
    """The charts of one province (runs in a worker process); returns its folder."""
    from kompendium import gaya

    gaya.terapkan()
    r = ringkas(kode, _DATA)
    folder = gambar / r["teks"]["slug"]
    simpan_grafik(kode, r, _DATA, folder)
    return str(folder)


def tulis_json(isi: dict, path: Path) -> Path:
    """Write one summary as JSON, atomically (temp name, then rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(isi, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
    return path


def simpan_grafik(kode: str, r: dict, t: dict[str, pd.DataFrame], folder: Path) -> None:
    """Draw and save the charts of one province as <folder>/<name>.png."""
    from kompendium import gaya

    nama = r["teks"]["nama"]
    dibuat: list[tuple[str, Callable]] = [
        ("p0", lambda: grafik_tren(t["p0"], t["p0_nasional"], kode, nama, "p0")),
        ("gk", lambda: grafik_tren(t["gk"], t["gk_nasional"], kode, nama, "gk")),
        ("peringkat", lambda: grafik_peringkat(t["p0"], kode)),
    ]
    if "kota_akhir" in r["angka"]:
        dibuat.append(("perkotaan", lambda: grafik_proyeksi(t["proyeksi"], kode, nama)))
    for nama_grafik, buat in dibuat:
        gaya.simpan(buat(), folder / f"{nama_grafik}.png")


# ---- charts (matplotlib is imported only by the one job that draws them) --------------------


def grafik_tren(tabel: pd.DataFrame, nasional: pd.DataFrame, kode: str, nama: str, ukuran: str):
    """Urban and rural series of one province (solid) against Indonesia (dashed)."""
    import matplotlib.pyplot as plt

    from kompendium import gaya

    fig, ax = plt.subplots(figsize=(8, 4.4))
    mulai = tabel[(tabel["kode_wilayah"] == kode)].dropna(subset=["nilai"])["x"].min()
    for daerah in (KOTA, DESA):
        warna = gaya.DAERAH[daerah]
        for kd, data, gaya_garis, label in (
            (kode, tabel, "-", f"{nama}, {daerah.lower()}"),
            (INDONESIA, nasional, "--", f"Indonesia, {daerah.lower()}"),
        ):
            seri = data[(data["kode_wilayah"] == kd) & (data["daerah"] == daerah)].dropna(subset=["nilai"])
            # Indonesia is drawn over the province's own years only (national series start earlier).
            seri = seri[seri["x"] >= mulai].sort_values("x")
            if seri.empty:
                continue
            nilai = seri["nilai"] / (1000 if ukuran == "gk" else 1)
            ax.plot(seri["x"], nilai, gaya_garis, color=warna, linewidth=2.2 if kd == kode else 1.4,
                    marker="o" if kd == kode else None, markersize=3, label=label)
    if ukuran == "p0":
        ax.set_ylabel("Penduduk miskin (% dari penduduk)")
        ax.set_title(f"Persentase penduduk miskin: {nama} dan Indonesia")
        gaya.sumbu_angka(ax, 0)
        ax.set_ylim(bottom=0)
    else:
        ax.set_ylabel("Garis kemiskinan (ribu rupiah/kapita/bulan)")
        ax.set_title(f"Garis kemiskinan: {nama} dan Indonesia")
        gaya.sumbu_angka(ax, 0)
    # Whole years as ticks, even for a two-year series (a locator would pick 2024.2, 2024.4, ...).
    awal, akhir = int(mulai), int(tabel["x"].max())
    ax.set_xticks(range(awal, akhir + 1, max(1, math.ceil((akhir - awal + 1) / 8))))
    ax.set_xlabel("Tahun (semester Maret dan September)")
    ax.legend(fontsize=9, frameon=False, loc="best")
    return fig


def grafik_peringkat(p0: pd.DataFrame, kode: str):
    """Latest P0 of every province as bars, this province highlighted, Indonesia as a line."""
    import matplotlib.pyplot as plt

    from kompendium import gaya

    akhir = p0[(p0["urut"] == terakhir(p0, TOTAL)) & (p0["daerah"] == TOTAL)].dropna(subset=["nilai"])
    idn = float(akhir.loc[akhir["kode_wilayah"] == INDONESIA, "nilai"].iloc[0])
    prov = akhir[akhir["kode_wilayah"] != INDONESIA].sort_values("nilai")
    fig, ax = plt.subplots(figsize=(8, 8.6))
    warna = [gaya.OKABE_ITO["merah"] if k == kode else gaya.LATAR for k in prov["kode_wilayah"]]
    ax.barh(prov["wilayah"], prov["nilai"], color=warna, height=0.72)
    ax.axvline(idn, color="#000000", linewidth=1.4, linestyle="--")
    ax.annotate(f"Indonesia {fmt(idn, 2)}", (idn, len(prov) - 0.5), xytext=(4, 0),
                textcoords="offset points", fontsize=9, va="top")
    for label in ax.get_yticklabels():
        if label.get_text() == wilayah.menurut_kode(kode).nama:
            label.set_fontweight("bold")
            label.set_color(gaya.OKABE_ITO["merah"])
    ax.tick_params(axis="y", labelsize=8.5)
    ax.set_xlabel("Penduduk miskin (% dari penduduk provinsi)")
    ax.set_ylabel("")
    ax.grid(axis="y", visible=False)
    gaya.sumbu_angka(ax, 0, sumbu="x")
    semester_akhir = label_semester(int(akhir["tahun"].iloc[0]), akhir["periode"].iloc[0])
    ax.set_title(f"Persentase penduduk miskin menurut provinsi, {semester_akhir}")
    return fig


def grafik_proyeksi(proyeksi: pd.DataFrame, kode: str, nama: str):
    """Projected urban share 2010-2035 of one province against Indonesia."""
    import matplotlib.pyplot as plt

    from kompendium import gaya

    fig, ax = plt.subplots(figsize=(8, 4.2))
    for kd, label, warna, garis in ((kode, nama, gaya.OKABE_ITO["biru"], "-"),
                                     (INDONESIA, "Indonesia", "#000000", "--")):
        seri = proyeksi[proyeksi["kode_wilayah"] == kd].sort_values("tahun")
        ax.plot(seri["tahun"], seri["nilai"], garis, color=warna, marker="o", linewidth=2.2, label=label)
    ax.set_ylim(0, 102)
    ax.set_xticks(sorted(proyeksi["tahun"].unique()))
    ax.set_xlabel("Tahun (proyeksi)")
    ax.set_ylabel("Penduduk perkotaan (% dari penduduk)")
    ax.set_title(f"Pangsa penduduk perkotaan: {nama} dan Indonesia, proyeksi")
    gaya.sumbu_angka(ax, 0)
    ax.legend(frameon=False, loc="lower right")
    return fig


def grafik_kabkota(kabkota: pd.DataFrame, sorot: list[str]):
    """Latest P0 of every kabupaten/kota of a province; highlighted ones in colour, the province as a line."""
    import matplotlib.pyplot as plt

    from kompendium import gaya

    akhir = kabkota[kabkota["tahun"] == kabkota["tahun"].max()].dropna(subset=["nilai"])
    induk = akhir[akhir["kode_wilayah"].str.len() == 2]
    kk = akhir[akhir["kode_wilayah"].str.len() == 4].sort_values("nilai")
    tidak_ada = [k for k in sorot if k not in set(kk["kode_wilayah"])]
    if tidak_ada:
        raise ValueError(f"kabkota_sorot {tidak_ada} tidak ada di data kabupaten/kota tahun terakhir")
    fig, ax = plt.subplots(figsize=(8, 0.34 * len(kk) + 1.6))
    warna = [gaya.OKABE_ITO["oranye"] if k in sorot else gaya.LATAR for k in kk["kode_wilayah"]]
    ax.barh(kk["wilayah"], kk["nilai"], color=warna, height=0.7)
    for posisi, (_, b) in enumerate(kk.iterrows()):
        ax.annotate(fmt(b["nilai"], 2), (b["nilai"], posisi), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=8.5, fontweight="bold" if b["kode_wilayah"] in sorot else None)
    nama_sorot = set(kk.loc[kk["kode_wilayah"].isin(sorot), "wilayah"])
    for label in ax.get_yticklabels():
        if label.get_text() in nama_sorot:
            label.set_fontweight("bold")
    if len(induk):
        nilai = float(induk["nilai"].iloc[0])
        ax.axvline(nilai, color="#000000", linestyle="--", linewidth=1.3)
        ax.annotate(f"{induk['wilayah'].iloc[0]} {fmt(nilai, 2)}", (nilai, len(kk) - 0.4), xytext=(4, 0),
                    textcoords="offset points", fontsize=9)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Penduduk miskin (% dari penduduk kabupaten/kota)")
    gaya.sumbu_angka(ax, 0, sumbu="x")
    ax.set_title(f"Persentase penduduk miskin menurut kabupaten/kota, {int(kabkota['tahun'].max())}")
    return fig


# ---- used by the notebook: load one summary and glue it ------------------------------------


def muat(path: str | Path) -> dict:
    """Load one province summary written by `siapkan`."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: ringkasan provinsi belum dibuat (jalankan snakemake)")
    return json.loads(path.read_text(encoding="utf-8"))


def tempel_semua(angka, r: dict) -> None:
    """Glue every number, year and name of one summary (an `kompendium.tempel.Angka`)."""
    for kunci, teks in sorted(r["teks"].items()):
        angka.tempel_teks(kunci, teks)
    for kunci, (nilai, desimal) in sorted(r["angka"].items()):
        angka.tempel(kunci, int(nilai) if desimal == 0 else nilai, desimal)
    for kunci, nilai in sorted(r["tahun"].items()):
        angka.tempel_tahun(kunci, nilai)


class Tabel:
    """A table prepared by `siapkan` (HTML for the book, plain text for diffs), shown as-is."""

    def __init__(self, isi: dict) -> None:
        self.html, self.teks = isi["html"], isi["teks"]

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.teks


# ---- the page's prose where it depends on the data (MyST markdown with glue roles) ------------


def g(kunci: str) -> str:
    """A glue role for one key of this page."""
    return f"{{glue:text}}`{kunci}`"


def gambar(path: str, alt: str, keterangan: str, nama: str) -> str:
    """A MyST figure with alt text (for screen readers) and a caption."""
    return f"```{{figure}} {path}\n:name: {nama}\n:alt: {alt}\n:width: 100%\n\n{keterangan}\n```\n"


def teks_ringkasan(r: dict) -> str:
    """Latest P0 of the province, urban and rural, beside Indonesia."""
    a, t = r["angka"], r["teks"]
    kalimat = [
        f"Pada {g('semester_akhir')}, {g('p0_total')} persen penduduk {g('nama')} hidup di bawah garis "
        f"kemiskinan, sedangkan angka nasionalnya {g('idn_p0_total')} persen."
    ]
    if t["semester_daerah"] != t["semester_akhir"]:
        kalimat.append(
            f"Rincian menurut daerah (kota dan desa) yang terbaru adalah untuk {g('semester_daerah')}, saat "
            f"angka provinsinya {g('p0_total_daerah')} persen."
        )
    if "p0_kota" in a and "p0_desa" in a:
        kalimat.append(
            f"Di daerah perkotaan {g('p0_kota')} persen penduduknya miskin (nasional {g('idn_p0_kota')}), "
            f"di perdesaan {g('p0_desa')} persen (nasional {g('idn_p0_desa')})."
        )
        if a["selisih_desa_kota"][0] > 0:
            kalimat.append(f"Kemiskinan di desa lebih tinggi {g('selisih_desa_kota')} poin persen daripada di kota.")
    elif "p0_kota" in a:
        kalimat.append(
            f"BPS tidak menerbitkan angka perdesaan untuk provinsi ini karena seluruh wilayahnya tergolong "
            f"perkotaan: angka perkotaannya {g('p0_kota')} persen (nasional {g('idn_p0_kota')})."
        )
    return " ".join(kalimat) + "\n"


def teks_tren(r: dict) -> str:
    """How P0 moved since the first semester with data."""
    a, t = r["angka"], r["tahun"]
    arah = "turun" if a["p0_turun"][0] > 0 else "naik"
    teks = (
        f"Angka pertama dalam data ini adalah untuk {g('semester_awal')}: {g('p0_awal')} persen "
        f"(nasional {g('idn_p0_awal')} persen). Sejak itu persentase penduduk miskin {g('nama')} "
        f"{arah} {g('p0_turun')} poin persen sampai {g('semester_akhir')}."
    ) if arah == "turun" else (
        f"Angka pertama dalam data ini adalah untuk {g('semester_awal')}: {g('p0_awal')} persen "
        f"(nasional {g('idn_p0_awal')} persen); pada {g('semester_akhir')} angkanya {g('p0_total')} persen."
    )
    if "dibentuk" in t:
        teks += (
            f" {g('nama')} dibentuk tahun {g('dibentuk')}, jadi BPS baru menerbitkan angkanya sejak "
            f"{g('semester_awal')}; sebelum itu penduduknya dihitung di provinsi induknya."
        )
    return teks + "\n"


def teks_gk(r: dict) -> str:
    """The poverty line of the province against the national one."""
    a = r["angka"]
    if "gk_kota" not in a:
        return "BPS tidak menerbitkan garis kemiskinan perkotaan untuk provinsi ini pada semester terakhir.\n"
    teks = (
        f"Pada {g('semester_gk')}, garis kemiskinan perkotaan di {g('nama')} adalah Rp{g('gk_kota')} per "
        f"kapita per bulan, atau {g('gk_kota_persen_idn')} persen dari garis nasional "
        f"(Rp{g('idn_gk_kota')})."
    )
    if "gk_desa" in a:
        teks += (
            f" Di perdesaan garisnya Rp{g('gk_desa')} ({g('gk_desa_persen_idn')} persen dari garis "
            f"nasional Rp{g('idn_gk_desa')})."
        )
    return teks + "\n"


def teks_peringkat(r: dict) -> str:
    """Rank among provinces (1 = highest P0)."""
    teks = (
        f"Diurutkan dari persentase penduduk miskin tertinggi, {g('nama')} berada di peringkat "
        f"{g('peringkat_total')} dari {g('jumlah_peringkat_total')} provinsi pada {g('semester_akhir')}."
    )
    if "peringkat_kota" in r["angka"]:
        teks += (
            f" Untuk kemiskinan di perkotaan saja ({g('semester_daerah')}), peringkatnya "
            f"{g('peringkat_kota')} dari {g('jumlah_peringkat_kota')}."
        )
    return teks + "\n"


def teks_proyeksi(r: dict, folder: str) -> str:
    """The projected urban share, or why this province has none."""
    a, nama = r["angka"], r["teks"]["nama"]
    if "kota_akhir" not in a:
        return (
            f"Proyeksi BPS 2010–2035 {{cite}}`bps1276` disusun dengan pembagian wilayah tahun 2010, sebelum "
            f"{g('nama')} menjadi provinsi tersendiri. Karena itu tidak ada angka proyeksi penduduk perkotaan "
            f"untuk provinsi ini; angkanya masih termasuk provinsi induknya.\n"
        )
    teks = (
        f"Menurut proyeksi BPS {{cite}}`bps1276`, pangsa penduduk {g('nama')} yang tinggal di daerah "
        f"perkotaan berubah dari {g('kota_awal')} persen pada {g('proyeksi_awal')} menjadi {g('kota_akhir')} "
        f"persen pada {g('proyeksi_akhir')} ({g('kota_naik')} poin persen). Untuk Indonesia angkanya "
        f"{g('idn_kota_awal')} dan {g('idn_kota_akhir')} persen. Ini proyeksi dari Sensus Penduduk 2010, "
        f"bukan hasil pencacahan.\n\n"
    )
    alt = (
        f"Grafik garis pangsa penduduk perkotaan tahun 2010 sampai 2035. Garis biru {nama} naik dari "
        f"{fmt(a['kota_awal'][0], 1)} ke {fmt(a['kota_akhir'][0], 1)} persen; garis putus-putus hitam "
        f"Indonesia naik dari {fmt(a['idn_kota_awal'][0], 1)} ke {fmt(a['idn_kota_akhir'][0], 1)} persen."
    )
    return teks + gambar(f"{folder}/perkotaan.png", alt,
                         f"Pangsa penduduk perkotaan {g('nama')} dan Indonesia, proyeksi BPS "
                         f"{{cite}}`bps1276`.",
                         f"fig-{r['teks']['slug']}-kota")


def gambar_p0(r: dict, folder: str) -> str:
    """The P0 chart of the page."""
    a, nama = r["angka"], r["teks"]["nama"]
    alt = (
        f"Grafik garis persentase penduduk miskin {nama} di perkotaan (biru) dan perdesaan (hijau) dari "
        f"waktu ke waktu, dengan garis putus-putus untuk Indonesia. Angka terakhir {nama}: "
        f"{fmt(a['p0_total'][0], 2)} persen."
    )
    return gambar(f"{folder}/p0.png", alt,
                  f"Persentase penduduk miskin {g('nama')} menurut daerah, dibandingkan dengan Indonesia "
                  f"(garis putus-putus). Sumber: BPS {{cite}}`bpskemiskinan`.", f"fig-{r['teks']['slug']}-p0")


def gambar_gk(r: dict, folder: str) -> str:
    """The poverty-line chart of the page."""
    nama = r["teks"]["nama"]
    alt = (f"Grafik garis garis kemiskinan {nama} dalam ribu rupiah per kapita per bulan, perkotaan (biru) "
           f"dan perdesaan (hijau), naik dari tahun ke tahun; garis putus-putus untuk Indonesia.")
    return gambar(f"{folder}/gk.png", alt,
                  f"Garis kemiskinan {g('nama')} dan Indonesia menurut daerah (ribu rupiah/kapita/bulan). "
                  f"Sumber: BPS {{cite}}`bpskemiskinan`.",
                  f"fig-{r['teks']['slug']}-gk")


def gambar_peringkat(r: dict, folder: str) -> str:
    """The rank chart of the page."""
    a, nama = r["angka"], r["teks"]["nama"]
    alt = (f"Diagram batang mendatar persentase penduduk miskin semua provinsi, dari yang tertinggi di atas "
           f"sampai yang terendah di bawah. Batang {nama} berwarna merah ({fmt(a['p0_total'][0], 2)} "
           f"persen, peringkat {fmt(a['peringkat_total'][0], 0)}); garis putus-putus adalah Indonesia.")
    return gambar(f"{folder}/peringkat.png", alt,
                  f"Persentase penduduk miskin semua provinsi, {g('semester_akhir')}. Merah: {g('nama')}.",
                  f"fig-{r['teks']['slug']}-peringkat")


def ringkas_kabkota(kabkota: pd.DataFrame, kode: str, sorot: list[str]) -> dict:
    """Numbers of the kabupaten/kota section: latest year, each highlighted one, its rank."""
    akhir = int(kabkota["tahun"].max())
    data = kabkota[kabkota["tahun"] == akhir].dropna(subset=["nilai"]).set_index("kode_wilayah")
    kk = data[data.index.str.len() == 4]["nilai"]
    hasil: dict = {"tahun": akhir, "jumlah": len(kk), "provinsi": float(data.loc[kode, "nilai"]), "sorot": []}
    rank = peringkat(kk)
    for k in sorot:
        if k not in kk.index:
            raise ValueError(f"kabkota_sorot: kode {k} tidak ada di data kabupaten/kota {akhir}")
        hasil["sorot"].append({"kode": k, "nama": str(data.loc[k, "wilayah"]), "p0": float(kk[k]),
                               "peringkat": int(rank[k])})
    return hasil


def teks_kabkota(k: dict, path_gambar: str, slug_provinsi: str) -> str:
    """The kabupaten/kota section (glue keys kk_*, written by the notebook)."""
    baris = [
        f"BPS juga menerbitkan persentase penduduk miskin untuk setiap kabupaten/kota {{cite}}`bpskemiskinan`. "
        f"Grafik di bawah memuat {g('kk_jumlah')} kabupaten/kota {g('nama')} pada {g('kk_tahun')}, "
        f"diurutkan dari persentase tertinggi; garis putus-putus adalah angka provinsi, {g('kk_provinsi')} persen."
    ]
    for i, s in enumerate(k["sorot"]):
        baris.append(
            f"{g(f'kk_sorot_{i}_nama')} ditandai jingga: {g(f'kk_sorot_{i}_p0')} persen penduduknya miskin, "
            f"peringkat {g(f'kk_sorot_{i}_peringkat')} dari {g('kk_jumlah')} (1 = tertinggi)."
        )
    nama = ", ".join(s["nama"] for s in k["sorot"])
    alt = (f"Diagram batang mendatar persentase penduduk miskin {k['jumlah']} kabupaten/kota tahun "
           f"{k['tahun']}, dari yang tertinggi di atas. Batang {nama} berwarna jingga dan diberi label tebal; "
           f"batang lain abu-abu; garis putus-putus hitam adalah angka provinsi.")
    return " ".join(baris) + "\n\n" + gambar(
        path_gambar, alt, f"Persentase penduduk miskin menurut kabupaten/kota, {g('kk_tahun')}. "
        f"Jingga: {', '.join(g(f'kk_sorot_{i}_nama') for i in range(len(k['sorot'])))}.",
        f"fig-{slug_provinsi}-kabkota")


def tempel_kabkota(angka, k: dict) -> None:
    """Glue the numbers of the kabupaten/kota section."""
    angka.tempel_tahun("kk_tahun", k["tahun"])
    angka.tempel("kk_jumlah", k["jumlah"], 0)
    angka.tempel("kk_provinsi", k["provinsi"], 2)
    for i, s in enumerate(k["sorot"]):
        angka.tempel_teks(f"kk_sorot_{i}_nama", s["nama"])
        angka.tempel(f"kk_sorot_{i}_p0", s["p0"], 2)
        angka.tempel(f"kk_sorot_{i}_peringkat", s["peringkat"], 0)
