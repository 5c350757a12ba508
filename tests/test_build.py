"""Crash-proof builds: a killed build's lock is released, a running build is not disturbed, and
`bash build.sh` after a SIGKILL at any point finishes with the same result as a clean build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BIN, copy_project, processed_files

from kompendium import build
from kompendium.cli import main
from kompendium.errors import BuildRunningError

TINY_SNAKEFILE = "rule all:\n    output: 'x.txt'\n    shell: 'echo x > {output}'\n"


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    """A one-rule workflow with a lock as a killed Snakemake leaves it."""
    (tmp_path / "Snakefile").write_text(TINY_SNAKEFILE, encoding="utf-8")
    locks = tmp_path / ".snakemake" / "locks"
    locks.mkdir(parents=True)
    (locks / "0.output.lock").write_text(f"{tmp_path / 'x.txt'}\n", encoding="utf-8")
    return tmp_path


@pytest.fixture()
def live_snakemake(tiny: Path):
    """A process whose command line is `python .../snakemake`, working in `tiny` (a build running)."""
    script = tiny / "bin" / "snakemake"
    script.parent.mkdir()
    ready = tiny / "ready"
    # The fake build says it is up only once Python runs its code: on a loaded machine the process
    # may not yet show its final command line right after Popen returns.
    script.write_text(
        f"import pathlib, time\npathlib.Path({str(ready)!r}).touch()\ntime.sleep(60)\n", encoding="utf-8"
    )
    proc = subprocess.Popen([sys.executable, str(script)], cwd=tiny)
    deadline = time.monotonic() + 60
    while not ready.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready.exists(), f"the fake Snakemake did not start (exit {proc.poll()})"
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_stale_lock_is_released_with_a_message(tiny, capsys):
    snakemake = str(BIN / "snakemake")
    assert build.release_stale_lock(tiny, snakemake=snakemake) is True
    assert "tidak ada proses Snakemake yang hidup" in capsys.readouterr().err
    assert build.lock_files(tiny) == []
    assert build.release_stale_lock(tiny, snakemake=snakemake) is False  # nothing left to release


def test_lock_of_a_running_build_is_kept(tiny, live_snakemake):
    assert build.running_builds(tiny) == [live_snakemake.pid]
    with pytest.raises(BuildRunningError, match=f"sedang berjalan .*pid {live_snakemake.pid}"):
        build.release_stale_lock(tiny)
    assert build.lock_files(tiny)


def test_cli_says_a_build_is_running(tiny, live_snakemake, capsys, monkeypatch):
    monkeypatch.chdir(tiny)
    assert main(["build", "--dry-run"]) == 2
    assert "build lain sedang berjalan" in capsys.readouterr().err


def test_a_process_elsewhere_is_not_this_projects_build(tiny, live_snakemake, tmp_path_factory):
    assert build.running_builds(tmp_path_factory.mktemp("other")) == []


# --- the whole build, killed half-way -------------------------------------------------------------


def fake_venv(project: Path) -> None:
    """build.sh's .venv: this environment's tools, with the lock and pyproject.toml build.sh compares
    to skip set-up."""
    venv = project / ".venv"
    venv.mkdir()
    (venv / "bin").symlink_to(BIN, target_is_directory=True)
    shutil.copy(project / "requirements.lock", venv / ".requirements.lock")
    shutil.copy(project / "pyproject.toml", venv / ".pyproject.toml")


def build_env(project: Path) -> dict[str, str]:
    # The copy's own package first (the environment's editable install may point elsewhere).
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(project / "src")}


def processes_in(project: Path) -> list[int]:
    """Live processes working under `project` (kernels run in their own session)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "cwd").resolve().is_relative_to(project.resolve()):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.slow
def test_build_killed_half_way_finishes_like_a_clean_build(built_project, tmp_path):
    project = copy_project(tmp_path / "project")
    fake_venv(project)
    env = build_env(project)
    started = subprocess.Popen(
        ["bash", "build.sh"], cwd=project, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    # Kill in the middle of the notebooks: some province pages done, the book not yet built.
    pages = project / "data" / "processed" / "angka" / "provinsi"
    deadline = time.monotonic() + 600
    while len(list(pages.glob("*.json"))) < 5:
        assert started.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline, "the build did not reach the notebooks in 10 minutes"
        time.sleep(0.2)
    os.killpg(started.pid, signal.SIGKILL)
    started.wait()
    assert not (project / "book" / "_build" / "html" / "index.html").exists()
    assert build.lock_files(project), "a killed Snakemake leaves its lock"
    for pid in processes_in(project):  # kernels outlive the group (own session): end them as a crash would
        os.kill(pid, signal.SIGKILL)

    result = subprocess.run(["bash", "build.sh"], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    assert "kunci dilepas" in result.stderr

    assert (project / "book" / "_build" / "html" / "index.html").is_file()
    resumed, clean = processed_files(project), processed_files(built_project)
    assert sorted(resumed) == sorted(clean)
    assert [name for name in clean if resumed[name] != clean[name]] == []
    again = subprocess.run(["bash", "build.sh", "--dry-run"], cwd=project, env=env, capture_output=True, text=True)
    assert "Nothing to be done" in again.stdout + again.stderr
