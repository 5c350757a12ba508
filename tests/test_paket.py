"""`kompendium package`: the replication archive, its checksums, its README and the exhibit check.

The fast tests use a small git project made of the repository's own records (datapackage, config,
README, build.sh, workflow, notebooks), a fake `snakemake --summary` and a fake `pip wheel`. The slow
test packs the session's full build, unpacks it and rebuilds it with no network (`unshare -n`)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from conftest import network_can_be_cut, processed_files

from kompendium import paket, replikasi
from kompendium.cli import main

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ["data/raw/datapackage.json", "config/config.yaml", "README.md", "build.sh", "pyproject.toml",
           "requirements.lock", ".gitignore", "workflow", "notebooks"]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True,
                   capture_output=True)


def _script(path: Path, body: str) -> str:
    path.write_text(f"#!{sys.executable}\n{body}", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def _executed_makalah() -> dict:
    """An executed `makalah` notebook: a list-table, a figure with a glued caption, a pandas table."""
    glue = {"output_type": "display_data", "metadata": {"scrapbook": {"name": "awal", "mime_prefix": ""}},
            "data": {"text/plain": "'Maret 2010'"}}
    return {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"papermill": {"input_path": "notebooks/makalah.ipynb"}},
        "cells": [
            {"cell_type": "code", "source": "x", "metadata": {}, "execution_count": 1, "outputs": [
                glue,
                {"output_type": "display_data", "metadata": {}, "data": {
                    "text/markdown": ":::{list-table} Proyeksi penduduk perkotaan (persen)\n:header-rows: 1\n"
                                     ":name: tabel-makalah-1\n\n* - a\n  - b\n:::\n"}},
            ]},
            {"cell_type": "markdown", "metadata": {}, "source":
                "Teks.\n\n```{figure} figures/makalah/gambar_1.*\n:name: gambar-makalah-1\n:alt: dua panel\n\n"
                "Hampir miskin sejak {glue:text}`awal`. Sumber: BPS.\n```\n"},
            {"cell_type": "code", "source": "tabel(...)", "metadata": {}, "execution_count": 2, "outputs": [
                {"output_type": "execute_result", "metadata": {}, "execution_count": 2, "data": {
                    "text/html": '<style></style>\n<table id="T_p0">\n  <caption>P0 menurut <b>daerah</b></caption>'
                                 "<tr><td>1</td></tr></table>", "text/plain": "P0"}},
            ]},
        ],
    }


SUMMARY = ("output_file\tdate\trule\tlog-file(s)\tstatus\tplan\n"
           "book/_build/html/index.html\t-\tbuild_book\t-\tok\tno update\n"
           "book/_generated/makalah.ipynb\t-\trun_notebook\t-\tok\tno update\n"
           "book/_generated/figures/makalah\t-\trun_notebook\t-\tok\tno update\n")


@pytest.fixture
def project(tmp_path) -> Path:
    """A committed project with the repository's records and a built one-page book (build outputs
    are ignored by .gitignore, as in the real repository)."""
    root = tmp_path / "project"
    for rel in RECORDS:
        src, dst = ROOT / rel, root / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "records")
    gen = root / "book" / "_generated"
    (gen / "figures" / "makalah").mkdir(parents=True)
    (gen / "makalah.ipynb").write_text(json.dumps(_executed_makalah()), encoding="utf-8")
    (gen / "figures" / "makalah" / "gambar_1.svg").write_text("<svg/>", encoding="utf-8")
    (gen / "figures" / "makalah" / "gambar_1.pdf").write_bytes(b"%PDF")
    html = root / "book" / "_build" / "html"
    (html / "_generated").mkdir(parents=True)
    (html / "index.html").write_text("<html>buku</html>", encoding="utf-8")
    (html / "_generated" / "makalah.html").write_text('<table id="T_p0">', encoding="utf-8")
    return root


@pytest.fixture
def tools(tmp_path) -> dict:
    """A fake snakemake (prints SUMMARY) and a fake python whose `pip wheel --no-deps` writes one empty
    wheel per pin (and refuses without --no-deps: a dependency's extras would bring unpinned wheels)."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    snakemake = _script(bin_ / "snakemake", f"print({SUMMARY!r}, end='')\n")
    python = _script(bin_ / "python", (
        "import sys, re, pathlib\n"
        "a = sys.argv; lock = pathlib.Path(a[a.index('-r') + 1]); out = pathlib.Path(a[a.index('-w') + 1])\n"
        "if '--no-deps' not in a: sys.exit('pip wheel without --no-deps')\n"
        "for line in lock.read_text().splitlines():\n"
        "    m = re.fullmatch(r'([\\w.-]+)==(\\S+)', line.strip())\n"
        "    if m:\n"
        "        (out / f\"{m.group(1).replace('-', '_')}-{m.group(2)}-py3-none-any.whl\").write_bytes(b'w')\n"
        ))
    return {"snakemake": snakemake, "python": python}


def test_lock_pins_and_missing_wheels(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("# comment\nPyYAML==6.0.2\nsphinx_book_theme==1.1.4\n\n", encoding="utf-8")
    pins = paket.read_lock(lock)
    assert pins == {"pyyaml": "6.0.2", "sphinx-book-theme": "1.1.4"}
    wheels = ["PyYAML-6.0.2-cp311-cp311-manylinux_2_17_x86_64.whl", "sphinx_book_theme-1.1.3-py3-none-any.whl"]
    assert paket.missing_wheels(pins, wheels) == ["sphinx-book-theme==1.1.4"]
    lock.write_text("pandas>=2\n", encoding="utf-8")
    with pytest.raises(paket.PackageError, match=r"baris 1.*nama==versi"):
        paket.read_lock(lock)


def test_checksums_round_trip():
    sums = {"b/x.whl": "1" * 64, "a b.txt": "2" * 64}
    text = paket.render_checksums(sums)
    assert text.splitlines()[0] == f"{'2' * 64}  a b.txt"  # sorted, sha256sum's two-space format
    assert paket.parse_checksums(text) == sums


def test_summary_rules_and_staleness():
    rules = replikasi.parse_summary(SUMMARY + "data/processed/x.csv\t-\tread_bps_table\t-\tmissing\tupdate pending\n")
    assert replikasi.rule_of("book/_generated/figures/makalah/gambar_1.svg", rules) == "run_notebook"
    assert replikasi.stale_outputs(rules) == ["data/processed/x.csv"]
    with pytest.raises(replikasi.ReplicationError, match="tidak ada rule"):
        replikasi.rule_of("book/other.png", rules)
    with pytest.raises(replikasi.ReplicationError, match="tidak dikenali"):
        replikasi.parse_summary("Building DAG of jobs...\n")


def test_exhibits_are_read_from_the_executed_notebook(project):
    rules = replikasi.parse_summary(SUMMARY)
    ex = replikasi.read_exhibits(project, rules)
    assert [(e.jenis, e.label) for e in ex] == [
        ("tabel", "tabel-makalah-1"), ("gambar", "gambar-makalah-1"), ("tabel", "T_p0")]
    tabel, gambar, pandas_tabel = ex
    assert tabel.judul == "Proyeksi penduduk perkotaan (persen)"
    assert gambar.judul == "Hampir miskin sejak Maret 2010. Sumber: BPS."  # glue role replaced
    assert gambar.output == "book/_generated/figures/makalah/gambar_1.pdf"  # `gambar_1.*`: first by name
    assert gambar.notebook == "notebooks/makalah.ipynb" and gambar.rule == "run_notebook"
    assert pandas_tabel.judul == "P0 menurut daerah" and pandas_tabel.output == "book/_generated/makalah.ipynb"
    replikasi.check_exhibits(project, ex)


def test_exhibit_check_names_what_is_missing(project):
    ex = replikasi.read_exhibits(project, replikasi.parse_summary(SUMMARY))
    (project / "book/_generated/figures/makalah/gambar_1.pdf").unlink()
    with pytest.raises(replikasi.ReplicationError, match="gambar-makalah-1: keluaran .*gambar_1.pdf tidak ada"):
        replikasi.check_exhibits(project, ex)
    bad = [replikasi.Exhibit("tabel", "x", "T_x", "", "notebooks/hilang.ipynb", "no_such_rule",
                             "book/_generated/makalah.ipynb")]
    with pytest.raises(replikasi.ReplicationError) as err:
        replikasi.check_exhibits(project, bad)
    assert "notebooks/hilang.ipynb tidak ada" in str(err.value) and "rule no_such_rule" in str(err.value)
    assert "T_x: tabel tidak ada" in str(err.value)


def test_records_of_the_repository_are_readable():
    bench = replikasi.read_benchmark((ROOT / "README.md").read_text(encoding="utf-8"))
    assert bench["full build after set-up (72 jobs)"].endswith(" s") and "2-core" in bench["_mesin"]
    # Only the Benchmark section's table: not the cluster section's resources, nor the per-rule report.
    assert "read_bps_table" not in " ".join(bench) and "run A: wall / CPU s" not in bench.values()
    assert "texlive-xetex" in replikasi.read_tex_packages((ROOT / "build.sh").read_text(encoding="utf-8"))
    assert replikasi.read_python_requirement((ROOT / "pyproject.toml").read_text(encoding="utf-8")) == ">=3.11,<3.12"


def test_package_holds_commit_wheels_book_readme_and_checksums(project, tools, tmp_path):
    (project / "notes.txt").write_text("x", encoding="utf-8")
    _git(project, "add", "notes.txt")
    _git(project, "commit", "-q", "-m", "notes")
    out = tmp_path / "paket.tar.gz"
    hasil = paket.write_package(project, out, python=tools["python"], snakemake=tools["snakemake"])
    top = hasil["top"]
    with tarfile.open(out) as tar:
        names = set(tar.getnames())
        tar.extractall(tmp_path / "unpacked", filter="data")
    folder = tmp_path / "unpacked" / top
    assert f"{top}/notes.txt" in names and f"{top}/build.sh" in names
    assert not any("/book/_build/" in n or "/book/_generated/" in n for n in names)  # no build outputs
    assert f"{top}/reference/html/index.html" in names and f"{top}/reference/makalah.pdf" not in names
    assert len([n for n in names if n.startswith(f"{top}/wheelhouse/")]) == len(paket.read_lock(
        project / "requirements.lock"))
    assert paket.verify_checksums(folder) == []
    listed = paket.parse_checksums((folder / "SHA256SUMS").read_text(encoding="utf-8"))
    assert set(listed) == {n.removeprefix(f"{top}/") for n in names} - {"SHA256SUMS"}
    assert os.access(folder / "build.sh", os.X_OK)
    (folder / "notes.txt").write_text("y", encoding="utf-8")
    assert paket.verify_checksums(folder) == ["notes.txt"]
    readme = (folder / "REPLICATION.md").read_text(encoding="utf-8")
    for section in ("## Overview", "## Data Availability and Provenance Statements", "## Dataset list",
                    "## Computational requirements", "## Description of programs/code",
                    "## Instructions to replicators", "## List of tables and figures"):
        assert section in readme
    assert hasil["commit"] in readme and "susenas_mikro" in readme and "silastik" in readme
    assert "| Figure 1 | makalah | `gambar-makalah-1` |" in readme
    assert "`notebooks/makalah.ipynb`, rule `run_notebook`" in readme
    assert "wheelhouse" in readme and "texlive-xetex" in readme
    assert f"tar -xzf paket.tar.gz && cd {top}" in readme


def test_dirty_tree_is_refused_in_one_line(project, tools, tmp_path, capsys, monkeypatch):
    (project / "config" / "config.yaml").write_text("data_vintage: '2099-03'\n", encoding="utf-8")
    out = tmp_path / "paket.tar.gz"
    code = main(["package", str(out), "--root", str(project)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "config/config.yaml" in err and "commit" in err
    assert not out.exists()


def test_unbuilt_or_stale_book_is_refused(project, tools, tmp_path):
    shutil.rmtree(project / "book" / "_build")
    with pytest.raises(paket.PackageError, match="belum dibangun"):
        paket.write_package(project, tmp_path / "p.tar.gz", python=tools["python"], snakemake=tools["snakemake"])
    stale = replikasi.parse_summary(SUMMARY.replace("ok\tno update", "ok\tupdate pending", 1))
    (project / "book/_build/html").mkdir(parents=True)
    (project / "book/_build/html/index.html").write_text("x", encoding="utf-8")
    with pytest.raises(paket.PackageError, match="tidak mutakhir.*index.html"):
        paket.check_built(project, stale)


def test_pip_failure_leaves_no_archive(project, tools, tmp_path):
    failing = _script(tmp_path / "bin" / "badpython", (
        "import sys\nprint('ERROR: No matching distribution found for nope==1', file=sys.stderr)\nsys.exit(1)\n"))
    out = tmp_path / "paket.tar.gz"
    with pytest.raises(paket.PackageError, match="pip wheel .*No matching distribution found for nope==1"):
        paket.write_package(project, out, python=failing, snakemake=tools["snakemake"])
    assert list(tmp_path.glob("*paket.tar.gz*")) == []
    silent = _script(tmp_path / "bin" / "silentpython", "pass\n")  # succeeds, writes no wheel
    with pytest.raises(paket.PackageError, match="tidak ada wheel untuk"):
        paket.write_package(project, out, python=silent, snakemake=tools["snakemake"])
    assert list(tmp_path.glob("*paket.tar.gz*")) == []


def test_output_name_must_be_tar_gz(project, tools, capsys):
    assert main(["package", "paket.zip", "--root", str(project)]) == 2
    assert ".tar.gz" in capsys.readouterr().err


# ---------------------------------------------------------------------------- the offline rebuild

@pytest.mark.slow
def test_package_rebuilds_offline_with_identical_numbers(built_project, tmp_path):
    """Pack the session's build, unpack it elsewhere, install from its wheelhouse and build with no
    network (`unshare -n`): the same processed data and glued numbers, and every exhibit again."""
    if not network_can_be_cut():
        pytest.fail("unshare -n (no network) is not available here: needs util-linux and root")
    started = time.monotonic()
    # A git repository of the built copy: its files committed, its build outputs (ignored) kept.
    repo = tmp_path / "repo"
    shutil.copytree(built_project, repo, symlinks=True)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "package test")
    out = tmp_path / "paket.tar.gz"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    made = subprocess.run([str(Path(sys.executable).parent / "kompendium"), "package", str(out)], cwd=repo,
                          env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    packed = time.monotonic()
    unpacked = tmp_path / "unpacked"
    with tarfile.open(out) as tar:
        tar.extractall(unpacked, filter="data")
    (folder,) = unpacked.iterdir()
    assert paket.verify_checksums(folder) == []
    assert (folder / "wheelhouse").is_dir() and not (folder / "data" / "processed" / "p0_daerah.csv").exists()
    # No network, no pip configuration of this machine: only the wheelhouse.
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV", "PYTHONPATH"))}
    clean["PIP_CONFIG_FILE"] = os.devnull
    rebuild = subprocess.run(["unshare", "-n", "bash", "build.sh", "all"], cwd=folder, env=clean,
                             capture_output=True, text=True)
    assert rebuild.returncode == 0, f"{rebuild.stdout[-3000:]}\n{rebuild.stderr[-5000:]}"
    assert processed_files(folder) == processed_files(built_project)
    again = replikasi.read_exhibits(folder, replikasi.read_output_rules(folder, str(folder / ".venv/bin/snakemake")))
    replikasi.check_exhibits(folder, again)
    print(f"\npackage: {packed - started:.0f} s, {out.stat().st_size / 1e6:.0f} MB; "
          f"offline install and build: {time.monotonic() - packed:.0f} s")


@pytest.mark.parametrize("wheelhouse", [True, False])
def test_build_sh_installs_from_the_wheelhouse_only_when_there(tmp_path, wheelhouse):
    """build.sh's set-up: `pip install --no-index --find-links wheelhouse` in an unpacked package,
    the index (PyPI) in a clone, both `--no-deps`. A fake Python records what pip is asked."""
    shutil.copy2(ROOT / "build.sh", tmp_path / "build.sh")
    for name in ("requirements.lock", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    if wheelhouse:
        (tmp_path / "wheelhouse").mkdir()
    log = tmp_path / "pip.log"
    venv_python = (f"#!/bin/sh\necho \"$@\" >> {log}\n")
    fake = _script(tmp_path / "python3.11", (
        "import sys, pathlib, stat\n"
        "b = pathlib.Path(sys.argv[-1]) / 'bin'; b.mkdir(parents=True, exist_ok=True)\n"
        f"for name, text in (('python', {venv_python!r}), ('kompendium', '#!/bin/sh\\nexit 0\\n')):\n"
        "    (b / name).write_text(text); (b / name).chmod(0o755)\n"))
    result = subprocess.run(["bash", "build.sh", "all"], cwd=tmp_path, env={**os.environ, "PYTHON": fake},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert len(calls) == 2
    lock_call, package_call = calls
    assert ("--no-index --find-links wheelhouse" in lock_call) == wheelhouse
    assert "-r requirements.lock" in lock_call and ("--no-index" in lock_call) == wheelhouse
    # The lock is the whole environment: nothing may come in through a dependency's requirements.
    assert "--no-deps" in lock_call.split()
    assert "--no-index --no-deps --no-build-isolation -e ." in package_call
