"""DKI Jakarta population, land area and density (data/raw/transkripsi), in one unit: people.

The transcription mixes units row by row (``jiwa``, ``ribu jiwa``, ``juta jiwa``), because each
source printed its own. The audit compares people with people, so every figure is converted to
people, and the precision of what the source printed is kept: ``10467.6`` thousand can be any
count within 50 people of 10,467,600, so a claimed 10,467,630 matches it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from kompendium import atomic
from kompendium.errors import BpsFormatError

#: Unit of `jumlah_penduduk` -> people per unit.
SATUAN = {"jiwa": 1, "ribu jiwa": 1_000, "juta jiwa": 1_000_000}
KOLOM_MENTAH = ["tahun", "konsep", "jumlah_penduduk", "satuan_penduduk", "luas_km2",
                "kepadatan_per_km2", "sumber", "catatan"]
KOLOM = ["tahun", "konsep", "penduduk_jiwa", "presisi_jiwa", "luas_km2", "kepadatan_per_km2",
         "sumber", "catatan"]

SCHEMA = pa.DataFrameSchema(
    {
        "tahun": pa.Column("Int64", pa.Check.in_range(1900, 2100), nullable=True),
        "konsep": pa.Column(str, pa.Check.str_length(min_value=1)),
        "penduduk_jiwa": pa.Column(float, pa.Check.gt(0), nullable=True),
        "presisi_jiwa": pa.Column(float, pa.Check.ge(0), nullable=True),
        "luas_km2": pa.Column(float, pa.Check.gt(0), nullable=True),
        "kepadatan_per_km2": pa.Column(float, pa.Check.gt(0), nullable=True),
        "sumber": pa.Column(str, pa.Check.str_length(min_value=1)),
        "catatan": pa.Column(str, nullable=True),
    },
    strict=True,
    ordered=True,
)


def _presisi(teks: str) -> tuple[float, float]:
    """'10467.6' -> (10467.6, 0.05): the value and half a unit of its last printed digit."""
    try:
        d = Decimal(teks)
    except InvalidOperation as exc:
        raise ValueError(teks) from exc
    return float(d), float(Decimal(5).scaleb(d.as_tuple().exponent - 1))


def read_transcription(path: str | Path) -> pd.DataFrame:
    """Read and validate the transcription; errors name the file, line and column."""
    path = Path(path)
    mentah = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(mentah.columns) != KOLOM_MENTAH:
        raise BpsFormatError(path, f"kolom {KOLOM_MENTAH}", found=str(list(mentah.columns)))
    baris_keluar = []
    for i, r in mentah.iterrows():
        baris = int(i) + 2  # line in the file: header is line 1
        penduduk = presisi = None
        if r["jumlah_penduduk"]:
            if r["satuan_penduduk"] not in SATUAN:
                raise BpsFormatError(path, f"satuan_penduduk salah satu dari {list(SATUAN)}",
                                     row=baris, column="satuan_penduduk", found=r["satuan_penduduk"])
            try:
                nilai, setengah = _presisi(r["jumlah_penduduk"])
            except ValueError:
                raise BpsFormatError(path, "angka (titik desimal)", row=baris,
                                     column="jumlah_penduduk", found=r["jumlah_penduduk"]) from None
            kali = SATUAN[r["satuan_penduduk"]]
            penduduk, presisi = nilai * kali, setengah * kali
        angka = {}
        for kolom in ("tahun", "luas_km2", "kepadatan_per_km2"):
            try:
                angka[kolom] = float(r[kolom]) if r[kolom] else None
            except ValueError:
                raise BpsFormatError(path, "angka atau kosong", row=baris, column=kolom,
                                     found=r[kolom]) from None
        if penduduk is None and angka["luas_km2"] is None:
            raise BpsFormatError(path, "jumlah_penduduk atau luas_km2 terisi", row=baris,
                                 column="jumlah_penduduk")
        baris_keluar.append({
            "tahun": angka["tahun"], "konsep": r["konsep"], "penduduk_jiwa": penduduk,
            "presisi_jiwa": presisi, "luas_km2": angka["luas_km2"],
            "kepadatan_per_km2": angka["kepadatan_per_km2"], "sumber": r["sumber"],
            "catatan": r["catatan"] or None,
        })
    return _validasi(pd.DataFrame(baris_keluar, columns=KOLOM), path)


def _validasi(tabel: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The table in its contract's types, checked; an error names the file, line and column."""
    tabel = tabel.copy()
    tabel["tahun"] = tabel["tahun"].astype("Int64")
    for kolom in ("penduduk_jiwa", "presisi_jiwa", "luas_km2", "kepadatan_per_km2"):
        tabel[kolom] = tabel[kolom].astype(float)
    # A missing note is None whether it was read from the transcription or from the processed CSV.
    tabel["catatan"] = tabel["catatan"].astype(object).where(tabel["catatan"].notna(), None)
    try:
        return SCHEMA.validate(tabel, lazy=True)
    except pa.errors.SchemaErrors as exc:
        kasus = exc.failure_cases.iloc[0]
        baris = int(kasus["index"]) + 2 if pd.notna(kasus["index"]) else None
        raise BpsFormatError(path, f"aturan {kasus['check']}", row=baris,
                             column=str(kasus["column"]), found=str(kasus["failure_case"])) from None


def read_csv(path: str | Path) -> pd.DataFrame:
    """The processed table (data/processed/penduduk_dki_jakarta.csv), in its contract's types."""
    path = Path(path)
    tabel = pd.read_csv(path, dtype={"konsep": str, "sumber": str, "catatan": str})
    if list(tabel.columns) != KOLOM:
        raise BpsFormatError(path, f"kolom {KOLOM}", found=str(list(tabel.columns)))
    try:
        return _validasi(tabel, path)
    except (TypeError, ValueError) as exc:
        raise BpsFormatError(path, "angka pada kolom tahun, penduduk, luas dan kepadatan",
                             found=str(exc)) from None


def process(source: str | Path, output: str | Path) -> Path:
    """The `process_jakarta_population` step: transcription -> data/processed, atomically."""
    return atomic.write_csv(read_transcription(source), Path(output))
