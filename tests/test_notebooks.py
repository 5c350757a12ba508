"""Notebook regression (pytest-notebook): re-running an executed chapter gives the same numbers and tables.

The reference is the notebook as the workflow executed it from the raw data; the check re-executes
it and compares every output except images and timing/metadata, which drift between runs and
library versions without meaning anything to a reader.
"""

from __future__ import annotations

import pytest
from pytest_notebook.nb_regression import NBRegressionFixture

pytestmark = pytest.mark.slow

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


@pytest.mark.parametrize("chapter", ["urbanisasi", "audit", "kesimpulan", "perubahan_data", "kemiskinan", "makalah"])
def test_chapter_reexecutes_identically(built_project, chapter, tmp_path):
    check_reexecution(built_project / "book" / "_generated" / f"{chapter}.ipynb")


# Province pages: one notebook run per province; Lampung has the kabupaten/kota section, Papua Tengah
# (created 2022) has late data and no urban projection.
@pytest.mark.parametrize("slug", ["lampung", "papua-tengah"])
def test_province_page_reexecutes_identically(built_project, slug):
    check_reexecution(built_project / "book" / "_generated" / "provinsi" / f"{slug}.ipynb")
