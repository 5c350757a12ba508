"""The reproduced paper (notebooks/makalah.ipynb): the article's Table 1 and Figure 1 rebuilt from the
processed tables, each claim's verdict from claims_audit.csv, and the reproduction note.

Reads only contract files (data/processed/*.csv through kompendium.tidy.read_csv, claims_audit.csv)
and the claims registry, so the chapters' own modules may change without touching the paper.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from kompendium import gaya, kosakata
from kompendium.atomic import atomic_path
from kompendium.errors import KompendiumError
from kompendium.format import angka as format_angka
from kompendium.klaim.presentation import label_status

#: The article's figure title, kept as the article prints it (the figure is rebuilt under it).
JUDUL_GAMBAR_1 = "Proporsi Hampir Miskin dan Penduduk Miskin"
#: The areas of Figure 1, in the order of its panels.
DAERAH_GAMBAR_1 = (kosakata.PERKOTAAN, kosakata.PERDESAAN)


class MakalahError(KompendiumError):
    """A contract file lacks what the reproduced paper needs."""


def tabel_1(proyeksi: pd.DataFrame, tahun_artikel: list[int], sumber: str = "bps_1276") -> pd.DataFrame:
    """Table 1 of the article: Indonesia's projected urban share (%), one column per year, in the
    article's column order (``tahun_artikel``, from config urbanisasi.tahun_artikel)."""
    nasional = kosakata.nasional(proyeksi)
    nasional = nasional[nasional["indikator"] == kosakata.PERSEN_PENDUDUK_PERKOTAAN]
    nilai = nasional.set_index("tahun")["nilai"]
    kurang = [t for t in tahun_artikel if t not in nilai.index]
    if kurang:
        raise MakalahError(f"{sumber}: baris {kosakata.NAMA_INDONESIA} (kode_wilayah "
                           f"{kosakata.KODE_INDONESIA}) tidak punya kolom nilai untuk tahun {kurang}; "
                           f"diharapkan semua tahun artikel {list(tahun_artikel)}")
    return pd.DataFrame([[float(nilai[t]) for t in tahun_artikel]],
                        index=[kosakata.NAMA_INDONESIA], columns=[int(t) for t in tahun_artikel])


def kunci_tabel_1(tahun: int) -> tuple[str, str]:
    """Glue keys of one column of Table 1: its year, its value."""
    return f"t1_tahun_{tahun}", f"t1_nilai_{tahun}"


def render_list_table(tabel: pd.DataFrame, judul: str, label: str) -> str:
    """Table 1 as a MyST list-table whose cells are glue roles: the HTML and the LaTeX builders both
    render it as a real table (a glued pandas table comes out as verbatim text in LaTeX)."""
    def peran(kunci: str) -> str:
        return f"{{glue:text}}`{kunci}`"

    kepala = ["Negara", *(peran(kunci_tabel_1(t)[0]) for t in tabel.columns)]
    baris = [[str(nama), *(peran(kunci_tabel_1(t)[1]) for t in tabel.columns)] for nama in tabel.index]
    sel = "\n".join(f"* - {b[0]}\n" + "\n".join(f"  - {x}" for x in b[1:]) for b in [kepala, *baris])
    return (f":::{{list-table}} {judul}\n:header-rows: 1\n:name: {label}\n:align: center\n\n"
            f"{sel}\n:::\n")


def seri_gambar_1(hampir: pd.DataFrame, batas: float, sumber: str = "hampir_miskin.csv") -> pd.DataFrame:
    """Figure 1's series: per area and semester, the poor (P0) and the chosen near-poor estimate
    between 1.0 and ``batas`` times the poverty line, both in percent of the area's population."""
    perlu = ["tahun", "periode", "daerah", "batas", "persen", "terpilih", "p0"]
    kurang = [k for k in perlu if k not in hampir.columns]
    if kurang:
        raise MakalahError(f"{sumber}: kolom {kurang} tidak ada; diharapkan {perlu}")
    terpilih = hampir["terpilih"].astype(str).str.lower().isin(["true", "1"])
    t = hampir[terpilih & np.isclose(pd.to_numeric(hampir["batas"]), batas)
               & hampir["daerah"].isin(DAERAH_GAMBAR_1)]
    if t.empty:
        raise MakalahError(f"{sumber}: tidak ada baris terpilih dengan batas {batas} untuk "
                           f"{list(DAERAH_GAMBAR_1)}; tambahkan batas itu ke kemiskinan.batas")
    ganda = t.duplicated(["tahun", "periode", "daerah"], keep=False)
    if ganda.any():
        baris = t[ganda].index[0]
        raise MakalahError(f"{sumber}: baris {baris + 2}: lebih dari satu baris terpilih untuk "
                           f"{t.at[baris, 'daerah']} {t.at[baris, 'tahun']} {t.at[baris, 'periode']}, "
                           f"batas {batas}")
    seri = pd.DataFrame({
        "daerah": t["daerah"], "tahun": t["tahun"].astype(int), "periode": t["periode"],
        "miskin": pd.to_numeric(t["p0"]), "hampir_miskin": pd.to_numeric(t["persen"]),
    })
    seri["waktu"] = kosakata.waktu(seri["tahun"], seri["periode"])
    seri["semester"] = kosakata.label_periode_seri(seri["tahun"], seri["periode"])
    return seri.sort_values(["daerah", "waktu"]).reset_index(drop=True)


def terbaru(seri: pd.DataFrame, daerah: str) -> pd.Series:
    """The newest semester of one area in Figure 1's series."""
    d = seri[seri["daerah"] == daerah]
    if d.empty:
        raise MakalahError(f"seri gambar 1 tidak memuat daerah {daerah!r}")
    return d.loc[d["waktu"].idxmax()]


def grafik_gambar_1(seri: pd.DataFrame, batas: float):
    """Figure 1 rebuilt: stacked areas, poor below and near-poor above, urban and rural panels."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.6), sharey=True)
    for ax, daerah in zip(axes, DAERAH_GAMBAR_1, strict=True):
        d = seri[seri["daerah"] == daerah]
        ax.stackplot(d["waktu"], d["miskin"], d["hampir_miskin"],
                     colors=[gaya.OKABE_ITO["merah"], gaya.OKABE_ITO["oranye"]], alpha=0.85,
                     labels=["Penduduk miskin (di bawah garis kemiskinan)",
                             f"Hampir miskin (1,0–{format_angka(batas, 1)} × garis kemiskinan, perkiraan)"])
        ax.set_title(daerah)
        ax.set_xlabel("Tahun")
        # Whole years only, written as years (no decimal point, no thousands separator).
        awal, akhir = int(np.floor(d["waktu"].min() / 5) * 5), int(np.ceil(d["waktu"].max()))
        gaya.sumbu_tahun(ax, range(awal, akhir + 1, 5))
        gaya.sumbu_angka(ax, 0)
    axes[0].set_ylabel("Persen penduduk daerah itu")
    axes[0].set_ylim(0, None)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=1, frameon=False, bbox_to_anchor=(0.5, -0.14))
    fig.suptitle(JUDUL_GAMBAR_1, fontweight="bold")
    fig.tight_layout()
    return fig


def write_figure(fig, folder: str | Path, nama: str) -> list[Path]:
    """Save a figure as vectors for both builders (SVG for HTML, PDF for LaTeX) and close it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    # Fixed metadata: the same figure gives the same bytes on every run.
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}
    # A fixed salt: the SVG's clip-path ids no longer change from run to run.
    with plt.rc_context({"svg.hashsalt": "kompendium"}):
        for ext in ("svg", "pdf"):
            with atomic_path(folder / f"{nama}.{ext}") as tmp:
                fig.savefig(tmp, format=ext, metadata=metadata[ext], bbox_inches="tight")
            paths.append(folder / f"{nama}.{ext}")
    plt.close(fig)
    return paths


def _desimal(nilai: float) -> int:
    """Decimals as the article prints a number (the registry keeps 60.0 as 60.0, 9.41 as 9.41)."""
    if isinstance(nilai, float):
        return len(repr(nilai).split(".")[1]) if "." in repr(nilai) else 0
    return 0


def tempel_klaim(angka, registri: list[dict], audit: pd.DataFrame) -> None:
    """Glue, per claim: its verdict (status_<id>), the audit's computed value (hitung_<id>), and
    each number the article prints (artikel_<id>_<key>; a year key also as tahun_<id>_<key>)."""
    status = audit.set_index("id")
    for entri in registri:
        i = entri["id"]
        if i not in status.index:
            raise MakalahError(f"claims_audit.csv: tidak ada baris untuk klaim {i}")
        angka.tempel_teks(f"status_{i}", label_status(status.at[i, "status"]))
        angka.tempel_teks(f"hitung_{i}", status.at[i, "nilai_hitung"])
        for kunci, nilai in entri["nilai_artikel"].items():
            if isinstance(nilai, bool) or not isinstance(nilai, (int, float)):
                continue
            if isinstance(kunci, int):  # a year's value: glue the year too
                angka.tempel_tahun(f"tahun_{i}_{kunci}", kunci)
            if str(kunci).startswith("tahun"):  # a year the article names: no thousands separator
                angka.tempel_tahun(f"artikel_{i}_{kunci}", nilai)
            else:
                angka.tempel(f"artikel_{i}_{kunci}", nilai, _desimal(nilai))


def tempel_angka(angka, tabel1: pd.DataFrame, seri: pd.DataFrame, batas: float) -> None:
    """Glue Table 1's cells and the newest urban and rural values of Figure 1."""
    for tahun in tabel1.columns:
        k_tahun, k_nilai = kunci_tabel_1(tahun)
        angka.tempel_tahun(k_tahun, tahun)
        angka.tempel(k_nilai, tabel1.iloc[0][tahun], 1)
    angka.tempel("g1_batas", batas, 1)
    pertama = seri.loc[seri["waktu"].idxmin()]
    angka.tempel_teks("g1_semester_awal", pertama["semester"])
    for daerah, awalan in ((kosakata.PERKOTAAN, "g1_kota"), (kosakata.PERDESAAN, "g1_desa")):
        akhir = terbaru(seri, daerah)
        angka.tempel_teks(f"{awalan}_semester", akhir["semester"])
        angka.tempel(f"{awalan}_miskin", akhir["miskin"], 2)
        angka.tempel(f"{awalan}_hampir", akhir["hampir_miskin"], 1)


def commit(repo: str | Path) -> str:
    """The sources' short commit, marked when they have uncommitted changes ("tanpa git" outside git)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                              check=True).stdout.strip()
    try:
        kode = git("rev-parse", "--short=10", "HEAD")
        ubah = git("status", "--porcelain", "--untracked-files=no", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        return "tanpa git"
    return f"{kode}+perubahan" if ubah else kode


def tempel_commit(repo: str | Path) -> str:
    """Glue the sources' commit for the reproduction note. Not through Angka: the commit changes with
    every commit, and Angka's record feeds the data-change page, which must not report it."""
    from myst_nb import glue  # imported here: only notebooks need MyST-NB

    kode = commit(repo)
    glue("commit", kode, display=False)
    return kode
