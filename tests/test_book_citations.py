"""The book's Sphinx extension: Indonesian citations and figures numbered per page."""

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

from pybtex.backends.plaintext import Backend
from pybtex.database import parse_file, parse_string

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("kompendium_sphinx", ROOT / "book/_ext/kompendium_sphinx.py")
ext = importlib.util.module_from_spec(spec)
sys.modules["kompendium_sphinx"] = ext  # dataclasses look their module up by name
spec.loader.exec_module(ext)


def render(bib) -> list[str]:
    return [e.text.render(Backend()) for e in ext.GayaPustaka().format_entries(bib.entries.values())]


def test_bibliography_is_indonesian_and_keeps_titles_as_published():
    teks = render(parse_file(str(ROOT / "references.bib")))
    joined = "\n".join(teks)
    assert "Technical Report" not in joined
    authors = [t.split(". ")[0] for t in teks]  # titles may say "and"; author lists may not
    assert not [a for a in authors if " and " in a], authors
    assert "James Foster, Joel Greer, dan Erik Thorbecke." in joined
    assert "Progres Kemajuan Komunitas Miskin di Perkotaan: Urgensi Keikutsertaan Masyarakat." in joined
    assert "Laporan teknis, World Bank" in joined
    # Institutions written in braces sort under their first letter, not after Z.
    assert teks[0].startswith("Badan Pusat Statistik")


def test_a_report_keeps_its_own_type():
    bib = parse_string("""@techreport{x, author = {A, B}, title = {Judul}, institution = {BPS},
                          type = {Laporan survei}, year = {2020}}""", "bibtex")
    assert "Laporan survei, BPS, 2020." in render(bib)[0]


def test_citations_in_the_text_use_round_brackets_dan_and_dkk():
    gaya = ext.GayaRujukan()
    assert (gaya.bracket_parenthetical.left, gaya.bracket_parenthetical.right) == ("(", ")")
    assert gaya.bracket_parenthetical.sep == "; "
    assert gaya.person.sep2 == " dan " and str(gaya.person.other) == " dkk."


def test_figures_are_numbered_per_page_after_the_page_number():
    env = SimpleNamespace(
        toc_secnumbers={"bab": {"": (2,)}, "provinsi/lampung": {"": (9, 18)}},
        toc_fignumbers={
            "bab": {"figure": {"a": (7,), "b": (9,), "c": (8,)}, "table": {"t": (3,)}},
            "provinsi/lampung": {"figure": {"x": (115,), "y": (116,)}},
        },
    )
    ext._number_per_page(None, env)
    assert env.toc_fignumbers["bab"]["figure"] == {"a": (2, 1), "c": (2, 2), "b": (2, 3)}
    assert env.toc_fignumbers["bab"]["table"] == {"t": (2, 1)}
    assert env.toc_fignumbers["provinsi/lampung"]["figure"] == {"x": (9, 18, 1), "y": (9, 18, 2)}


def test_captions_get_a_colon_and_references_do_not():
    context = {"body": '<span class="caption-number">Gambar 2.1 </span><span>Judul</span> '
                       '<a><span class="std std-numref">Gambar 2.1</span></a>'}
    ext._caption_colon(None, "p", "page.html", context, None)
    assert '<span class="caption-number">Gambar 2.1: </span>' in context["body"]
    assert '<span class="std std-numref">Gambar 2.1</span>' in context["body"]


def test_bibliography_entries_are_list_items():
    context = {"body": '<div role="list" class="citation-list"><div class="citation" role="doc-biblioentry">'}
    ext._caption_colon(None, "pustaka", "page.html", context, None)
    assert 'role="listitem"' in context["body"] and "doc-biblioentry" not in context["body"]
