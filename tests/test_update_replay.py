"""The yearly update, replayed with the shipped data in a throwaway copy.

Record a vintage without the 2025 files, add them back with `kompendium data add`, rebuild: only the
jobs that depend on them rerun, and the changes page lists the 2025 periods as new and nothing as
revised. Then BPS "revises" one past value: it is flagged as a revision, apart from the new periods.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BIN, ROOT, copy_project, run_workflow

from kompendium.provenance import load_datapackage, write_datapackage

pytestmark = pytest.mark.slow

URL = "https://www.bps.go.id/id/statistics-table?subject=23"
P0_2019 = "p0_daerah/Persentase Penduduk Miskin (P0) Menurut Daerah, 2019.csv"


def kompendium(project: Path, *args: str) -> str:
    """Run the `kompendium` command in `project`, as an author would."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run([str(BIN / "kompendium"), *args], cwd=project, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, f"kompendium {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def set_vintage(project: Path, old: str, new: str) -> None:
    config = project / "config" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    assert f'data_vintage: "{old}"' in text
    config.write_text(text.replace(f'data_vintage: "{old}"', f'data_vintage: "{new}"'), encoding="utf-8")


def outputs(project: Path) -> dict[str, int]:
    """Modification time of every workflow output: a rerun job rewrites its outputs."""
    found = [*(project / "data" / "processed").rglob("*.csv"),
             *(project / "data" / "processed").rglob("*.json"),
             *(project / "book" / "_generated").glob("*.ipynb")]
    return {p.relative_to(project).as_posix(): p.stat().st_mtime_ns for p in found}


def changes(project: Path) -> dict:
    return json.loads((project / "data" / "processed" / "perubahan_data.json").read_text(encoding="utf-8"))


def page_text(project: Path) -> str:
    """What a reader sees on the changes page: prose and tables, without the folded code."""
    html = project / "book" / "_build" / "html" / "_generated" / "perubahan_data.html"
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    for code in soup.select("div.cell_input, pre"):
        code.decompose()
    return soup.select_one("main, article, body").get_text(" ", strip=True)


@pytest.fixture(scope="module")
def replay(tmp_path_factory) -> dict:
    """The whole update, done once, in the order an author does it; each step's results are kept, so the
    tests only read them and pass in any order:

    1. the copy before the 2025 release, built and recorded; the 2025 files added, rebuilt;
    2. BPS "revises" one past value (`data add --replace`), rebuilt;
    3. the new release recorded, and compared again."""
    tmp = tmp_path_factory.mktemp("pembaruan")
    project = copy_project(tmp / "project")
    raw = project / "data" / "raw"
    package = load_datapackage(raw)
    files_2025 = sorted(r["path"] for r in package["resources"]
                        if r["path"].endswith(", 2025.csv") and not r["path"].startswith("transkripsi/"))
    assert len(files_2025) >= 5
    downloads = tmp / "Unduhan"
    downloads.mkdir()
    for rel in files_2025:
        shutil.copyfile(ROOT / "data" / "raw" / rel, downloads / Path(rel).name)
        (raw / rel).unlink()
    package["resources"] = [r for r in package["resources"] if r["path"] not in files_2025]
    write_datapackage(raw, package)
    # Before the release no 2025 vintage exists; the data end in September 2024.
    shutil.rmtree(project / "vintages", ignore_errors=True)
    set_vintage(project, "2025-09", "2024-09")
    run_workflow(project)
    kompendium(project, "vintage", "record")
    before = outputs(project)

    kompendium(project, "data", "add", *map(str, sorted(downloads.iterdir())), "--url", URL,
               "--tanggal", "2026-09-20")
    set_vintage(project, "2024-09", "2025-09")
    run_workflow(project)
    result = {"project": project, "files_2025": files_2025, "before": before, "after": outputs(project),
              "added": {rel: (raw / rel).read_bytes() for rel in files_2025},
              "changes": changes(project), "page": page_text(project)}

    revised = tmp / "revisi" / Path(P0_2019).name
    revised.parent.mkdir()
    original = (raw / P0_2019).read_text(encoding="utf-8")
    result["revised_from"] = original
    revised.write_text(original.replace("Kota,6.69,", "Kota,6.79,", 1), encoding="utf-8", newline="")
    kompendium(project, "data", "add", str(revised), "--replace", "--tanggal", "2026-10-01")
    run_workflow(project)
    result["revision_changes"], result["revision_page"] = changes(project), page_text(project)

    kompendium(project, "vintage", "record")
    result["recorded"] = json.loads((project / "vintages" / "2025-09.json").read_text(encoding="utf-8"))
    result["compare"] = kompendium(project, "vintage", "compare")
    return result


def test_added_files_are_the_shipped_ones(replay):
    for rel in replay["files_2025"]:
        assert replay["added"][rel] == (ROOT / "data" / "raw" / rel).read_bytes()


def test_only_dependent_jobs_rerun(replay):
    before, after = replay["before"], replay["after"]
    rerun = {k for k in after if before.get(k) != after[k]}
    tables_2025 = {rel.split("/")[0] for rel in replay["files_2025"]}
    rerun_tables = {Path(k).stem for k in rerun if k.startswith("data/processed/")
                    and k.count("/") == 2 and Path(k).stem in tables_2025 | {"bps_1276_penduduk_perkotaan"}}
    assert rerun_tables == tables_2025
    # Urbanisation depends on table 1276 only: untouched by the update.
    for untouched in ("data/processed/bps_1276_penduduk_perkotaan.csv",
                      "book/_generated/urbanisasi.ipynb", "data/processed/angka/urbanisasi.json"):
        assert untouched in before and after[untouched] == before[untouched], untouched
    assert "book/_generated/perubahan_data.ipynb" in rerun


def test_changes_page_lists_2025_as_new_and_nothing_revised(replay):
    b = replay["changes"]
    assert (b["lama"], b["baru"]) == ("2024-09", "2025-09")
    assert b["nilai"]["revisi"] == [] and b["nilai"]["hilang"] == []
    assert b["nilai"]["baru"] and {r["tahun"] for r in b["nilai"]["baru"]} == {2025}
    assert all(r["periode_baru"] for r in b["nilai"]["baru"])
    tables_2025 = {rel.split("/")[0] for rel in replay["files_2025"]}
    assert {r["tabel"] for r in b["nilai"]["periode_baru"]} == tables_2025
    assert {(r["tabel"], r["tahun"], r["periode"]) for r in b["nilai"]["periode_baru"]} >= {
        ("p0_daerah", 2025, "Maret"), ("p0_daerah", 2025, "September"), ("p0_provinsi", 2025, "Maret")}
    assert sorted(b["berkas"]["baru"]) == replay["files_2025"] and b["berkas"]["diganti"] == []
    text = replay["page"]
    assert "Maret 2025" in text and "September 2025" in text
    assert "Tidak ada nilai masa lalu yang direvisi" in text


def test_a_revised_past_value_is_flagged_apart_from_new_periods(replay):
    assert "Kota,6.69," in replay["revised_from"]
    b = replay["revision_changes"]
    assert [(r["tabel"], r["indikator"], r["daerah"], r["tahun"], r["periode"], r["lama"], r["baru"])
            for r in b["nilai"]["revisi"]] == [("p0_daerah", "p0", "Perkotaan", 2019, "Maret", 6.69, 6.79)]
    assert b["berkas"]["diganti"] == [P0_2019]
    # The 2025 periods are still new, not revisions.
    assert {r["tahun"] for r in b["nilai"]["baru"]} == {2025}
    text = replay["revision_page"]
    assert "Tidak ada nilai masa lalu yang direvisi" not in text
    assert "Maret 2019" in text and "6,69" in text and "6,79" in text


def test_the_new_release_is_recorded_and_still_compared_with_the_previous_one(replay):
    seri = replay["recorded"]["nilai"]["p0_daerah"]["p0|00|Indonesia|Perkotaan"]
    assert seri["2019|Maret"] == 6.79 and "2025|Maret" in seri
    # Readers of the 2025-09 book keep seeing what changed since 2024-09.
    assert "2024-09 -> 2025-09" in replay["compare"]
