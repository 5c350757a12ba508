"""Publishing: tools/publish.sh pushes book/_build/html to a gh-pages branch (ghp-import), tested
against a local bare repository; the GitHub Pages workflow parses and calls commands that exist."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

BIN = Path(sys.executable).parent


def _git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture()
def project(tmp_path):
    """A small git project with the publish script, a built 'book' and a bare remote."""
    if not (BIN / "ghp-import").exists():
        pytest.fail("ghp-import is missing from the environment (requirements.lock pins it)")
    remote = tmp_path / "remote.git"
    _git(tmp_path, "init", "--bare", "-q", str(remote))
    repo = tmp_path / "repo"
    (repo / "tools").mkdir(parents=True)
    shutil.copy(ROOT / "tools" / "publish.sh", repo / "tools" / "publish.sh")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "t@example.org")
    _git(repo, "config", "user.name", "t")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "awal")
    _git(repo, "remote", "add", "publik", str(remote))
    return repo, remote


def _publish(repo):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["bash", "tools/publish.sh", "publik"], cwd=repo, env=env, capture_output=True, check=False,
                          text=True)


def test_publish_pushes_the_book_to_gh_pages(project):
    repo, remote = project
    html = repo / "book" / "_build" / "html"
    (html / "_static").mkdir(parents=True)
    (html / "index.html").write_text("<h1>Buku</h1>", encoding="utf-8")
    (html / "_static" / "gaya.css").write_text("h1 {}", encoding="utf-8")
    pdf = repo / "book" / "_build" / "makalah" / "makalah.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.5 stand-in")
    r = _publish(repo)
    assert r.returncode == 0, r.stderr
    files = set(_git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert files == {".nojekyll", "index.html", "_static/gaya.css", "makalah.pdf"}
    assert _git(remote, "show", "gh-pages:index.html") == "<h1>Buku</h1>"
    assert "main" not in _git(remote, "branch")  # only gh-pages is pushed
    # Publishing again replaces the page.
    (html / "index.html").write_text("<h1>Buku baru</h1>", encoding="utf-8")
    assert _publish(repo).returncode == 0
    assert _git(remote, "show", "gh-pages:index.html") == "<h1>Buku baru</h1>"
    # Each publication is one commit on gh-pages, naming the source commit.
    assert _git(remote, "log", "-1", "--format=%s", "gh-pages").startswith("Buku dari commit ")


def test_publish_refuses_an_unbuilt_book(project):
    repo, remote = project
    r = _publish(repo)
    assert r.returncode == 1 and "bash build.sh" in r.stderr
    assert _git(remote, "branch") == ""


def test_pages_workflow_is_valid_and_calls_existing_commands():
    path = ROOT / ".github" / "workflows" / "pages.yml"
    wf = yaml.safe_load(path.read_text(encoding="utf-8"))
    # PyYAML reads the bare key `on` as True.
    on = wf.get("on", wf.get(True))
    assert "push" in on and wf["permissions"]["contents"] == "write"
    steps = [s for job in wf["jobs"].values() for s in job["steps"]]
    for s in steps:
        assert ("uses" in s) != ("run" in s), s
        if "uses" in s:
            assert "@" in s["uses"], f"action {s['uses']} is not pinned to a version"
    runs = "\n".join(s["run"] for s in steps if "run" in s)
    # Every repository script a step runs exists, and the steps are valid bash.
    scripts = set(__import__("re").findall(r"\b((?:tools/|\.ci/)?[\w./-]+\.sh)\b", runs))
    assert {"build.sh", "tools/publish.sh"} <= scripts
    for script in scripts:
        assert (ROOT / script).is_file(), script
    for s in steps:
        if "run" in s:
            assert subprocess.run(["bash", "-n"], input=s["run"], text=True, check=False).returncode == 0, s["run"]
    # The workflow installs the same TeX packages as build.sh tells a user to install.
    build = (ROOT / "build.sh").read_text(encoding="utf-8")
    paket = build.split('tex_packages="', 1)[1].split('"', 1)[0].split()
    assert all(p in runs for p in paket)
