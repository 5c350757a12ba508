"""The environment is pinned once: environment.yml carries exactly the pip lock's pins."""

import importlib.util
from pathlib import Path

import yaml

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
