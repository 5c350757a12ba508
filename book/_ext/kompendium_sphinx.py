"""Sphinx tweaks of the book, in one place.

- Drops sphinx-thebe's scripts: the book never runs code in the browser (execution is Snakemake's
  job), and Jupyter Book 1 injects thebe's inline script twice on notebook pages, which makes the
  browser log "Identifier 'THEBE_JS_URL' has already been declared".
- Puts a build stamp in every page's footer: the commit, the build date and the data vintage, so a
  reader of any page (or a printout of it) knows which code and which BPS release made it.
- Sets the theme's colour mode to light: sphinx-book-theme leaves it empty, and the theme's script
  then logs "Got invalid theme mode" in the browser console.
- Numbers figures and tables per page after the page's own number ("Gambar 2.1", "Gambar 9.18.1"
  on a province page) instead of through the whole book, and writes "Gambar 2.1:" in captions.
- Indonesian citations: a pybtex style for the bibliography ("dan", "Laporan teknis", titles as
  published) and an author-year reference style for the text ("(Nata, 2024)", "dkk.", "dan").
"""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pybtex.plugin import register_plugin as register_pybtex_plugin
from pybtex.richtext import Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.formatting.unsrt import date
from pybtex.style.template import field as bib_field
from pybtex.style.template import first_of, names, optional_field, sentence, words
from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


def _commit(repo: Path) -> str:
    """Short commit of the sources, marked when they have uncommitted changes."""
    try:
        run = lambda *a: subprocess.run(  # noqa: E731
            ["git", *a], cwd=repo, capture_output=True, text=True, check=True
        ).stdout.strip()
        commit = run("rev-parse", "--short=10", "HEAD")
        dirty = run("status", "--porcelain", "--untracked-files=no", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        return "tanpa git"
    return f"{commit}+perubahan" if dirty else commit


def build_stamp(repo: Path) -> str:
    """'commit … · dibangun … · data BPS sampai …' for the page footer."""
    config = yaml.safe_load((repo / "config" / "config.yaml").read_text(encoding="utf-8"))
    today = dt.datetime.now(dt.UTC).date().isoformat()
    return (
        f"Dibangun {today} dari commit <code>{html.escape(_commit(repo))}</code> · "
        f"data BPS sampai {html.escape(str(config['data_vintage']))}"
    )


def _add_stamp(app, config) -> None:
    repo = Path(app.srcdir).parent
    stamp = f'<p class="kompendium-stempel">{build_stamp(repo)}</p>'
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = (options.get("extra_footer") or "") + stamp
    config.html_theme_options = options


def _drop_thebe(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return

    def is_thebe(js) -> bool:
        body = getattr(js, "attributes", {}).get("body", "") or ""
        filename = getattr(js, "filename", None) or str(js)
        return "THEBE_JS_URL" in body or "thebe" in filename

    context["script_files"] = [js for js in scripts if not is_thebe(js)]


def _light_mode(app, pagename, templatename, context, doctree) -> None:
    if not context.get("default_mode"):
        context["default_mode"] = "light"


class GayaPustaka(PlainStyle):
    """The bibliography in Indonesian: pybtex's "plain" with "dan" between authors, titles as
    published (plain lower-cases them) and no English "Technical Report" label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sort = self.sort_by_author

    @staticmethod
    def sort_by_author(entries):
        """By authors (or editors), year and title; braces that keep an institution's name whole
        ("{Badan Pusat Statistik}") do not count, or such names would sort after every letter."""

        def key(e):
            persons = e.persons.get("author") or e.persons.get("editor") or []
            nama = " ".join(" ".join(p.last_names + p.first_names + p.middle_names) for p in persons)
            return tuple(re.sub(r"[{}\\]", "", x).lower()
                         for x in (nama, e.fields.get("year", ""), e.fields.get("title", "")))

        return sorted(entries, key=key)

    def format_names(self, role, as_sentence=True):
        formatted = names(role, sep=", ", sep2=" dan ", last_sep=", dan ")
        return sentence[formatted] if as_sentence else formatted

    def format_title(self, e, which_field, as_sentence=True):
        formatted = bib_field(which_field)
        return sentence[formatted] if as_sentence else formatted

    def format_editor(self, e, as_sentence=True):
        editors = self.format_names("editor", as_sentence=False)
        result = words[editors, "(editor)"] if "editor" in e.persons else editors
        return sentence[result] if as_sentence else result

    def get_techreport_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[
                words[first_of[optional_field("type"), "Laporan teknis"], optional_field("number")],
                bib_field("institution"),
                optional_field("address"),
                date,
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


def _orang() -> PersonStyle:
    return PersonStyle(sep=", ", sep2=" dan ", last_sep=", dan ", other=Text(" dkk."))


def _kurung() -> BracketStyle:
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class GayaRujukan(AuthorYearReferenceStyle):
    """Citations in the text: "Nata (2024)", "(Badan Pusat Statistik dkk., 2013)", several sources
    separated by semicolons inside one pair of round brackets (no brackets inside brackets)."""

    bracket_textual: BracketStyle = field(default_factory=_kurung)
    bracket_parenthetical: BracketStyle = field(default_factory=_kurung)
    bracket_author: BracketStyle = field(default_factory=_kurung)
    bracket_label: BracketStyle = field(default_factory=_kurung)
    bracket_year: BracketStyle = field(default_factory=_kurung)
    person: PersonStyle = field(default_factory=_orang)


def _number_per_page(app, env) -> list[str]:
    """Renumber figures and tables page by page, after the page's own section number.

    Runs after Sphinx's toctree collector (same event), which numbered them through the whole book
    (numfig_secnum_depth 0); their order on the page is kept."""
    for docname, per_type in env.toc_fignumbers.items():
        prefix = tuple(env.toc_secnumbers.get(docname, {}).get("", ()))
        for numbers in per_type.values():
            for i, key in enumerate(sorted(numbers, key=numbers.get), start=1):
                numbers[key] = (*prefix, i)
    return []


_CAPTION_NUMBER = re.compile(r'(<span class="caption-number">[^<]*?\d) </span>')


def _caption_colon(app, pagename, templatename, context, doctree) -> None:
    """"Gambar 2.1: judul" in captions; references in the text keep "Gambar 2.1" (numfig_format).

    Also the bibliography's entries: docutils marks them role="doc-biblioentry" inside a
    role="list", a role ARIA 1.3 deprecates, so a screen reader (and axe-core, as a critical error)
    finds a list without items; they are list items."""
    if "body" in context:
        body = _CAPTION_NUMBER.sub(r"\1: </span>", context["body"])
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def setup(app):
    register_pybtex_plugin("pybtex.style.formatting", "kompendium", GayaPustaka)
    register_bibtex_plugin("sphinxcontrib.bibtex.style.referencing", "penulis_tahun", GayaRujukan)
    app.connect("config-inited", _add_stamp)
    app.connect("env-get-updated", _number_per_page, priority=900)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _light_mode, priority=900)
    app.connect("html-page-context", _caption_colon, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
