"""data/raw: the datapackage, the recorded sha256 and the BPS layouts of the transcriptions."""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil
from pathlib import Path

import frictionless
import pytest

from kompendium.errors import ChecksumError
from kompendium.provenance import (
    load_datapackage,
    record_resource,
    resources_for,
    sha256_of,
    verify_raw,
    write_datapackage,
)
from kompendium.sumber import unduhan_bps

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FACTS = SHARED / "data" / "facts"
EXPORTS = SHARED / "data" / "bps-exports" / "website-csv"
needs_facts = pytest.mark.skipif(not FACTS.is_dir(), reason="../shared/data/facts tidak ada")
needs_exports = pytest.mark.skipif(not EXPORTS.is_dir(), reason="../shared/data/bps-exports tidak ada")

#: Tables whose transcription must equal BPS's own download byte for byte.
WEBSITE_TABLES = ["p0_daerah", "p1_daerah", "p2_daerah", "gk_daerah", "p0_provinsi", "gk_provinsi"]

#: Real BPS files downloaded before the September 2025 release: they show `-` where the
#: facts (and so our transcription) now hold the released values. Only those cells differ.
OLDER_DOWNLOADS = {
    "p0_daerah/Persentase Penduduk Miskin (P0) Menurut Daerah, 2025.csv",  # Sept 2025 P0
    "gk_daerah/Garis Kemiskinan (Rupiah_Kapita_Bulan) Menurut Daerah, 2025.csv",  # Sept 2025 GK total
    "p0_provinsi/Persentase Penduduk Miskin (P0) Menurut Provinsi dan Daerah, 2025.csv",  # Sept 2025 totals
}


@pytest.fixture(scope="module")
def package() -> dict:
    return load_datapackage(RAW)


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(data.decode("utf-8-sig").split("\n")))


# ---------------------------------------------------------------- datapackage

def test_datapackage_metadata_is_valid_frictionless():
    report = frictionless.Package.validate_descriptor(str(RAW / "datapackage.json"))
    assert report.flatten(["type", "note"]) == []
    pkg = frictionless.Package(str(RAW / "datapackage.json"))
    assert pkg.name and pkg.title and pkg.licenses and pkg.sources
    assert pkg.profile == "data-package"


def test_datapackage_data_validates_with_frictionless():
    """Schema, dialect, encoding, bytes and hash agree with every file's content."""
    report = frictionless.validate(str(RAW / "datapackage.json"))
    assert report.valid, report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])[:10]


def test_every_resource_has_its_provenance(package):
    names = [r["name"] for r in package["resources"]]
    assert len(names) == len(set(names))
    for r in package["resources"]:
        for key in ("name", "path", "title", "format", "encoding", "hash", "bytes", "licenses",
                    "cara_diperoleh", "tanggal_diperoleh", "schema", "dialect"):
            assert key in r, (r["path"], key)
        assert r["hash"].startswith("sha256:") and len(r["hash"]) == 7 + 64
        assert r["cara_diperoleh"].startswith(("ditranskripsi", "diunduh"))
        if not r["path"].startswith("transkripsi/"):
            assert "bps_tabel" in r and "Badan Pusat Statistik" in r["licenses"][0]["title"]
    (r1276,) = resources_for(RAW, "bps_1276_penduduk_perkotaan")
    assert r1276["bps_tabel"] == 1276
    assert r1276["bps_url"] == "https://www.bps.go.id/linkTabelStatis/view/id/1276"
    assert r1276["publikasi"] == "Proyeksi Penduduk Indonesia 2010-2035, BPS/Bappenas/UNFPA 2013"
    kabkota = resources_for(RAW, "p0_kabkota_lampung")
    assert len(kabkota) == 22
    assert all("ekstrak" in r["description"].lower() and "bps_ekstrak" in r for r in kabkota)


def test_encoding_matches_bom(package):
    for r in package["resources"]:
        bom = (RAW / r["path"]).read_bytes().startswith(b"\xef\xbb\xbf")
        assert r["encoding"] == ("utf-8-sig" if bom else "utf-8"), r["path"]


# ---------------------------------------------------------------- checksums

def test_every_listed_file_exists_with_its_hash_and_bytes(package):
    for r in package["resources"]:
        path = RAW / r["path"]
        assert path.is_file(), r["path"]
        assert r["hash"] == "sha256:" + sha256_of(path), r["path"]
        assert r["bytes"] == path.stat().st_size, r["path"]


def test_every_file_under_raw_is_listed(package):
    listed = {r["path"] for r in package["resources"]}
    present = {
        p.relative_to(RAW).as_posix()
        for p in RAW.rglob("*")
        if p.is_file() and p.name != "datapackage.json" and not p.name.upper().startswith("README")
    }
    assert present == listed


def test_verify_raw_passes_on_the_project():
    assert len(verify_raw(RAW)) == len(load_datapackage(RAW)["resources"])


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    dst = tmp_path / "raw"
    shutil.copytree(RAW, dst)
    return dst


def test_verify_raw_names_a_changed_file(raw_copy):
    rel = "p0_daerah/Persentase Penduduk Miskin (P0) Menurut Daerah, 2019.csv"
    path = raw_copy / rel
    data = bytearray(path.read_bytes())
    data[-1] = ord("9") if data[-1] != ord("9") else ord("8")  # one byte of a value
    path.write_bytes(bytes(data))
    with pytest.raises(ChecksumError) as info:
        verify_raw(raw_copy)
    message = str(info.value)
    assert rel in message and "\n" not in message
    recorded = next(r for r in load_datapackage(raw_copy)["resources"] if r["path"] == rel)["hash"]
    assert recorded.removeprefix("sha256:") in message
    assert sha256_of(path) in message
    assert "kompendium data add" in message and "kembalikan file aslinya" in message
    assert info.value.file == rel


def test_verify_raw_names_an_unlisted_and_a_missing_file(raw_copy):
    (raw_copy / "p0_daerah" / "README.md").write_text("catatan\n", encoding="utf-8")
    verify_raw(raw_copy)  # README files are not data
    extra = raw_copy / "p0_daerah" / "Persentase Penduduk Miskin (P0) Menurut Daerah, 2026.csv"
    extra.write_bytes(b"x")
    with pytest.raises(ChecksumError, match=r"Daerah, 2026\.csv.*tidak tercatat"):
        verify_raw(raw_copy)
    extra.unlink()
    (raw_copy / "gini_daerah" / "Gini Rasio Menurut Daerah, 2015.csv").unlink()
    with pytest.raises(ChecksumError, match=r"Gini Rasio Menurut Daerah, 2015\.csv.*tidak ada"):
        verify_raw(raw_copy)


def test_record_resource_adds_a_new_download_atomically(raw_copy):
    new = raw_copy / "gini_daerah" / "Gini Rasio Menurut Daerah, 2026.csv"
    new.write_bytes("\ufeffWilayah,,,\n".encode())
    res = record_resource(
        raw_copy, new, name="gini_daerah-2026", title="Gini Rasio Menurut Daerah, 2026",
        cara_diperoleh="diunduh dari bps.go.id", tanggal_diperoleh="2027-02-01",
        **unduhan_bps("https://www.bps.go.id", "2027-02-01"),
    )
    assert res["path"] == "gini_daerah/Gini Rasio Menurut Daerah, 2026.csv"
    assert res["encoding"] == "utf-8-sig" and res["bytes"] == new.stat().st_size
    verify_raw(raw_copy)
    assert resources_for(raw_copy, "gini_daerah")[-1]["name"] == "gini_daerah-2026"
    assert not list(raw_copy.glob(".*.tmp"))
    # re-recording a re-downloaded file keeps its metadata and updates the hash
    new.write_bytes("\ufeffWilayah,,,\nKota,1,-,-".encode())
    again = record_resource(raw_copy, new)
    assert again["title"] == "Gini Rasio Menurut Daerah, 2026"
    assert again["hash"] == "sha256:" + sha256_of(new)
    verify_raw(raw_copy)


def test_write_datapackage_is_deterministic(tmp_path, package):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = write_datapackage(tmp_path / "a", package)
    b = write_datapackage(tmp_path / "b", dict(package, resources=package["resources"][::-1]))
    assert a.read_bytes() == b.read_bytes() == (RAW / "datapackage.json").read_bytes()
    assert json.loads(a.read_text(encoding="utf-8")) == package


# ---------------------------------------------------------------- layouts

def test_national_layout_and_missing_values():
    p0 = (RAW / "p0_daerah" / "Persentase Penduduk Miskin (P0) Menurut Daerah, 2023.csv").read_bytes()
    assert p0.startswith(b"\xef\xbb\xbfWilayah,,,\n") and not p0.endswith(b"\n")
    rows = _rows(p0)
    assert rows[3] == ["", "Semester 1 (Maret)", "Semester 2 (September)", "Tahunan"]
    assert [r[0] for r in rows[4:]] == ["Kota", "Desa", "Kota+Desa"]
    assert [r[2] for r in rows[4:]] == ["-", "-", "-"]  # September 2023: BPS computed none
    p1 = _rows((RAW / "p1_daerah" / "Indeks Kedalaman Kemiskinan (P1) Menurut Daerah, 2025.csv").read_bytes())
    assert [r[2] for r in p1[4:]] == ["-", "-", "-"]  # September 2025 P1 not found
    berkas = RAW / "jumlah_miskin_daerah" / "Jumlah Penduduk Miskin (Juta Jiwa) Menurut Daerah, 2025.csv"
    jml = _rows(berkas.read_bytes())
    assert jml[1][1] == "Jumlah Penduduk Miskin (Juta Jiwa) Menurut Daerah"
    gini = _rows((RAW / "gini_daerah" / "Gini Rasio Menurut Daerah, 2015.csv").read_bytes())
    assert gini[1][1] == "Gini Rasio Menurut Daerah"


def test_1276_layout():
    (path,) = (RAW / "bps_1276_penduduk_perkotaan").iterdir()
    assert path.name == "Persentase Penduduk Daerah Perkotaan menurut Provinsi, 2010-2035.csv"
    lines = path.read_bytes().decode("utf-8").split("\n")
    assert lines[0] == "\ufeffPersentase Penduduk Daerah Perkotaan menurut Provinsi, 2010-2035,,,,,,"
    assert lines[1] == "Provinsi,2010,2015,2020,2025,2030,2035"
    assert lines[2].startswith("Aceh,28.1,")
    assert "Bengkulu,31.0," in lines[8] and lines[-1].startswith("INDONESIA,49.8,")
    assert len(lines) == 2 + 34


def test_provincial_layout():
    for folder, ncol in (("p0_provinsi", 10), ("gk_provinsi", 7)):
        for path in sorted((RAW / folder).iterdir()):
            rows = _rows(path.read_bytes())
            assert rows[0][0] == "38 Provinsi" and all(len(r) == ncol for r in rows), path.name
            assert len(rows) == 5 + 39 and rows[-1][0] == "INDONESIA"
    assert all(", " in p.name and " , " in p.name for p in (RAW / "gk_provinsi").iterdir())


# ---------------------------------------------------------------- against BPS and the script


@needs_exports
@pytest.mark.parametrize("folder", WEBSITE_TABLES)
def test_transcription_equals_bps_download(folder):
    compared = 0
    for ours in sorted((RAW / folder).iterdir()):
        real = EXPORTS / ours.name
        if not real.exists():
            continue
        compared += 1
        rel = f"{folder}/{ours.name}"
        if rel not in OLDER_DOWNLOADS:
            assert ours.read_bytes() == real.read_bytes(), rel
            continue
        a, b = _rows(ours.read_bytes()), _rows(real.read_bytes())
        assert ours.read_bytes()[:3] == real.read_bytes()[:3]
        header = 5 if folder.endswith("provinsi") else 4
        assert [len(r) for r in a] == [len(r) for r in b] and a[:header] == b[:header]
        assert [r[0] for r in a] == [r[0] for r in b]
        diffs = [(x, y) for ra, rb in zip(a, b, strict=False) for x, y in zip(ra, rb, strict=False) if x != y]
        assert diffs and all(y == "-" for _, y in diffs), rel
    assert compared > 0


@needs_exports
def test_kabkota_is_the_lampung_extract_of_bps_download():
    compared = 0
    for real in sorted(EXPORTS.glob("Persentase Penduduk Miskin (P0) Menurut Kabupaten_Kota, *.csv")):
        lines = real.read_bytes().split(b"\n")
        start = next(i for i, line in enumerate(lines) if line.startswith(b"LAMPUNG,"))
        end = next(i for i in range(start + 1, len(lines)) if lines[i].split(b",")[0].isupper())
        extract = b"\n".join(lines[:3] + lines[start:end])
        assert (RAW / "p0_kabkota_lampung" / real.name).read_bytes() == extract
        compared += 1
    assert compared > 0


@needs_facts
def test_transcription_script_reproduces_raw(tmp_path):
    spec = importlib.util.spec_from_file_location("transcribe_facts", ROOT / "tools" / "transcribe_facts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "raw"
    assert module.main([str(FACTS), "--out", str(out)]) == 0
    ours = sorted(p.relative_to(RAW).as_posix() for p in RAW.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert theirs == ours
    for rel in ours:
        assert (out / rel).read_bytes() == (RAW / rel).read_bytes(), rel
