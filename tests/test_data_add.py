"""`kompendium data add`: a good download is placed and recorded; a bad one is refused and nothing changes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from kompendium import build, pembaruan, raw_transaction
from kompendium.bps import read_bps_file
from kompendium.cli import main
from kompendium.errors import BpsFormatError
from kompendium.provenance import load_datapackage, verify_raw, write_datapackage

RAW = ROOT / "data" / "raw"
P0_DAERAH = "p0_daerah/Persentase Penduduk Miskin (P0) Menurut Daerah, {}.csv"
P0_PROVINSI = "p0_provinsi/Persentase Penduduk Miskin (P0) Menurut Provinsi dan Daerah, {}.csv"
GK_PROVINSI = "gk_provinsi/Garis Kemiskinan (Rupiah_Kapita_Bulan) Menurut Provinsi dan Daerah , {}.csv"
KABKOTA = "p0_kabkota_lampung/Persentase Penduduk Miskin (P0) Menurut Kabupaten_Kota, {}.csv"
PROYEKSI = "bps_1276_penduduk_perkotaan/Persentase Penduduk Daerah Perkotaan menurut Provinsi, 2010-2035.csv"
TRANSKRIPSI = "transkripsi/rentan_miskin_terbitan.csv"
URL = "https://www.bps.go.id/id/statistics-table/2/MTkyIzI=/persentase-penduduk-miskin.html"


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    """A small data/raw: a few tables up to 2024, recorded as in the real datapackage."""
    raw = tmp_path / "data" / "raw"
    keep = [*(P0_DAERAH.format(y) for y in (2023, 2024)), P0_PROVINSI.format(2024),
            GK_PROVINSI.format(2024), KABKOTA.format(2024), PROYEKSI, TRANSKRIPSI]
    for rel in keep:
        (raw / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(RAW / rel, raw / rel)
    package = load_datapackage(RAW)
    package["resources"] = [r for r in package["resources"] if r["path"] in keep]
    write_datapackage(raw, package)
    verify_raw(raw)
    return raw


@pytest.fixture()
def unduhan(tmp_path: Path) -> Path:
    """The author's download folder, outside data/raw."""
    d = tmp_path / "Unduhan"
    d.mkdir()
    return d


def unduh(unduhan: Path, rel: str, isi: bytes | None = None) -> Path:
    """A download: the real file of `rel` (or `isi`) under BPS's file name."""
    p = unduhan / Path(rel).name
    p.write_bytes(RAW.joinpath(rel).read_bytes() if isi is None else isi)
    return p


def keadaan(raw: Path) -> tuple[bytes, dict[str, str]]:
    """Bytes of datapackage.json, every file under data/raw (with its sha256) and every folder
    (an empty folder left behind is a change), and nothing staged beside data/raw."""
    files = {p.relative_to(raw).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "/"
             for p in sorted(raw.rglob("*"))}
    files |= {f"../{p.name}": "staging" for p in raw.parent.glob(".kompendium-add-*")}
    return (raw / "datapackage.json").read_bytes(), files


def add(raw: Path, *args: str | Path) -> int:
    return main(["data", "add", "--raw", str(raw), *map(str, args)])


def test_good_files_are_placed_by_content_and_recorded(raw, unduhan, capsys):
    files = [unduh(unduhan, rel.format(2025)) for rel in (P0_DAERAH, P0_PROVINSI, GK_PROVINSI, KABKOTA)]
    assert add(raw, *files, "--url", URL, "--tanggal", "2026-09-20") == 0
    out = capsys.readouterr().out
    package = {r["path"]: r for r in load_datapackage(raw)["resources"]}
    for rel in (P0_DAERAH, P0_PROVINSI, GK_PROVINSI, KABKOTA):
        rel = rel.format(2025)
        assert (raw / rel).read_bytes() == (RAW / rel).read_bytes()
        r = package[rel]
        assert r["hash"] == "sha256:" + hashlib.sha256((RAW / rel).read_bytes()).hexdigest()
        assert r["tanggal_diperoleh"] == "2026-09-20" and r["bps_url"] == URL
        assert r["bps_format"] == "website-csv" and "revisi" not in r
        assert rel in out
    # The table title of the folder is carried over; the result passes the workflow's own check.
    assert package[P0_DAERAH.format(2025)]["bps_tabel"] == package[P0_DAERAH.format(2024)]["bps_tabel"]
    assert len(verify_raw(raw)) == 7 + 4


def test_date_defaults_to_today_and_url_is_optional(raw, unduhan):
    import datetime as dt

    assert add(raw, unduh(unduhan, P0_DAERAH.format(2025))) == 0
    r = next(r for r in load_datapackage(raw)["resources"] if r["path"] == P0_DAERAH.format(2025))
    assert r["tanggal_diperoleh"] == dt.date.today().isoformat()


def _ganti(rel: str, lama: bytes, baru: bytes) -> bytes:
    isi = RAW.joinpath(rel).read_bytes()
    assert lama in isi, f"{lama!r} not in {rel}"
    return isi.replace(lama, baru, 1)


BURUK = {
    "kosong": b"",
    "halaman-galat": b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>",
    "desimal-koma": _ganti(P0_DAERAH.format(2025), b"Kota,6.73,", b'Kota,"6,73",'),
    "kolom-bergeser": _ganti(P0_PROVINSI.format(2025), b"LAMPUNG,", b"LAMPUNG,,"),
    "provinsi-tak-dikenal": _ganti(P0_PROVINSI.format(2025), b"LAMPUNG,", b"LAMPUNG RAYA,"),
    "di-luar-rentang": _ganti(P0_DAERAH.format(2025), b"Kota,6.73,", b"Kota,106.73,"),
    "bukan-format-bps": RAW.joinpath(TRANSKRIPSI).read_bytes(),
    "bukan-utf8": b"\xff\xfe" + "Wilayah,,,\n".encode("utf-16-le"),
}


@pytest.mark.parametrize("jenis", sorted(BURUK))
def test_bad_file_is_refused_with_the_readers_message_and_nothing_changes(raw, unduhan, capsys, jenis):
    good = unduh(unduhan, P0_PROVINSI.format(2025))
    bad = unduh(unduhan, P0_DAERAH.format(2025), BURUK[jenis])
    with pytest.raises(BpsFormatError) as reader:
        read_bps_file(bad)
    before = keadaan(raw)
    # The good file comes first: it must not be added either (all or nothing).
    assert add(raw, good, bad) == 2
    err = capsys.readouterr().err
    assert " ".join(str(reader.value).split()) in err
    assert "tidak diubah" in err
    assert keadaan(raw) == before


def test_overlapping_year_is_refused_without_replace(raw, unduhan, capsys):
    before = keadaan(raw)
    same_name = unduh(unduhan, P0_DAERAH.format(2024))
    assert add(raw, same_name) == 2
    assert "--replace" in capsys.readouterr().err
    # Another name for the same table and year: still the year 2024 of p0_daerah.
    other = unduhan / "P0 daerah 2024 (1).csv"
    other.write_bytes(RAW.joinpath(P0_DAERAH.format(2024)).read_bytes())
    assert add(raw, other) == 2
    err = capsys.readouterr().err
    assert P0_DAERAH.format(2024) in err and "2024" in err
    # Two new files with the same year in one command overlap each other.
    a = unduh(unduhan, P0_DAERAH.format(2025))
    b = unduhan / "salinan.csv"
    b.write_bytes(a.read_bytes())
    assert add(raw, a, b) == 2
    assert add(raw, a, b, "--replace") == 2  # not even as a revision of each other
    assert "perintah yang sama" in capsys.readouterr().err
    assert keadaan(raw) == before


def test_replace_records_a_revision(raw, unduhan):
    rel = P0_DAERAH.format(2024)
    old_hash = next(r["hash"] for r in load_datapackage(raw)["resources"] if r["path"] == rel)
    revised = unduh(unduhan, rel, _ganti(rel, b"Kota,7.09,", b"Kota,7.19,"))
    assert add(raw, revised, "--replace", "--date", "2026-10-01") == 0
    r = next(r for r in load_datapackage(raw)["resources"] if r["path"] == rel)
    assert (raw / rel).read_bytes() == revised.read_bytes()
    assert r["revisi"] == {"tanggal": "2026-10-01", "menggantikan": [{"path": rel, "hash": old_hash}]}
    nilai = read_bps_file(raw / rel).query("daerah == 'Perkotaan' and periode == 'Maret'")["nilai"]
    assert nilai.tolist() == [7.19]
    verify_raw(raw)


def test_replace_under_another_name_removes_the_old_file(raw, unduhan):
    old = P0_DAERAH.format(2024)
    other = unduhan / "Persentase Penduduk Miskin (P0) Menurut Daerah, 2024 (revisi).csv"
    other.write_bytes(RAW.joinpath(old).read_bytes())
    assert add(raw, other, "--replace") == 0
    assert not (raw / old).exists()
    paths = {r["path"] for r in load_datapackage(raw)["resources"]}
    assert old not in paths and f"p0_daerah/{other.name}" in paths
    verify_raw(raw)


def test_replace_must_keep_every_year_of_the_replaced_file(raw, unduhan, capsys):
    # A projection file without the 2035 column would silently drop 2035.
    isi = RAW.joinpath(PROYEKSI).read_text(encoding="utf-8-sig")
    baris = [",".join(b.split(",")[:-1]) if i else b for i, b in enumerate(isi.split("\n"))]
    pendek = unduhan / Path(PROYEKSI).name
    pendek.write_text("\ufeff" + "\n".join(baris), encoding="utf-8")
    assert 2035 not in set(read_bps_file(pendek)["tahun"])
    before = keadaan(raw)
    assert add(raw, pendek, "--replace") == 2
    assert "2035" in capsys.readouterr().err
    assert keadaan(raw) == before


def test_a_failure_while_writing_rolls_everything_back(raw, unduhan, monkeypatch):
    files = [unduh(unduhan, P0_DAERAH.format(2025)),
             unduh(unduhan, P0_DAERAH.format(2024), _ganti(P0_DAERAH.format(2024), b"7.09", b"7.19"))]
    before = keadaan(raw)

    def disk_full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pembaruan, "write_datapackage", disk_full)
    assert add(raw, *files, "--replace") == 2
    assert keadaan(raw) == before
    assert not list(raw.parent.glob(".kompendium-add-*"))


def _revisi_dan_tahun_baru(unduhan: Path) -> list[Path]:
    """A new year in a new folder, a new year in a known one, and a revision of a recorded file."""
    return [unduh(unduhan, P0_DAERAH.format(2025)), unduh(unduhan, P0_PROVINSI.format(2025)),
            unduh(unduhan, P0_DAERAH.format(2024), _ganti(P0_DAERAH.format(2024), b"7.09", b"7.19"))]


def _steps_of_an_add(raw: Path, unduhan: Path, tmp_path: Path) -> tuple[int, tuple]:
    """How many renames (os.replace: every file move and every atomic write) a successful add
    makes, and the state it ends in, from a run on a copy."""
    copy = tmp_path / "copy" / "data" / "raw"
    shutil.copytree(raw, copy)
    calls = []
    real = os.replace

    def counting(*a, **k):
        calls.append(a)
        return real(*a, **k)

    try:
        os.replace = counting
        assert add(copy, *_revisi_dan_tahun_baru(unduhan), "--replace", "--date", "2026-11-30") == 0
    finally:
        os.replace = real
    return len(calls), keadaan(copy)


def _failing_rename(fail_at: int, real):
    """os.replace that fails with an I/O error on its `fail_at`-th call."""
    calls = []

    def failing(*a, **k):
        calls.append(a)
        if len(calls) == fail_at:
            raise OSError(5, "Input/output error")
        return real(*a, **k)

    return failing


def test_a_failure_at_any_step_of_installing_rolls_everything_back(raw, unduhan, tmp_path, monkeypatch):
    steps, _ = _steps_of_an_add(raw, unduhan, tmp_path)
    assert steps >= 8  # journal, original package, three moves and one moved aside, package, commit
    before = keadaan(raw)
    real = os.replace
    for fail_at in range(1, steps + 1):
        failing = _failing_rename(fail_at, real)
        monkeypatch.setattr(os, "replace", failing)
        assert add(raw, *_revisi_dan_tahun_baru(unduhan), "--replace", "--date", "2026-11-30") == 2, fail_at
        monkeypatch.setattr(os, "replace", real)
        assert keadaan(raw) == before, f"rename {fail_at} of {steps} failed and left a change"


KILLED_ADD = """
import os, signal, sys
from kompendium.cli import main
real, calls, kill_at = os.replace, [], int(sys.argv[1])
def killing(*a, **k):
    calls.append(a)
    if len(calls) == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*a, **k)
os.replace = killing
main(["data", "add", "--raw", *sys.argv[2:], "--replace", "--date", "2026-11-30"])
"""


def test_an_add_killed_at_any_step_is_undone_by_the_next_command(raw, unduhan, tmp_path):
    """SIGKILL (no except, no finally) before each rename: the next command finds the journal and
    undoes the half-done add; then the add runs as if nothing had happened."""
    steps, after = _steps_of_an_add(raw, unduhan, tmp_path)
    before = keadaan(raw)
    files = [str(f) for f in _revisi_dan_tahun_baru(unduhan)]
    for kill_at in range(1, steps + 1):
        run = subprocess.run([sys.executable, "-c", KILLED_ADD, str(kill_at), str(raw), *files],
                             capture_output=True, text=True)
        assert run.returncode == -signal.SIGKILL, run.stderr[-2000:]
        assert list(raw.parent.glob(".kompendium-add-*")), "a killed add leaves its journal"
        assert raw_transaction.recover_interrupted(raw)
        assert keadaan(raw) == before, f"killed before rename {kill_at} of {steps}: not undone"
    assert add(raw, *files, "--replace", "--date", "2026-11-30") == 0
    assert keadaan(raw) == after


def test_kompendium_build_undoes_a_killed_add_first(raw, unduhan, monkeypatch, capsys):
    before = keadaan(raw)
    run = subprocess.run([sys.executable, "-c", KILLED_ADD, "5", str(raw),
                          *map(str, _revisi_dan_tahun_baru(unduhan))], capture_output=True, text=True)
    assert run.returncode == -signal.SIGKILL
    monkeypatch.setattr(os, "execvp", lambda *a: None)  # stop where Snakemake would take over
    build.build([], root=raw.parent.parent)
    assert "`data add` yang terhenti ditemukan" in capsys.readouterr().err
    assert keadaan(raw) == before


def test_a_live_add_is_never_undone(raw, unduhan):
    before = keadaan(raw)
    with pytest.raises(RuntimeError, match="gagal di tengah"), raw_transaction.RawTransaction(raw.resolve()) as tx:
        target = raw / "p0_daerah" / "x.csv"
        tx.install(tx.stage(unduh(unduhan, P0_DAERAH.format(2025)), "x.csv"), target)
        assert raw_transaction.recover_interrupted(raw) == []  # its lock is held: a run at work
        assert target.exists()
        raise RuntimeError("gagal di tengah")
    assert keadaan(raw) == before


@pytest.mark.parametrize("args", [["--tanggal", "20-09-2026"], ["--url", "bps.go.id/tabel"]])
def test_bad_options_are_refused(raw, unduhan, capsys, args):
    before = keadaan(raw)
    assert add(raw, unduh(unduhan, P0_DAERAH.format(2025)), *args) == 2
    assert "tidak diubah" in capsys.readouterr().err
    assert keadaan(raw) == before


def test_file_already_inside_raw_but_elsewhere_is_refused(raw, capsys):
    stray = raw / "Persentase Penduduk Miskin (P0) Menurut Daerah, 2025.csv"
    stray.write_bytes(RAW.joinpath(P0_DAERAH.format(2025)).read_bytes())
    package = (raw / "datapackage.json").read_bytes()
    assert add(raw, stray) == 2
    assert "di luar" in capsys.readouterr().err
    assert (raw / "datapackage.json").read_bytes() == package


def test_every_real_table_folder_is_found_from_a_files_content():
    dikenal = pembaruan.jenis_folder(RAW)
    folders = pembaruan.folder_tabel(RAW)
    assert sorted(dikenal.values()) == folders  # one kind per folder, none shared
    for folder in folders:
        newest = sorted((RAW / folder).iterdir())[-1]
        jenis = pembaruan.jenis_tabel(read_bps_file(newest))
        assert pembaruan.folder_tujuan(RAW, jenis, dikenal) == folder
        if folder != "bps_1276_penduduk_perkotaan":
            # The folders follow the naming a brand-new table would get.
            assert pembaruan.nama_folder_baku(jenis) == folder


def test_a_new_kind_of_table_gets_a_new_folder(raw, unduhan):
    gini = unduh(unduhan, "gini_daerah/Gini Rasio Menurut Daerah, 2025.csv")
    assert add(raw, gini) == 0
    assert (raw / "gini_daerah" / gini.name).is_file()
    verify_raw(raw)
    assert json.loads((raw / "datapackage.json").read_text(encoding="utf-8"))["resources"]


def test_a_failed_final_check_restores_datapackage_and_files(raw, unduhan, monkeypatch):
    from kompendium.errors import ChecksumError

    files = [unduh(unduhan, P0_DAERAH.format(2025)),
             unduh(unduhan, P0_DAERAH.format(2024), _ganti(P0_DAERAH.format(2024), b"7.09", b"7.19"))]
    before = keadaan(raw)

    def mismatch(_raw):
        raise ChecksumError("x.csv: sha256 tercatat a, sebenarnya b")

    monkeypatch.setattr(pembaruan, "verify_raw", mismatch)
    assert add(raw, *files, "--replace") == 2
    assert keadaan(raw) == before


# ----------------------------------------------------------------------------- every reader format
def _xlsx(unduhan: Path, rel: str) -> Path:
    import csv

    from test_bps_variants import write_xlsx

    teks = (RAW / rel).read_bytes().decode("utf-8-sig")
    rows = [next(csv.reader([baris])) for baris in teks.splitlines() if baris]
    out = unduhan / (Path(rel).stem + ".xlsx")
    write_xlsx(rows, out, 5)
    return out


def test_workbook_webapi_and_oldsite_downloads_are_added_as_downloaded(raw, unduhan):
    import random

    from test_bps_variants import webapi_dari

    from kompendium.olah import read_table_folder

    buku = _xlsx(unduhan, P0_PROVINSI.format(2025))
    api = unduhan / "p0_provinsi_2023.json"
    api.write_text(json.dumps(webapi_dari(read_bps_file(RAW / P0_PROVINSI.format(2023)), True,
                                          random.Random(1))), encoding="utf-8")
    html = unduhan / "bps_oldsite_P1.xls"
    from test_bps_readers import HTML
    html.write_text(HTML, encoding="utf-8")
    sebelum = {p: p.read_bytes() for p in (buku, api, html)}
    assert add(raw, buku, api, html, "--tanggal", "2026-09-20") == 0
    package = {r["path"]: r for r in load_datapackage(raw)["resources"]}
    for p, folder, fmt in ((buku, "p0_provinsi", "xlsx"), (api, "p0_provinsi", "webapi-json"),
                           (html, "p1_p2_kabkota_dki_jakarta", "html-situs-lama")):
        rel = f"{folder}/{p.name}"
        assert (raw / rel).read_bytes() == sebelum[p]  # stored as downloaded
        assert package[rel]["bps_format"] == fmt
    assert "encoding" not in package[f"p0_provinsi/{buku.name}"]
    assert package[f"p0_provinsi/{buku.name}"]["mediatype"].endswith("spreadsheetml.sheet")
    verify_raw(raw)
    tabel = read_table_folder(raw / "p0_provinsi")
    assert {2023, 2024, 2025} <= set(tabel["tahun"])
    # The workbook holds the same values as BPS's CSV of that year.
    csv_2025 = read_bps_file(RAW / P0_PROVINSI.format(2025)).drop(columns="sumber")
    dari_buku = tabel[tabel["tahun"] == 2025].drop(columns="sumber").reset_index(drop=True)
    import pandas as pd
    pd.testing.assert_frame_equal(dari_buku, csv_2025)


def test_workbook_with_notes_sheet_is_refused_and_nothing_changes(raw, unduhan, capsys):
    import openpyxl

    buku = _xlsx(unduhan, P0_PROVINSI.format(2025))
    wb = openpyxl.load_workbook(buku)
    wb.create_sheet("Catatan").append(["Catatan: angka sementara"])
    wb.save(buku)
    before = keadaan(raw)
    assert add(raw, buku) == 2
    err = capsys.readouterr().err
    assert "lembar 'Catatan'" in err and "tidak diubah" in err
    assert keadaan(raw) == before
    assert not [p for p in raw.parent.iterdir() if p.name.startswith(".kompendium-add-")]
