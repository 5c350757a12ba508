"""Shared fixtures: the repository, and one full build of the book in a throwaway copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kompendium import salinan

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# Marks a `built_project` made with no network (beside the project, so no copy of it carries it).
BUILT_OFFLINE = "built-with-no-network"
BIN = Path(sys.executable).parent  # the environment's snakemake, kompendium, jupyter-book


def copy_project(dest: Path) -> Path:
    """Copy this project as a fresh clone would have it (no build outputs)."""
    return salinan.copy_project(ROOT, dest)


def processed_files(project: Path) -> dict[str, bytes]:
    """A build's data/processed (tables and glued-number JSON), path -> bytes: what two builds that
    must agree are compared by."""
    base = project / "data" / "processed"
    return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


def network_can_be_cut() -> bool:
    """Whether `unshare -n` may run here (root or user namespaces): a process with no network."""
    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "-n", "true"], capture_output=True).returncode == 0


def run_workflow(project: Path, *args: str, check: bool = True,
                 offline: bool = False) -> subprocess.CompletedProcess:
    """Run Snakemake in `project` with this environment's tools first on PATH; `offline` runs it in a
    network namespace with no interface up."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [*(["unshare", "-n"] if offline else []), str(BIN / "snakemake"), "--cores", "2", *args],
        cwd=project, env=env, capture_output=True, text=True,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"snakemake {' '.join(args)} failed ({result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-6000:]}"
        )
    return result


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """One full build of the book from raw data, in a copy of the project; with no network where the
    network can be cut (CI), so every test that reads this build reads an offline one."""
    project = copy_project(tmp_path_factory.mktemp("build") / "project")
    offline = network_can_be_cut()
    run_workflow(project, offline=offline)
    if offline:
        (project.parent / BUILT_OFFLINE).touch()
    return project


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only ../shared folder; tests that need it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the project")
    return SHARED


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skipped test is a failed one: CI installs everything, so a skip means a test
    that silently stopped guarding anything."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true (a skip is a failure in CI): {reason}"
