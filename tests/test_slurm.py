"""The whole book built through a real Slurm (one node, started by hand) with the cluster profile
(workflow/profiles/slurm) gives the same processed data and glued numbers as the local build."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from conftest import copy_project, processed_files, run_workflow
from slurm_cluster import LocalSlurm, missing_binaries

pytestmark = pytest.mark.slow

# The profile's polling suits a shared cluster; a one-node test cluster can be asked every second.
# `--cores 1` is the profile's own value (a Slurm job's threads), restated over run_workflow's
# `--cores 2` for local builds.
ARGS = ("--workflow-profile", "workflow/profiles/slurm", "--cores", "1",
        "--seconds-between-status-checks", "1", "--slurm-init-seconds-before-status-checks", "1",
        "--latency-wait", "5")


@pytest.fixture()
def slurm():
    """A running single-node Slurm; its daemons are stopped by their pidfiles even when the test fails.
    Where Slurm cannot run the test skips, and under CI=true (.ci/run installs Slurm) conftest makes
    that skip a failure."""
    missing = missing_binaries()
    if missing:
        pytest.skip(f"Slurm not installed (missing {', '.join(missing)}): "
                     "apt-get install slurmctld slurmd slurm-client munge")
    if os.geteuid() != 0:
        pytest.skip("starting slurmd and munged needs root")
    # Under /tmp, not pytest's tmp_path: the munge user must be able to reach its socket folder.
    cluster = LocalSlurm(Path(tempfile.mkdtemp(prefix="kompendium-slurm-")))
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        if not cluster.running():
            shutil.rmtree(cluster.folder, ignore_errors=True)


def test_book_built_on_slurm_equals_local_build(slurm, built_project, tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("SLURM_CONF", str(slurm.conf))
    start = time.monotonic()
    result = run_workflow(project, *ARGS)
    seconds = time.monotonic() - start
    print(f"\nbuild through Slurm: {seconds:.0f} s")

    # Every job went through Slurm (sbatch); only the target rule `all` (no command) ran locally.
    log = result.stdout + result.stderr
    assert "has been submitted with SLURM jobid" in log
    assert set(re.findall(r"localrule (\w+):", log)) <= {"all"}
    assert (project / "book" / "_build" / "html" / "index.html").is_file()
    local, cluster = processed_files(built_project), processed_files(project)
    assert any(name.startswith("angka/") for name in local), "no glued numbers in the local build"
    assert sorted(cluster) == sorted(local)
    differ = [name for name in local if cluster[name] != local[name]]
    assert not differ, f"differ from the local build: {differ}"

    slurm.stop()
    assert slurm.running() == {}, f"daemons left running: {slurm.running()}"
