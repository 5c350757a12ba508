"""The environment is pinned once: environment.yml carries exactly the pip lock's pins."""

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("sync_environment", ROOT / "tools" / "sync_environment.py")
sync_environment = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sync_environment)


def test_environment_yml_has_the_lock_pins():
    lock = sync_environment.pins(ROOT / "requirements.lock")
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    conda_pins = [p for p in pip_section if not p.startswith("-e")]
    assert conda_pins == lock, "environment.yml is stale: run `python tools/sync_environment.py`"
    assert "python=3.11" in env["dependencies"]


def test_lock_pins_every_package_exactly():
    for pin in sync_environment.pins(ROOT / "requirements.lock"):
        assert "==" in pin, f"requirements.lock: {pin!r} is not an exact pin"


def test_toolchain_is_jupyter_book_1():
    lock = dict(p.split("==") for p in sync_environment.pins(ROOT / "requirements.lock"))
    assert lock["jupyter-book"].startswith("1."), "Jupyter Book 2 cannot build offline here"


def test_code_passes_ruff():
    """`ruff check` with the rules of pyproject.toml ([tool.ruff]) finds nothing."""
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.is_file():
        ruff = shutil.which("ruff")
    assert ruff, "ruff is not installed: it is pinned in requirements.lock"
    result = subprocess.run(
        [str(ruff), "check", "--no-cache", "src", "tests", "tools", "workflow"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_no_machine_specific_paths():
    """No committed file names a folder of one machine (a home or work directory)."""
    result = subprocess.run(
        ["git", "grep", "-nE", r"/(work|root|home)/", "--", ".", ":!tests/test_environment.py"],
        cwd=ROOT, capture_output=True, text=True,
    )
    if result.returncode not in (0, 1) or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    assert result.stdout == ""


def test_the_environment_is_exactly_the_lock():
    """build.sh installs the lock with --no-deps: every installed distribution is pinned there at its
    version, and nothing else came in through a dependency (rfc3987-syntax through jupyter-events'
    jsonschema[format-nongpl] cost every Snakemake and notebook process seconds of grammar compiling)."""
    from importlib import metadata

    lock = {canonicalize_name(n): v for n, v in (p.split("==") for p in
                                                   sync_environment.pins(ROOT / "requirements.lock"))}
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    # pip and setuptools come with the venv; the project itself is installed editable.
    extra = sorted(set(installed) - set(lock) - {"pip", "setuptools", "kompendium"})
    assert extra == [], f"installed but not in requirements.lock: {extra} (build.sh: pip install --no-deps)"
    wrong = {n: (installed.get(n), v) for n, v in lock.items() if installed.get(n) != v}
    assert wrong == {}, f"installed version differs from requirements.lock (installed, lock): {wrong}"
