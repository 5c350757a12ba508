"""End to end: the workflow rebuilds the book from raw data, and is quiet when nothing changed."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BIN, BUILT_OFFLINE, copy_project, run_workflow

from kompendium import build
from kompendium.bps import read_bps_file
from kompendium.format import angka

pytestmark = pytest.mark.slow

PROYEKSI = Path("data/raw/bps_1276_penduduk_perkotaan")
INCLUDE = re.compile(r'^include: "rules/(\w+)\.smk"$', re.M)


def chapter_text(project: Path, page: str) -> BeautifulSoup:
    html = project / "book" / "_build" / "html" / "_generated" / f"{page}.html"
    assert html.is_file(), f"{html} was not built"
    return BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")


def test_book_is_built(built_project):
    assert (built_project / "book/_build/html/index.html").is_file()


def test_chapter_shows_indonesia_values_from_the_raw_file(built_project):
    raw = next((built_project / PROYEKSI).glob("*.csv"))
    indonesia = read_bps_file(raw).query("kode_wilayah == '00'").set_index("tahun")["nilai"]
    soup = chapter_text(built_project, "urbanisasi")
    table = next(t for t in soup.find_all("table") if "urutan kolom seperti di artikel" in t.get_text())
    cells = [td.get_text(strip=True) for td in table.find_all("td")]
    assert cells[0] == "Indonesia"
    # The article orders the years 2035 -> 2010.
    assert cells[1:] == [angka(indonesia[y], 1) for y in (2035, 2030, 2025, 2020, 2015, 2010)]
    prose = soup.get_text(" ", strip=True)
    assert f"naik dari {angka(indonesia[2010], 1)} persen pada 2010 menjadi {angka(indonesia[2035], 1)}" in prose


def test_rerun_with_nothing_changed_does_nothing(built_project):
    result = run_workflow(built_project, "--dry-run")
    assert "Nothing to be done" in result.stdout + result.stderr


def test_lint_is_clean(built_project):
    result = run_workflow(built_project, "--lint", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Lints for" not in result.stdout + result.stderr


def test_changed_raw_file_stops_the_workflow_before_any_output(tmp_path):
    project = copy_project(tmp_path / "project")
    raw = next((project / PROYEKSI).glob("*.csv"))
    raw.write_bytes(raw.read_bytes().replace(b"49.8", b"48.9", 1))
    result = run_workflow(project, check=False)
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert raw.name in message and "sha256" in message
    assert not list((project / "data" / "processed").glob("*.csv"))


def test_build_needs_no_network(built_project):
    """After set-up the whole book builds inside a network namespace with no interface up: the shared
    build that the other slow tests read is made that way wherever the network can be cut."""
    if not (built_project.parent / BUILT_OFFLINE).exists():
        pytest.skip("unshare -n is not permitted here (needs root or user namespaces): the shared "
                    "build ran with the network")
    assert (built_project / "book/_build/html/index.html").is_file()
    assert not build.lock_files(built_project)


def planned_jobs(project: Path, snakefile: str) -> list[tuple[str, ...]]:
    """Every planned job of a dry run as its sorted input and output files."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(project / "src")}
    result = subprocess.run(
        [str(BIN / "snakemake"), "--dry-run", "--snakefile", snakefile], cwd=project, env=env,
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "InputFunctionException" not in result.stdout + result.stderr
    jobs, current = [], []
    for line in result.stdout.splitlines():
        if re.match(r"^(local)?rule \w+:", line):
            if current:
                jobs.append(tuple(current))
            current = [line]
        elif current and re.match(r"^    (input|output): ", line):
            key, files = line.strip().split(": ", 1)
            current.append(f"{key}: {sorted(files.split(', '))}")
    jobs.append(tuple(current))
    return sorted(jobs)


def test_include_order_does_not_matter(tmp_path):
    project = copy_project(tmp_path / "project")
    snakefile = (project / "workflow" / "Snakefile").read_text(encoding="utf-8")
    names = INCLUDE.findall(snakefile)
    assert names[0] == "common" and "notebooks" in names and "book" in names
    # common.smk first (paths, registry), every other rule file in reverse order.
    rest = [n for n in names if n != "common"][::-1]
    block = "\n".join(f'include: "rules/{n}.smk"' for n in ["common", *rest])
    reordered = INCLUDE.sub("", snakefile).replace("\n\n\nrule all:", f"\n{block}\n\n\nrule all:", 1)
    (project / "workflow" / "Snakefile.reversed").write_text(reordered, encoding="utf-8")
    assert INCLUDE.findall(reordered) == ["common", *rest]
    original = planned_jobs(project, "workflow/Snakefile")
    assert len(original) > 60
    assert planned_jobs(project, "workflow/Snakefile.reversed") == original
