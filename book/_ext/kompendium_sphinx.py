"""Sphinx tweaks of the book, in one place.

- Drops sphinx-thebe's scripts: the book never runs code in the browser (execution is Snakemake's
  job), and Jupyter Book 1 injects thebe's inline script twice on notebook pages, which makes the
  browser log "Identifier 'THEBE_JS_URL' has already been declared".
- Sets the theme's colour mode to light: sphinx-book-theme leaves it empty, and the theme's script
  then logs "Got invalid theme mode" in the browser console.
"""

from __future__ import annotations


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


def setup(app):
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _light_mode, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
