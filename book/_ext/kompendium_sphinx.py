"""Sphinx tweaks of the book, in one place.

- Drops sphinx-thebe's scripts: the book never runs code in the browser (execution is Snakemake's
  job), and Jupyter Book 1 injects thebe's inline script twice on notebook pages, which makes the
  browser log "Identifier 'THEBE_JS_URL' has already been declared".
- Puts a build stamp in every page's footer: the commit, the build date and the data vintage, so a
  reader of any page (or a printout of it) knows which code and which BPS release made it.
- Sets the theme's colour mode to light: sphinx-book-theme leaves it empty, and the theme's script
  then logs "Got invalid theme mode" in the browser console.
"""

from __future__ import annotations

import datetime as dt
import html
import subprocess
from pathlib import Path

import yaml


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
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
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


def setup(app):
    app.connect("config-inited", _add_stamp)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _light_mode, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
