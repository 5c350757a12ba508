"""How to cite the compendium, generated from CITATION.cff (the one place the citation is written).

- ``render_how_to_cite``: the Markdown of the book's and the README's "How to cite" (a reference for
  the compendium, one for the article it reproduces, and a BibTeX entry).
- ``render_zenodo``: .zenodo.json (Zenodo's deposit metadata) for archiving a release.
- ``python -m kompendium.kutipan [--check]`` rewrites (or checks) the README section and .zenodo.json.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

from kompendium.atomic import write_json, write_text
from kompendium.errors import KompendiumError

#: The README's generated section lies between these two lines.
MULAI = "<!-- how-to-cite: generated from CITATION.cff by `python -m kompendium.kutipan`; do not edit -->"
SELESAI = "<!-- /how-to-cite -->"


class CitationError(KompendiumError):
    """CITATION.cff or a generated copy of it is missing or malformed."""


def read_citation(path: str | Path) -> dict:
    """CITATION.cff as a mapping, with the keys the renderers need."""
    path = Path(path)
    if not path.is_file():
        raise CitationError(f"{path}: tidak ada (diharapkan berkas Citation File Format)")
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CitationError(f"{path}: bukan YAML yang sah ({' '.join(str(exc).split())})") from None
    if not isinstance(cff, dict):
        raise CitationError(f"{path}: diharapkan pemetaan YAML (kunci: nilai)")
    kurang = [k for k in ("cff-version", "title", "authors", "version") if k not in cff]
    if kurang:
        raise CitationError(f"{path}: kunci {kurang} tidak ada")
    return cff


def _nama(orang: dict, bibtex: bool = False) -> str:
    if "name" in orang:  # an entity (an institution, a project)
        return f"{{{orang['name']}}}" if bibtex else orang["name"]
    given, family = orang.get("given-names", ""), orang.get("family-names", "")
    return f"{family}, {given}" if bibtex else f"{family}, {given}".strip(", ")


def _tahun(cff: dict) -> str:
    tanggal = cff.get("date-released")
    return str(tanggal)[:4] if tanggal else "t.t."


def render_reference(cff: dict) -> str:
    """The compendium as a reference list entry."""
    penulis = "; ".join(_nama(a) for a in cff["authors"])
    lokasi = f" {cff['repository-code']}" if cff.get("repository-code") else ""
    return f"{penulis} ({_tahun(cff)}). *{cff['title']}* (versi {cff['version']}) [perangkat lunak].{lokasi}"


def render_article(ref: dict) -> str:
    """A reference of CITATION.cff's ``references`` (the article) as a reference list entry."""
    penulis = "; ".join(_nama(a) for a in ref["authors"])
    terbit = ref.get("journal") or ref.get("institution", {}).get("name", "")
    return f"{penulis} ({ref['year']}). *{ref['title']}*. {terbit}.".replace(". .", ".")


def render_bibtex(cff: dict, kunci: str = "kompendium") -> str:
    """A BibTeX @software entry for the compendium."""
    baris = [f"@software{{{kunci},",
             f"  author  = {{{' and '.join(_nama(a, bibtex=True) for a in cff['authors'])}}},",
             f"  title   = {{{cff['title']}}},",
             f"  version = {{{cff['version']}}},"]
    if cff.get("date-released"):
        baris.append(f"  year    = {{{_tahun(cff)}}},")
    if cff.get("repository-code"):
        baris.append(f"  url     = {{{cff['repository-code']}}},")
    if cff.get("license"):
        baris.append(f"  note    = {{Lisensi {cff['license']}}},")
    return "\n".join(baris) + "\n}"


def render_how_to_cite(cff: dict) -> str:
    """Markdown: how to cite the compendium and the article it reproduces."""
    bagian = [str(cff.get("message", "")).strip(), "", f"- {render_reference(cff)}"]
    bagian += [f"- {render_article(r)}" for r in cff.get("references", [])]
    bagian += ["", "```bibtex", render_bibtex(cff), "```"]
    return "\n".join(bagian).strip() + "\n"


def render_zenodo(cff: dict) -> dict:
    """Zenodo deposit metadata (.zenodo.json) carrying CITATION.cff's title, authors and version."""
    kreator = []
    for a in cff["authors"]:
        k = {"name": _nama(a)}
        if a.get("affiliation"):
            k["affiliation"] = a["affiliation"]
        kreator.append(k)
    meta = {"title": cff["title"], "upload_type": "software", "version": str(cff["version"]),
            "creators": kreator, "description": str(cff.get("abstract", cff["title"])).strip(),
            "keywords": list(cff.get("keywords", [])), "language": "ind"}
    if cff.get("license"):
        meta["license"] = str(cff["license"])
    return meta


def render_readme_section(cff: dict) -> str:
    """The README's section, markers included."""
    return f"{MULAI}\n{render_how_to_cite(cff)}{SELESAI}"


def update_readme(teks: str, cff: dict, path: str = "README.md") -> str:
    """The README with its generated section replaced (the markers must be there once)."""
    pola = re.compile(re.escape(MULAI) + r".*?" + re.escape(SELESAI), re.DOTALL)
    if len(pola.findall(teks)) != 1:
        raise CitationError(f"{path}: diharapkan tepat satu bagian antara {MULAI!r} dan {SELESAI!r}")
    return pola.sub(lambda _m: render_readme_section(cff), teks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write README's How to cite and .zenodo.json from CITATION.cff.")
    parser.add_argument("--root", default=".", help="repository root")
    parser.add_argument("--check", action="store_true", help="only check that both are current")
    args = parser.parse_args(argv)
    root = Path(args.root)
    cff = read_citation(root / "CITATION.cff")
    readme = root / "README.md"
    lama = readme.read_text(encoding="utf-8")
    baru = update_readme(lama, cff, str(readme))
    zenodo = render_zenodo(cff)
    zenodo_path = root / ".zenodo.json"
    if args.check:
        usang = [str(p) for p, ok in ((readme, baru == lama), (zenodo_path, zenodo_path.is_file() and
                 json.loads(zenodo_path.read_text(encoding="utf-8")) == zenodo)) if not ok]
        if usang:
            print(f"usang terhadap CITATION.cff: {usang}; jalankan `python -m kompendium.kutipan`",
                  file=sys.stderr)
            return 1
        return 0
    write_text(readme, baru)
    write_json(zenodo_path, zenodo, indent=2, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
