"""Every real BPS export in ../shared reads without error and agrees with the published facts."""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kompendium import wilayah
from kompendium.bps import read_bps_file

# ../shared beside the repository; KOMPENDIUM_SHARED points elsewhere (e.g. from a git worktree).
SHARED = Path(os.environ.get("KOMPENDIUM_SHARED", Path(__file__).parents[1].parent / "shared")) / "data"
EXPORTS = SHARED / "bps-exports"
FACTS = SHARED / "facts"

pytestmark = pytest.mark.skipif(not EXPORTS.is_dir(), reason="../shared/data/bps-exports absent")


def _files() -> list[Path]:
    return sorted(p for p in EXPORTS.rglob("*") if p.is_file()) if EXPORTS.is_dir() else []


@pytest.fixture(scope="module")
def semua() -> pd.DataFrame:
    """All exports read through read_bps_file, concatenated."""
    return pd.concat([read_bps_file(p) for p in _files()], ignore_index=True)


def _kompendium() -> list[str]:
    exe = shutil.which("kompendium", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "kompendium.cli"]


def test_every_export_is_read(semua: pd.DataFrame) -> None:
    assert set(semua["sumber"]) == {p.name for p in _files()}
    assert len(_files()) >= 140


@pytest.mark.parametrize("nama", [
    "website-csv/Persentase Penduduk Miskin (P0) Menurut Provinsi dan Daerah, 2012.csv",
    "other-formats/bps_webapi_model_data_example_population.json",
])
def test_cli_matches_library(nama: str) -> None:
    path = EXPORTS / nama
    r = subprocess.run([*_kompendium(), "bps", "read", str(path)], capture_output=True,
                       text=True, check=False)
    assert r.returncode == 0, r.stderr
    cli = pd.read_csv(io.StringIO(r.stdout), dtype={"kode_wilayah": str, "daerah": str},
                      keep_default_na=False, na_values={"nilai": [""]})
    lib = read_bps_file(path)
    assert list(cli.columns) == list(lib.columns)
    pd.testing.assert_series_equal(cli["nilai"], lib["nilai"], check_dtype=False)
    assert (cli["wilayah"] == lib["wilayah"]).all() and (cli["periode"] == lib["periode"]).all()


def _banding(kami: pd.DataFrame, fakta: pd.DataFrame, kunci: list[str], kolom_fakta: str,
             minimum: int) -> None:
    """Every value present in both tables is equal; at least `minimum` values are compared."""
    f = fakta[kunci + [kolom_fakta]].copy()
    f[kolom_fakta] = pd.to_numeric(f[kolom_fakta], errors="coerce")  # '-' and '' -> NaN
    gabung = kami.merge(f, on=kunci, how="inner", validate="one_to_one")
    keduanya = gabung.dropna(subset=["nilai", kolom_fakta])
    beda = keduanya[(keduanya["nilai"] - keduanya[kolom_fakta]).abs() > 1e-9]
    assert beda.empty, beda.to_string()
    assert len(keduanya) >= minimum, len(keduanya)


def _kode_provinsi(nama: str) -> str:
    return wilayah.provinsi(nama, file="facts").kode


@pytest.mark.parametrize(("indikator", "kolom", "minimum"), [
    ("p0", "p0_persen", 126), ("p1", "p1", 120), ("p2", "p2", 120),
    ("garis_kemiskinan", "garis_kemiskinan_rp", 106),
])
def test_national(semua: pd.DataFrame, indikator: str, kolom: str, minimum: int) -> None:
    kami = semua[(semua["indikator"] == indikator) & (semua["kode_wilayah"] == "00")
                 & semua["sumber"].str.contains(r"Menurut Daerah,")]
    fakta = pd.read_csv(FACTS / "kemiskinan_nasional_menurut_daerah_1996_2025.csv")
    _banding(kami, fakta, ["tahun", "periode", "daerah"], kolom, minimum)


@pytest.mark.parametrize(("indikator", "berkas", "pola", "minimum"), [
    ("p0", "kemiskinan_provinsi_p0_menurut_daerah_2007_2025.csv", "Menurut Provinsi dan Daerah,",
     3000),
    ("garis_kemiskinan", "garis_kemiskinan_provinsi_menurut_daerah_2013_2025.csv",
     "Menurut Provinsi dan Daerah ,", 1500),
])
def test_provinces(semua: pd.DataFrame, indikator: str, berkas: str, pola: str,
                   minimum: int) -> None:
    kami = semua[(semua["indikator"] == indikator) & semua["sumber"].str.contains(pola, regex=False)]
    fakta = pd.read_csv(FACTS / berkas)
    fakta["kode_wilayah"] = fakta["provinsi_seperti_di_bps"].map(_kode_provinsi)
    kolom = "p0_persen" if indikator == "p0" else "garis_kemiskinan_rp"
    _banding(kami, fakta, ["kode_wilayah", "tahun", "periode", "daerah"], kolom, minimum)


def test_kabkota_lampung(semua: pd.DataFrame) -> None:
    lampung = wilayah.provinsi("LAMPUNG", file="facts")
    fakta = pd.read_csv(FACTS / "kemiskinan_kabkota_lampung_p0_2004_2025.csv", dtype={"p0_persen": str})
    fakta["kode_wilayah"] = [
        lampung.kode if nama.isupper() else wilayah.kabkota(nama, lampung, file="facts").kode
        for nama in fakta["wilayah"]
    ]
    kami = semua[(semua["indikator"] == "p0") & semua["sumber"].str.contains("Kabupaten_Kota")
                 & semua["kode_wilayah"].str.startswith("18")]
    assert len(kami) == 2 * 16
    _banding(kami, fakta, ["kode_wilayah", "tahun"], "p0_persen", 32)


def test_no_values_before_region_existed(semua: pd.DataFrame) -> None:
    kaltara = semua[(semua["kode_wilayah"] == "65") & (semua["tahun"] < 2015)]
    assert kaltara["nilai"].isna().all() and not kaltara.empty


def test_missing_rule(semua: pd.DataFrame) -> None:
    # NaN rows only in semester columns; September 2023 is NaN nationally (no BPS figures).
    assert set(semua.loc[semua["nilai"].isna(), "periode"]) <= {"Maret", "September"}
    sep23 = semua[(semua["kode_wilayah"] == "00") & (semua["tahun"] == 2023)
                  & (semua["periode"] == "September") & (semua["indikator"] == "p0")]
    assert not sep23.empty and sep23["nilai"].isna().all()
    assert not math.isnan(semua["nilai"].max())


@pytest.mark.parametrize("nama", [
    "other-formats/bps_webapi_model_data_example_population.json",
    "other-formats/bps_oldsite_dynamic_table_export_P1_Jakarta.xls",
    "other-formats/bps_dynamic_table_csv_semicolon_export_P1_kabkota_2022-2023.csv",
    "website-csv/Persentase Penduduk Miskin (P0) Menurut Kabupaten_Kota, 2024.csv",
])
def test_cli_explain_on_real_exports(nama: str) -> None:
    """`bps read --explain` says what was detected: format, indicator, dimensions, counts."""
    path = EXPORTS / nama
    r = subprocess.run([*_kompendium(), "bps", "read", "--explain", str(path)], capture_output=True,
                       text=True, check=False)
    assert r.returncode == 0, r.stderr
    lib = read_bps_file(path)
    baris = dict(line.split(": ", 1) for line in r.stdout.splitlines())
    assert baris["format"] == lib.attrs["format"]
    assert baris["nilai"].startswith(f"{int(lib['nilai'].notna().sum())} angka")
    assert set(baris) >= {"indikator", "dimensi", "wilayah", "daerah", "tahun", "periode", "peringatan"}
    if nama.endswith(".json"):
        assert "wilayah <- vervar (Kecamatan)" in baris["dimensi"] and "Kecamatan" in baris["peringatan"]
