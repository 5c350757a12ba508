"""Every page carries a build stamp: commit, build date and data vintage."""

import importlib.util
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("kompendium_sphinx", ROOT / "book/_ext/kompendium_sphinx.py")
ext = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ext)


def test_stamp_names_commit_date_and_vintage():
    stamp = ext.build_stamp(ROOT)
    vintage = yaml.safe_load((ROOT / "config/config.yaml").read_text())["data_vintage"]
    assert re.search(r"Dibangun \d{4}-\d{2}-\d{2} dari commit <code>[0-9a-f]{10}(\+perubahan)?</code>", stamp)
    assert stamp.endswith(f"data BPS sampai {vintage}")


def test_stamp_without_git_says_so(tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config/config.yaml").write_text("data_vintage: '2025-09'\n")
    assert "tanpa git" in ext.build_stamp(tmp_path)
