"""The record test: the real build publishes what the committed vintage records.

Every claim status (and the value the audit computed for it) and every number glued into the book's
prose must equal `vintages/<data_vintage>.json`, at the precision the book shows it (noise below the
last shown decimal is not a difference). A difference fails with the number's page and sentence, its
old and new value, and the command that records a deliberate change. Recording is a reviewed commit,
never done by a test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from kompendium import vintage

pytestmark = pytest.mark.slow


def _nama() -> str:
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    return str(config["data_vintage"])


def perbandingan(project: Path) -> dict:
    """The build in `project` against the vintage committed in this repository, labelled."""
    nama = _nama()
    path = ROOT / "vintages" / f"{nama}.json"
    assert path.is_file(), (f"{path.relative_to(ROOT)}: tidak ada; catat vintage pertama dengan "
                            "`kompendium vintage record` dan commit berkasnya setelah ditelaah")
    banding = vintage.bandingkan(vintage.read(path), vintage.potret(project, nama, cek_kesegaran=False))
    return vintage.beri_label(banding, project)


def pesan(baris: list[str]) -> str:
    nama = _nama()
    return (f"{len(baris)} perbedaan dengan vintages/{nama}.json:\n"
            + "\n".join(f"  - {b}" for b in baris)
            + f"\nBila perubahan ini disengaja, catat ulang dengan `{vintage.PERINTAH_REKAM}` "
            f"dan commit vintages/{nama}.json setelah ditelaah.")


def bagian(banding: dict, kelompok: str) -> dict:
    """The comparison with only one group (``angka`` or ``putusan``) left non-empty."""
    kosong = {"berubah": [], "baru": [], "hilang": []}
    return {**banding, "angka": banding["angka"] if kelompok == "angka" else kosong,
            "putusan": banding["putusan"] if kelompok == "putusan" else kosong}


@pytest.fixture(scope="module")
def banding(built_project) -> dict:
    return perbandingan(built_project)


def test_every_claim_status_equals_the_record(banding):
    beda = vintage.selisih_rekaman(bagian(banding, "putusan"))
    assert not beda, pesan(beda)


def test_every_glued_number_equals_the_record(banding):
    beda = vintage.selisih_rekaman(bagian(banding, "angka"))
    assert not beda, pesan(beda)


KILLED_RECORD = """
import os, signal, sys
from kompendium.cli import main
os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)  # the new file is written, not yet in place
main(["vintage", "record", "--root", sys.argv[1], "--name", sys.argv[2], "--replace"])
"""


def test_a_killed_record_leaves_the_old_vintage_whole(built_project):
    """`kompendium vintage record` killed while writing: the old vintage stays byte for byte, no
    visible file is added, and the next record writes the new one."""
    vintages = built_project / "vintages"
    path = vintages / "2099-03.json"
    old = b'{"nama": "2099-03", "tercatat_lama": true}\n'
    path.write_bytes(old)
    visible = sorted(p.name for p in vintages.iterdir() if not p.name.startswith("."))
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        run = subprocess.run([sys.executable, "-c", KILLED_RECORD, str(built_project), "2099-03"],
                             capture_output=True, text=True, env=env)
        assert run.returncode == -signal.SIGKILL, run.stderr[-2000:]
        assert path.read_bytes() == old
        assert sorted(p.name for p in vintages.iterdir() if not p.name.startswith(".")) == visible
        # What the kill left is a hidden temporary file, which git ignores (.gitignore: .*.tmp).
        assert all(p.name.startswith(".2099-03.json.") and p.suffix == ".tmp"
                   for p in vintages.iterdir() if p.name.startswith("."))
        rerun = subprocess.run([str(Path(sys.executable).parent / "kompendium"), "vintage", "record", "--root",
                                str(built_project), "--name", "2099-03", "--replace"],
                               capture_output=True, text=True, env=env)
        assert rerun.returncode == 0, rerun.stderr[-2000:]
        assert vintage.read(path)["nama"] == "2099-03"
    finally:
        for p in vintages.glob("*2099-03.json*"):
            p.unlink()
