"""One look for every chart: colour-blind-safe palette, Indonesian number format, readable sizes."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # notebooks run headless under Papermill

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from kompendium.atomic import atomic_path  # noqa: E402
from kompendium.format import angka  # noqa: E402
from kompendium.kosakata import PERDESAAN, PERKOTAAN, TOTAL  # noqa: E402

# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "oranye": "#E69F00",
    "biru_langit": "#56B4E9",
    "hijau": "#009E73",
    "kuning": "#F0E442",
    "biru": "#0072B2",
    "merah": "#D55E00",
    "ungu": "#CC79A7",
    "hitam": "#000000",
}
SOROTAN = [OKABE_ITO[k] for k in ("biru", "merah", "hijau", "ungu", "oranye", "biru_langit")]
LATAR = "#BBBBBB"  # the other provinces: context, not focus
DAERAH = {
    PERKOTAAN: OKABE_ITO["biru"],
    PERDESAAN: OKABE_ITO["hijau"],
    TOTAL: OKABE_ITO["hitam"],
}


def terapkan() -> None:
    """Apply the house style to matplotlib/seaborn."""
    sns.set_theme(context="notebook", style="whitegrid", font_scale=1.05)
    plt.rcParams.update(
        {
            "figure.figsize": (8, 4.8),
            "figure.dpi": 110,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def sumbu_angka(ax, desimal: int = 0, sumbu: str = "y", akhiran: str = "") -> None:
    """Write the ticks of one axis in Indonesian number format."""
    fmt = FuncFormatter(lambda x, _pos: f"{angka(x, desimal)}{akhiran}")
    (ax.yaxis if sumbu == "y" else ax.xaxis).set_major_formatter(fmt)


def tabel(
    df: pd.DataFrame,
    judul: str,
    desimal: int = 1,
    *,
    sorot: set | None = None,
    tanpa_indeks: bool = False,
    kunci: str,
):
    """A table for the book: Indonesian numbers, a caption, optional bold rows.

    `kunci` fixes the Styler's HTML ids, so re-running a notebook gives identical output.
    """
    angka_kolom = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])]
    # The index's name goes in the header row's empty corner: pandas would print it in a row of its
    # own under the column headers, an empty-looking row of blank cells.
    nama_indeks = not tanpa_indeks and df.index.nlevels == 1 and df.index.name is not None
    if nama_indeks and df.columns.nlevels == 1 and df.columns.name is None:
        df = df.rename_axis(columns=df.index.name)
    gaya = df.style.format(lambda x: angka(x, desimal), subset=angka_kolom, na_rep="–")
    gaya = gaya.set_caption(judul).set_uuid(kunci)
    # Numbers right-aligned (digits line up), text left: the class is styled in kompendium.css.
    kelas = pd.DataFrame("", index=df.index, columns=df.columns)
    kelas[angka_kolom] = "angka"
    gaya = gaya.set_td_classes(kelas)
    if sorot:
        gaya = gaya.apply(
            lambda baris: ["font-weight: bold" if baris.name in sorot else "" for _ in baris], axis=1
        )
    if tanpa_indeks:
        gaya = gaya.hide(axis="index")
    elif nama_indeks:
        gaya = gaya.hide(axis="index", names=True)
    return TabelBuku(gaya.to_html(), f"{judul}\n{gaya.to_string(delimiter=' | ')}")


class TabelBuku:
    """A rendered table: HTML for the book, plain text (the same numbers) for diffs and tests.

    A bare pandas Styler's plain-text form is its memory address, which changes on every run.
    """

    def __init__(self, html: str, teks: str) -> None:
        self.html, self.teks = html, teks

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.teks


def simpan(fig, path: str | Path) -> Path:
    """Save a figure for a `{figure}` directive (format from the suffix, written atomically) and close it."""
    path = Path(path)
    try:
        with atomic_path(path) as tmp:
            # The temporary name ends in .tmp, so the format is given, not guessed from it.
            fig.savefig(tmp, format=path.suffix.removeprefix(".") or None)
    finally:
        plt.close(fig)
    return path
