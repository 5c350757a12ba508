"""Notebook regression (pytest-notebook): re-running an executed chapter gives the same numbers and tables.

The reference is the notebook as the workflow executed it from the raw data; the check re-executes
it and compares every output except images and timing/metadata, which drift between runs and
library versions without meaning anything to a reader. The fast checks read the source notebooks:
thin (load, call, show, glue) and tagged for the book where they are written.
"""

from __future__ import annotations

import shutil

import nbformat
import pytest
from conftest import ROOT
from pytest_notebook.nb_regression import NBRegressionFixture

# Chapters already thin and tagged in the source (the others follow in the core redesign).
THIN = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
MAX_CODE_LINES = 60
# How a code cell shows in the book: output only, or not at all. Reader pages never show code
# (not even folded); the code is one click away, in the notebook the provenance box links to.
TAG_TAMPIL = {"remove-input", "remove-cell"}


def code_cells(chapter: str) -> list:
    nb = nbformat.read(ROOT / "notebooks" / f"{chapter}.ipynb", as_version=4)
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("chapter", THIN)
def test_chapter_is_thin(chapter):
    """At most ~60 lines of code (comments aside), and no function or class defined in a notebook."""
    lines = [line for c in code_cells(chapter) for line in c.source.splitlines()
             if line.strip() and not line.strip().startswith("#")]
    assert len(lines) <= MAX_CODE_LINES, f"{chapter}: {len(lines)} lines of code"
    defined = [line for line in lines if line.lstrip().startswith(("def ", "class ", "lambda"))
               or "= lambda" in line]
    assert not defined, f"{chapter}: logic belongs in the package: {defined}"


@pytest.mark.parametrize("chapter", THIN)
def test_chapter_tags_are_set_in_the_source(chapter):
    """The parameters cell comes first and is removed; every code cell says how it shows."""
    cells = code_cells(chapter)
    assert set(cells[0].metadata.get("tags", [])) == {"parameters", "remove-cell"}
    for cell in cells:
        tags = set(cell.metadata.get("tags", []))
        assert len(tags & TAG_TAMPIL) == 1, f"{chapter}, cell {cell.id}: tags {sorted(tags)}"
        assert "hide-input" not in tags, f"{chapter}, cell {cell.id}: code would show folded"
    # Glue and figure files are written by cells the reader does not see, the record among them.
    simpan = [c for c in cells if "angka.simpan()" in c.source]
    assert simpan and all("remove-cell" in c.metadata.tags for c in simpan), chapter

IGNORE = (
    "/metadata/language_info",
    "/metadata/papermill",
    "/metadata/widgets",
    "/cells/*/metadata/papermill",
    "/cells/*/metadata/execution",
    "/cells/*/execution_count",
    "/cells/*/outputs/*/execution_count",
    "/cells/*/outputs/*/data/image/png",
    "/cells/*/outputs/*/data/image/svg+xml",
)


def check_reexecution(notebook) -> None:
    """Re-execute an executed notebook where the workflow ran it; raise NBRegressionError on a diff."""
    fixture = NBRegressionFixture(
        exec_timeout=300,
        exec_cwd=str(notebook.parent),
        diff_ignore=IGNORE,
        post_processors=("coalesce_streams",),
        force_regen=False,
    )
    fixture.check(str(notebook), raise_errors=True)


@pytest.fixture(scope="module")
def rerun_copy(built_project, tmp_path_factory):
    """A copy of the shared build to re-execute in: a re-executed notebook rewrites its figures and
    glued numbers, which would make the shared build look changed to the tests that read it."""
    copy = tmp_path_factory.mktemp("rerun") / "project"
    shutil.copytree(built_project, copy, symlinks=True)
    return copy


@pytest.mark.slow
@pytest.mark.parametrize("chapter", [c for c in THIN if c != "provinsi"])
def test_chapter_reexecutes_identically(rerun_copy, chapter):
    check_reexecution(rerun_copy / "book" / "_generated" / f"{chapter}.ipynb")


# Province pages: one notebook run per province; Lampung has the kabupaten/kota section, Papua Tengah
# (created 2022) has late data and no urban projection.
@pytest.mark.slow
@pytest.mark.parametrize("slug", ["lampung", "papua-tengah"])
def test_province_page_reexecutes_identically(rerun_copy, slug):
    check_reexecution(rerun_copy / "book" / "_generated" / "provinsi" / f"{slug}.ipynb")
