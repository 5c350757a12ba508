"""Citation: CITATION.cff valid (CFF 1.2.0 schema), the README's How to cite and .zenodo.json generated
from it and current, and the article's entry in references.bib complete."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml
from conftest import ROOT

from kompendium import kutipan

# The Citation File Format 1.2.0 schema (citation-file-format/citation-file-format, CC-BY-4.0), as
# cffconvert 2.0.0 ships it. cffconvert itself cannot join the lock: it requires jsonschema<4, and
# nbformat and Jupyter Book need jsonschema 4; this is the same validation cffconvert --validate does.
SCHEMA = ROOT / "tests" / "data" / "citation-file-format-1.2.0.schema.json"


def _validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def _cff_json(path):
    # CFF dates are YAML dates; the schema expects strings, as cffconvert feeds them.
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def test_citation_cff_validates_against_the_cff_schema():
    errors = sorted(_validator().iter_errors(_cff_json(ROOT / "CITATION.cff")), key=str)
    assert errors == [], [e.message for e in errors]


def test_the_schema_check_can_fail(tmp_path):
    bad = tmp_path / "CITATION.cff"
    bad.write_text("cff-version: 1.2.0\nmessage: x\ntitle: t\nauthors: [{nama: x}]\n", encoding="utf-8")
    assert list(_validator().iter_errors(_cff_json(bad)))


def test_readme_and_zenodo_are_generated_from_citation_cff():
    assert kutipan.main(["--root", str(ROOT), "--check"]) == 0
    cff = kutipan.read_citation(ROOT / "CITATION.cff")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert kutipan.render_how_to_cite(cff) in readme
    assert cff["title"] in readme
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["title"] == cff["title"] and zenodo["version"] == str(cff["version"])


def test_a_stale_readme_is_reported(tmp_path, capsys):
    for name in ("CITATION.cff", "README.md", ".zenodo.json"):
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    cff = (tmp_path / "CITATION.cff").read_text(encoding="utf-8").replace("version: 0.1.0", "version: 9.9.9")
    (tmp_path / "CITATION.cff").write_text(cff, encoding="utf-8")
    assert kutipan.main(["--root", str(tmp_path), "--check"]) == 1
    assert "README.md" in capsys.readouterr().err
    assert kutipan.main(["--root", str(tmp_path)]) == 0
    assert "9.9.9" in (tmp_path / "README.md").read_text(encoding="utf-8")
    assert kutipan.main(["--root", str(tmp_path), "--check"]) == 0


def test_read_citation_errors_name_the_file(tmp_path):
    with pytest.raises(kutipan.CitationError, match="tidak ada"):
        kutipan.read_citation(tmp_path / "CITATION.cff")
    (tmp_path / "CITATION.cff").write_text("cff-version: 1.2.0\ntitle: x\n", encoding="utf-8")
    with pytest.raises(kutipan.CitationError, match=r"CITATION.cff: kunci \['authors', 'version'\]"):
        kutipan.read_citation(tmp_path / "CITATION.cff")


def test_the_paper_page_shows_the_same_how_to_cite():
    nb = (ROOT / "notebooks" / "makalah.ipynb").read_text(encoding="utf-8")
    assert "kutipan.render_how_to_cite(kutipan.read_citation(" in nb


def test_article_entry_in_references_bib_is_complete():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    entri = re.search(r"@(\w+)\{nata2024,(.*?)\n\}", bib, re.DOTALL)
    assert entri, "references.bib has no nata2024 entry"
    medan = dict(re.findall(r"^\s*(\w+)\s*=\s*\{?(.*?)\}?,?$", entri.group(2), re.MULTILINE))
    assert medan["author"].startswith("Nata, Andrian Anwar L")
    assert medan["title"].startswith("Progres Kemajuan Komunitas Miskin di Perkotaan")
    assert medan["year"] == "2024"
    # The article's header names its institution and no journal: the entry must say where it appeared.
    assert "Sekolah Tinggi Ilmu Ekonomi Syariah Alifa Pringsewu" in (medan.get("journal", "")
                                                                   + medan.get("howpublished", ""))
    cff = kutipan.read_citation(ROOT / "CITATION.cff")
    artikel = cff["references"][0]
    assert artikel["title"] in medan["title"] and artikel["year"] == 2024
