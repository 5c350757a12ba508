"""One look for every chart: colour-blind-safe palette, Indonesian number format, readable sizes."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # notebooks run headless under Papermill

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.ticker import AutoLocator, FixedLocator, Formatter, FuncFormatter, MaxNLocator  # noqa: E402

from kompendium.atomic import atomic_path  # noqa: E402
from kompendium.format import angka, bulatkan, desimal_tick  # noqa: E402
from kompendium.warna import DAERAH, LATAR, NAMA_WARNA, OKABE_ITO, nama_warna  # noqa: E402,F401

SOROTAN = [OKABE_ITO[k] for k in ("biru", "merah", "hijau", "ungu", "oranye", "biru_langit")]


#: Width (px) of a figure on a 390 px phone screen, after the page's margins.
LEBAR_PONSEL = 360
#: The smallest text (px, font size) a chart may show at that width.
PX_MINIMUM = 9
#: Width (inches) of a one-panel chart; with FONT_SCALE its smallest text passes at LEBAR_PONSEL.
LEBAR_GAMBAR = 6.4
FONT_SCALE = 1.2


def pt_minimum(lebar: float = LEBAR_GAMBAR) -> float:
    """The smallest font size (points) that stays PX_MINIMUM px high on a phone, for a chart
    `lebar` inches wide (savefig crops to the drawing; the dpi cancels out)."""
    return PX_MINIMUM * 72 * lebar / LEBAR_PONSEL


def terapkan() -> None:
    """Apply the house style to matplotlib/seaborn."""
    sns.set_theme(context="notebook", style="whitegrid", font_scale=FONT_SCALE)
    plt.rcParams.update(
        {
            # Narrow figures with large type: a chart scaled to a phone (LEBAR_PONSEL) keeps its
            # smallest text at PX_MINIMUM or more (checked by `teks_terkecil_px`).
            "figure.figsize": (LEBAR_GAMBAR, 4.4),
            "figure.dpi": 110,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


class FormatAngka(Formatter):
    """The book's one tick formatter: Indonesian numbers, with as many decimals as the ticks need.

    Ticks every 2.5 are written 2,5 / 5,0 / 7,5, never rounded to whole numbers (0, 2, 5, 8);
    `desimal` is the fewest decimals shown, `akhiran` a unit written after each number."""

    def __init__(self, desimal: int = 0, akhiran: str = "") -> None:
        self.desimal, self.akhiran, self._desimal = desimal, akhiran, desimal

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        lo, hi = self.axis.get_view_interval() if self.axis is not None else (-math.inf, math.inf)
        terlihat = [x for x in locs if min(lo, hi) - 1e-9 <= x <= max(lo, hi) + 1e-9]
        self._desimal = desimal_tick(terlihat or locs, self.desimal)

    def __call__(self, x, pos=None) -> str:
        return f"{angka(x, self._desimal)}{self.akhiran}"


def sumbu_angka(ax, desimal: int = 0, sumbu: str = "y", akhiran: str = "") -> None:
    """Write the ticks of one axis in Indonesian number format (:class:`FormatAngka`).

    An automatic axis gets ticks on steps of 1, 2 or 5 (times a power of ten), not 2.5."""
    a = ax.yaxis if sumbu == "y" else ax.xaxis
    if isinstance(a.get_major_locator(), AutoLocator):
        a.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10]))
    a.set_major_formatter(FormatAngka(desimal, akhiran))


def sumbu_tahun(ax, tahun, sumbu: str = "x") -> None:
    """Ticks on the given years, written as years (2010: no thousands separator, no decimals)."""
    a = ax.xaxis if sumbu == "x" else ax.yaxis
    a.set_major_locator(FixedLocator([float(t) for t in tahun]))
    a.set_major_formatter(FuncFormatter(lambda x, _pos: str(int(bulatkan(x, 0)))))


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
    if nama_indeks and df.columns.names[-1] is None:  # with several column levels: the lowest one's corner
        df = df.rename_axis(columns=[*df.columns.names[:-1], df.index.name])
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


# ---- layout checks (used by the tests; matplotlib's renderer gives the drawn extents) ----------


def _teks_terlihat(fig):
    from matplotlib.text import Text

    fig.canvas.draw()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
            and t.get_window_extent().width > 0]


def teks_terkecil_px(fig, lebar_layar: int = LEBAR_PONSEL) -> float:
    """The font size (px) of the smallest visible text once the saved image is scaled to
    `lebar_layar` px: the image is cropped to its drawing (``savefig.bbox: tight``)."""
    teks = _teks_terlihat(fig)
    lebar_px = fig.get_tightbbox().width * fig.dpi  # inches -> px at the drawing's dpi
    skala = lebar_layar / lebar_px
    return min(t.get_fontsize() * fig.dpi / 72 * skala for t in teks)


def tabrakan(fig) -> list[tuple[str, str]]:
    """Texts drawn over something else: another text, a bar, or a line (grid lines excluded).

    Returns (text, what it overlaps) pairs; a readable chart returns none."""
    from matplotlib.patches import Rectangle

    teks = _teks_terlihat(fig)
    kotak = [(t.get_text(), t.get_window_extent().shrunk(0.96, 0.8)) for t in teks]
    lain = []
    for ax in fig.axes:
        for p in ax.patches:
            if isinstance(p, Rectangle) and p.get_visible() and p.get_width() and p.get_height():
                lain.append((f"batang {p.get_label() or ''}".strip(), p.get_window_extent()))
        for garis in ax.lines:
            if garis.get_visible() and not garis.get_label().startswith("_grid"):
                lain.extend((f"garis {garis.get_label()}", b) for b in _potongan_garis(garis))
    hasil = []
    for i, (nama, b) in enumerate(kotak):
        hasil += [(nama, n) for n, c in kotak[i + 1:] if b.overlaps(c)]
        hasil += [(nama, n) for n, c in lain if b.overlaps(c)]
    return hasil


def _potongan_garis(garis):
    """The drawn extents of a line, segment by segment (a line's bbox would cover its whole span)."""
    from matplotlib.transforms import Bbox

    xy = garis.get_transform().transform(garis.get_xydata())
    for (x0, y0), (x1, y1) in zip(xy[:-1], xy[1:], strict=True):
        if all(map(math.isfinite, (x0, y0, x1, y1))):
            yield Bbox.from_extents(min(x0, x1) - 1, min(y0, y1) - 1, max(x0, x1) + 1, max(y0, y1) + 1)
