"""Region table: spellings, codes, canonical names, creation years, strictness."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from kompendium import wilayah
from kompendium.errors import BpsFormatError


def prov(nama: str) -> wilayah.Wilayah:
    return wilayah.provinsi(nama, file="t.csv", row=7, column=1)


@pytest.mark.parametrize(("ejaan", "kode", "nama"), [
    ("INDONESIA", "00", "Indonesia"),
    ("ACEH", "11", "Aceh"),
    ("KEP. RIAU", "21", "Kepulauan Riau"),
    ("Kepulauan Riau", "21", "Kepulauan Riau"),
    ("KEP. BANGKA BELITUNG", "19", "Kepulauan Bangka Belitung"),
    ("DI YOGYAKARTA", "34", "DI Yogyakarta"),
    ("D I YOGYAKARTA", "34", "DI Yogyakarta"),
    ("DI Yogyakarta", "34", "DI Yogyakarta"),
    ("DKI JAKARTA", "31", "DKI Jakarta"),
    ("NUSA TENGGARA BARAT", "52", "Nusa Tenggara Barat"),
    ("N T B", "52", "Nusa Tenggara Barat"),
    ("N T T", "53", "Nusa Tenggara Timur"),
    ("KALIMANTAN UTARA", "65", "Kalimantan Utara"),
    ("PAPUA", "94", "Papua"),
    ("PAPUA BARAT", "91", "Papua Barat"),
    ("PAPUA SELATAN", "95", "Papua Selatan"),
    ("PAPUA TENGAH", "96", "Papua Tengah"),
    ("PAPUA PEGUNUNGAN", "97", "Papua Pegunungan"),
    ("PAPUA BARAT DAYA", "92", "Papua Barat Daya"),
    ("  sumatera   utara ", "12", "Sumatera Utara"),
])
def test_provinsi_spellings(ejaan: str, kode: str, nama: str) -> None:
    w = prov(ejaan)
    assert (w.kode, w.nama) == (kode, nama)


def test_38_provinces_and_indonesia() -> None:
    kode = {w.kode for w in wilayah.semua() if w.provinsi}
    assert len(kode) == 39 and "00" in kode


@pytest.mark.parametrize(("ejaan", "kode", "nama"), [
    ("Lampung Barat", "1801", "Lampung Barat"),
    ("Tanggamus", "1802", "Tanggamus"),
    ("Way Kanan", "1807", "Way Kanan"),
    ("Tulangbawang", "1808", "Tulang Bawang"),
    ("Tulang Bawang", "1808", "Tulang Bawang"),
    ("Pesawaran", "1809", "Pesawaran"),
    ("Pringsewu", "1810", "Pringsewu"),
    ("Mesuji", "1811", "Mesuji"),
    ("Tulang Bawang Barat", "1812", "Tulang Bawang Barat"),
    ("Pesisir Barat", "1813", "Pesisir Barat"),
    ("Kota Bandar Lampung", "1871", "Kota Bandar Lampung"),
    ("Bandar Lampung", "1871", "Kota Bandar Lampung"),
    ("Kota Metro", "1872", "Kota Metro"),
])
def test_lampung(ejaan: str, kode: str, nama: str) -> None:
    w = wilayah.kabkota(ejaan, prov("LAMPUNG"), file="t.csv", row=3)
    assert (w.kode, w.nama, w.induk) == (kode, nama, "18")


def test_lampung_has_15_kabkota() -> None:
    assert len([w for w in wilayah.semua() if w.induk == "18"]) == 15


def test_unknown_province_raises_with_place() -> None:
    with pytest.raises(BpsFormatError) as e:
        prov("SUMATRA TENGAH")
    msg = str(e.value)
    assert "t.csv" in msg and "baris 7" in msg and "kolom 1" in msg and "SUMATRA TENGAH" in msg


def test_unknown_kabkota_in_lampung_raises() -> None:
    with pytest.raises(BpsFormatError, match="Lampung Raya"):
        wilayah.kabkota("Lampung Raya", prov("LAMPUNG"), file="t.csv", row=9)


def test_kabkota_outside_table_keeps_name_and_parent() -> None:
    w = wilayah.kabkota("Simeulue", prov("ACEH"), file="t.csv", row=4)
    assert (w.kode, w.nama) == ("", "Simeulue (Aceh)")
    assert wilayah.dikenal("", "Simeulue (Aceh)")
    assert not wilayah.dikenal("", "Simeulue (Atlantis)")
    assert not wilayah.dikenal("", "Simeulue")


def test_kabupaten_named_like_its_province() -> None:
    w = wilayah.kabkota("Gorontalo", prov("GORONTALO"), file="t.csv", row=4)
    assert w.nama == "Gorontalo (Gorontalo)" and prov("GORONTALO").kode == "75"


def test_creation_years() -> None:
    assert wilayah.tahun_dibentuk("65") == 2012
    assert wilayah.menurut_kode("65").data_sejak == 2015
    assert wilayah.tahun_dibentuk("95") == 2022
    assert wilayah.tahun_dibentuk("1810") == 2008
    assert wilayah.tahun_dibentuk("11") is None


def test_table_is_consistent() -> None:
    path = resources.files("kompendium") / "data" / "wilayah.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    nama = {}
    for r in rows:
        assert nama.setdefault(r["kode"], r["nama"]) == r["nama"]
        if len(r["kode"]) == 4:
            assert r["kode"].startswith(r["induk"])
    keys = [(r["induk"], wilayah.kunci(r["ejaan"])) for r in rows]
    by_key = {}
    for k, r in zip(keys, rows, strict=False):
        assert by_key.setdefault(k, r["kode"]) == r["kode"]


def test_kunci() -> None:
    assert wilayah.kunci("KEP. RIAU") == wilayah.kunci("Kep Riau")
    assert wilayah.kunci("N T B") == wilayah.kunci("ntb")
