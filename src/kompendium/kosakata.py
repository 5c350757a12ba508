"""The vocabulary of the tidy table, defined once: indicators, areas, periods, the national row.

Every module and notebook takes these names from here; nothing else spells them out. This module
imports neither pandas nor numpy, so the Snakefile may import it at parse time; the helpers accept
a scalar or a pandas Series (anything with ``.map``) alike.

Periods. BPS publishes poverty figures for two Susenas rounds a year (``Maret``, ``September``,
since 2011) and, before that and for annual tables, one figure a year (``Tahunan``). Within a year
they are ordered as they happened: ``Tahunan`` (the March survey of the annual years) first, then
``Maret``, then ``September``. On a time axis a semester sits in the middle of the quarter of its
survey month (March 0.25, September 0.75); an annual figure stands for the whole year (0.5).
"""

from __future__ import annotations

from typing import Any

# ----------------------------------------------------------------------------- indicators
PERSEN_PENDUDUK_PERKOTAAN = "persen_penduduk_perkotaan"
P0 = "p0"
P1 = "p1"
P2 = "p2"
GARIS_KEMISKINAN = "garis_kemiskinan"
JUMLAH_PENDUDUK_MISKIN = "jumlah_penduduk_miskin"
GINI = "gini"
#: Not a poverty measure: total population, as in the WebAPI example (var 31).
JUMLAH_PENDUDUK = "jumlah_penduduk"
INDIKATOR = (PERSEN_PENDUDUK_PERKOTAAN, P0, P1, P2, GARIS_KEMISKINAN, JUMLAH_PENDUDUK_MISKIN,
             GINI, JUMLAH_PENDUDUK)

SATUAN = ("persen", "rupiah/kapita/bulan", "juta jiwa", "ribu jiwa", "jiwa", "indeks", "rasio")

# ----------------------------------------------------------------------------- areas (daerah)
PERKOTAAN = "Perkotaan"
PERDESAAN = "Perdesaan"
TOTAL = "Perkotaan+Perdesaan"
#: A table without an urban/rural split has an empty ``daerah``.
TANPA_DAERAH = ""
#: The three areas of a split table, in the order tables and charts show them.
DAERAH = (PERKOTAAN, PERDESAAN, TOTAL)
#: Every value the ``daerah`` column may take.
DAERAH_SAH = (*DAERAH, TANPA_DAERAH)

# ----------------------------------------------------------------------------- periods
MARET = "Maret"
SEPTEMBER = "September"
TAHUNAN = "Tahunan"
#: Time order within one year.
PERIODE = (TAHUNAN, MARET, SEPTEMBER)
SEMESTER = (MARET, SEPTEMBER)
URUTAN_PERIODE = {p: i for i, p in enumerate(PERIODE)}
#: Position of a period within its year on a time axis (fraction of the year).
POSISI_PERIODE = {TAHUNAN: 0.5, MARET: 0.25, SEPTEMBER: 0.75}

# ----------------------------------------------------------------------------- the national row
KODE_INDONESIA = "00"
NAMA_INDONESIA = "Indonesia"
#: Column names of the tidy long table, in order.
KOLOM = ["indikator", "kode_wilayah", "wilayah", "daerah", "tahun", "periode", "nilai",
         "satuan", "sumber"]
KUNCI = ["indikator", "kode_wilayah", "wilayah", "daerah", "tahun", "periode"]


def _periksa_periode(periode: Any) -> None:
    """Raise a ValueError naming the unknown period(s)."""
    nilai = set(periode) if hasattr(periode, "map") else {periode}
    asing = sorted(str(p) for p in nilai - set(PERIODE))
    if asing:
        raise ValueError(f"periode tidak dikenal {asing}; diharapkan salah satu dari {list(PERIODE)}")


def waktu(tahun: Any, periode: Any) -> Any:
    """Decimal year of a period: ``waktu(2024, "September") == 2024.75``; Series in, Series out."""
    _periksa_periode(periode)
    if hasattr(periode, "map"):
        return tahun.astype(float) + periode.map(POSISI_PERIODE).astype(float)
    return float(tahun) + POSISI_PERIODE[periode]


def urutan(tahun: Any, periode: Any) -> Any:
    """A sortable integer key for (year, period): ``tahun * 10 + position in PERIODE``."""
    _periksa_periode(periode)
    if hasattr(periode, "map"):
        return tahun.astype(int) * 10 + periode.map(URUTAN_PERIODE).astype(int)
    return int(tahun) * 10 + URUTAN_PERIODE[periode]


def dari_urutan(kunci: int) -> tuple[int, str]:
    """The inverse of :func:`urutan`: ``(tahun, periode)``."""
    return kunci // 10, PERIODE[kunci % 10]


def label_periode(tahun: int, periode: str) -> str:
    """How a reader sees a period: ``"Maret 2025"``; an annual figure by its year only (``"2010"``)."""
    _periksa_periode(periode)
    return str(int(tahun)) if periode == TAHUNAN else f"{periode} {int(tahun)}"


def label_periode_seri(tahun: Any, periode: Any) -> list[str]:
    """:func:`label_periode` for two aligned sequences."""
    return [label_periode(t, p) for t, p in zip(tahun, periode, strict=False)]


def nasional(tabel: Any) -> Any:
    """The national rows (``kode_wilayah == "00"``) of a tidy table read with text codes."""
    return tabel[tabel["kode_wilayah"] == KODE_INDONESIA]
