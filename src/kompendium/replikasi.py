"""The replication README (REPLICATION.md) of the package, after the Social Science Data Editors' template.

Everything in it comes from the project's own records: the raw files' tiers and sources
(``data/raw/datapackage.json`` through :mod:`kompendium.sumber`), the Susenas setting of
``config/config.yaml``, the workflow's rules (``snakemake --summary``: which rule makes which file),
the notebooks, the benchmark table of ``README.md``, the TeX packages ``build.sh`` asks for, and the
exhibits (every table and figure) read from the executed notebooks in ``book/_generated``.
:func:`check_exhibits` verifies that each listed program and output exists.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

import yaml

from kompendium import sumber
from kompendium.errors import KompendiumError
from kompendium.provenance import load_datapackage
from kompendium.vintage import read_glue_texts

GENERATED = PurePosixPath("book/_generated")
HTML = PurePosixPath("book/_build/html")


class ReplicationError(KompendiumError):
    """The replication README cannot be made: a record is missing, or a listed exhibit is not there."""


@dataclass(frozen=True)
class Exhibit:
    """One table or figure of the book: where it is shown and what makes it."""

    jenis: str  # "tabel" or "gambar"
    halaman: str  # page: chapter name, or provinsi/<slug>
    label: str  # the MyST name or the table's HTML id (a link target in the HTML page)
    judul: str  # caption, glue roles replaced by the glued text
    notebook: str  # source notebook (notebooks/....ipynb)
    rule: str  # Snakemake rule that writes the output
    output: str  # the figure file, or the executed notebook holding the table

    def to_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------- the workflow's records

def read_output_rules(root: Path, snakemake: str | None = None) -> dict[str, dict[str, str]]:
    """Every file the default target makes -> {"rule", "status", "plan"}, from ``snakemake --summary``
    (the workflow's own answer; nothing is run)."""
    exe = snakemake or str(Path(sys.executable).parent / "snakemake")
    try:
        hasil = subprocess.run([exe, "--summary", "--nolock"], cwd=root, capture_output=True, text=True)
    except OSError as exc:
        raise ReplicationError(f"snakemake --summary: tidak bisa dijalankan ({exc})") from None
    if hasil.returncode != 0:
        akhir = (hasil.stderr.strip().splitlines() or ["(tanpa pesan)"])[-1]
        raise ReplicationError(f"snakemake --summary gagal di {root}: {akhir}")
    return parse_summary(hasil.stdout)


def parse_summary(teks: str) -> dict[str, dict[str, str]]:
    """The table of ``snakemake --summary`` (tab-separated, a header row) as path -> fields."""
    baris = [b.split("\t") for b in teks.splitlines() if "\t" in b]
    if not baris or baris[0][:1] != ["output_file"]:
        raise ReplicationError("snakemake --summary: tabel tidak dikenali (kolom pertama output_file)")
    kepala = baris[0]
    return {b[0]: {k: b[kepala.index(k)] for k in ("rule", "status", "plan")} for b in baris[1:]}


def stale_outputs(rules: Mapping[str, Mapping[str, str]]) -> list[str]:
    """Files the workflow would still (re)make: the build is not up to date with the sources."""
    return sorted(p for p, r in rules.items() if r["plan"] != "no update")


def rule_of(path: str, rules: Mapping[str, Mapping[str, str]]) -> str:
    """The rule that makes ``path``: its own entry, or the directory output holding it."""
    p = PurePosixPath(path)
    for kandidat in (p, *p.parents):
        if str(kandidat) in rules:
            return rules[str(kandidat)]["rule"]
    raise ReplicationError(f"{path}: tidak ada rule Snakemake yang membuatnya (snakemake --summary)")


# ---------------------------------------------------------------------------- exhibits

# A MyST directive with back-tick or colon fences: ```{figure} PATH / :::{list-table} CAPTION,
# its :option: lines, then the body up to the closing fence.
_DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<nama>figure|list-table|table)\}[ \t]*(?P<arg>[^\n]*)\n"
    r"(?P<opsi>(?:[ \t]*:[\w-]+:[^\n]*\n)*)(?P<isi>.*?)^(?P=fence)[ \t]*$",
    re.M | re.S,
)
_TABEL_HTML = re.compile(r'<table id="(?P<id>[^"]+)"[^>]*>\s*(?:<caption>(?P<judul>.*?)</caption>)?', re.S)
_GLUE = re.compile(r"\{glue(?::text)?\}`([^`]+)`")


def _teks_bersih(teks: str, glue: Mapping[str, str]) -> str:
    """A caption as one line: glue roles replaced by their text, HTML tags and MyST roles dropped."""
    teks = _GLUE.sub(lambda m: glue.get(m.group(1).split(":")[0], m.group(0)), teks)
    teks = re.sub(r"<[^>]+>", "", teks)
    teks = re.sub(r"\{\w+(?::\w+)?\}`([^`<]*)(?:<[^`]*>)?`", r"\1", teks)
    return " ".join(teks.split())


def _sumber_sel(cell: Mapping) -> Iterable[str]:
    """The MyST text of a cell: its source (markdown) or its Markdown / HTML outputs (code)."""
    if cell.get("cell_type") == "markdown":
        yield "".join(cell.get("source", ""))
    for out in cell.get("outputs", []):
        for mime in ("text/markdown", "text/html"):
            isi = out.get("data", {}).get(mime)
            if isi:
                yield "".join(isi)


def read_notebook_exhibits(root: Path, executed: PurePosixPath,
                           rules: Mapping[str, Mapping[str, str]]) -> list[Exhibit]:
    """The tables and figures of one executed notebook (``book/_generated/...ipynb``), in page order."""
    path = root / executed
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ReplicationError(f"{executed}: notebook hasil tidak bisa dibaca ({exc})") from None
    sumber_nb = nb.get("metadata", {}).get("papermill", {}).get("input_path")
    if not sumber_nb:
        raise ReplicationError(f"{executed}: metadata papermill.input_path tidak ada (bukan hasil Papermill?)")
    halaman = str(executed.relative_to(GENERATED).with_suffix(""))
    glue = read_glue_texts(path)
    rule_nb = rule_of(str(executed), rules)
    hasil: list[Exhibit] = []
    for cell in nb.get("cells", []):
        for teks in _sumber_sel(cell):
            for m in _DIRECTIVE.finditer(teks):
                opsi = dict(re.findall(r"^[ \t]*:([\w-]+):[ \t]*(.*)$", m.group("opsi"), re.M))
                if m.group("nama") == "figure":
                    berkas = _figure_file(root, executed.parent, m.group("arg").strip())
                    hasil.append(Exhibit("gambar", halaman, opsi.get("name", ""),
                                         _teks_bersih(m.group("isi"), glue), sumber_nb,
                                         rule_of(berkas, rules), berkas))
                else:
                    hasil.append(Exhibit("tabel", halaman, opsi.get("name", ""),
                                         _teks_bersih(m.group("arg"), glue), sumber_nb, rule_nb, str(executed)))
            for m in _TABEL_HTML.finditer(teks):
                hasil.append(Exhibit("tabel", halaman, m.group("id"), _teks_bersih(m.group("judul") or "", glue),
                                     sumber_nb, rule_nb, str(executed)))
    return hasil


def _figure_file(root: Path, folder: PurePosixPath, target: str) -> str:
    """A figure directive's file, relative to the root; ``name.*`` (one image per builder) -> the
    files it matches, the first in name order (the others sit beside it)."""
    path = PurePosixPath(os.path.normpath(folder / target))
    if "*" in path.name:
        cocok = sorted((root / path.parent).glob(path.name))
        if not cocok:
            raise ReplicationError(f"{folder}: gambar {target} tidak ada")
        path = path.parent / cocok[0].name
    return str(path)


def read_exhibits(root: Path, rules: Mapping[str, Mapping[str, str]]) -> list[Exhibit]:
    """Every table and figure of the built book, page by page in the book's order (chapters by name,
    the paper first; then the province pages)."""
    root = Path(root)
    bab = sorted((root / GENERATED).glob("*.ipynb"), key=lambda p: (p.stem != "makalah", p.stem))
    provinsi = sorted((root / GENERATED / "provinsi").glob("*.ipynb"))
    if not bab:
        raise ReplicationError(f"{root / GENERATED}: belum ada notebook hasil; bangun buku dulu (bash build.sh)")
    hasil = []
    for p in [*bab, *provinsi]:
        hasil += read_notebook_exhibits(root, PurePosixPath(p.relative_to(root).as_posix()), rules)
    return hasil


def check_exhibits(root: Path, exhibits: Sequence[Exhibit]) -> None:
    """Each listed program (notebook, rule) and output exists; else one error naming the first few."""
    root = Path(root)
    rules = set()
    for smk in [root / "workflow" / "Snakefile", *sorted((root / "workflow" / "rules").glob("*.smk"))]:
        rules |= set(re.findall(r"^rule (\w+):", smk.read_text(encoding="utf-8"), re.M))
    salah = []
    for e in exhibits:
        if not (root / e.notebook).is_file():
            salah.append(f"{e.label}: notebook {e.notebook} tidak ada")
        if e.rule not in rules:
            salah.append(f"{e.label}: rule {e.rule} tidak ada di workflow/")
        if not (root / e.output).is_file():
            salah.append(f"{e.label}: keluaran {e.output} tidak ada")
        elif e.jenis == "tabel" and e.label not in (root / e.output).read_text(encoding="utf-8"):
            salah.append(f"{e.label}: tabel tidak ada di {e.output}")
    if salah:
        lagi = f" (dan {len(salah) - 3} lagi)" if len(salah) > 3 else ""
        raise ReplicationError(f"daftar tabel dan gambar: {'; '.join(salah[:3])}{lagi}")


# ---------------------------------------------------------------------------- the other records

def read_benchmark(readme: str) -> dict[str, str]:
    """The README's benchmark table: the one right after the Benchmark section's 'Measured on ...:' line
    (measure, value, goal), as measure -> value, with that line's machine under '_mesin'."""
    bagian = re.search(r"^## Benchmark\s*$(.*?)(?=^## |\Z)", readme, re.M | re.S)
    mesin = re.search(r"^Measured on (.+?):\s*\n\s*\n((?:\|.*\n?)+)", bagian.group(1) if bagian else "", re.M)
    if not mesin:
        raise ReplicationError("README.md: tabel Benchmark (dan baris 'Measured on ...') tidak ditemukan")
    hasil = {}
    for m in re.finditer(r"^\|\s*([^|]+?)\s*\|\s*([^|]*?)\s*\|[^|\n]*\|\s*$", mesin.group(2), re.M):
        if not set(m.group(2)) <= set("-: ") and m.group(1) != "measure (`--cores 2`)":
            hasil[m.group(1)] = m.group(2)
    if not hasil:
        raise ReplicationError("README.md: tabel Benchmark (dan baris 'Measured on ...') tidak ditemukan")
    hasil["_mesin"] = mesin.group(1)
    return hasil


def read_tex_packages(build_sh: str) -> str:
    """The Debian packages build.sh names for the paper's PDF."""
    m = re.search(r'^tex_packages="([^"]+)"', build_sh, re.M)
    if not m:
        raise ReplicationError("build.sh: baris tex_packages=\"...\" tidak ditemukan")
    return m.group(1)


def read_python_requirement(pyproject: str) -> str:
    m = re.search(r'^requires-python\s*=\s*"([^"]+)"', pyproject, re.M)
    if not m:
        raise ReplicationError("pyproject.toml: requires-python tidak ada")
    return m.group(1)


def _rule_files(root: Path) -> list[tuple[str, str, list[str]]]:
    """(file, its header comment, its rules) for each workflow file."""
    hasil = []
    for smk in [root / "workflow" / "Snakefile", *sorted((root / "workflow" / "rules").glob("*.smk"))]:
        teks = smk.read_text(encoding="utf-8")
        kepala = []
        for baris in teks.splitlines():
            if not baris.startswith("#"):
                break
            kepala.append(baris.lstrip("# ").strip())
        judul = " ".join(kepala).split(". ")[0].rstrip(".")
        hasil.append((smk.relative_to(root).as_posix(), judul, re.findall(r"^rule (\w+):", teks, re.M)))
    return hasil


def _notebook_title(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            m = re.search(r"^#\s+(.+)$", "".join(cell["source"]), re.M)
            if m:
                # A title glued from data (one page per province) shows its key.
                return _GLUE.sub(lambda g: f"<{g.group(1)}>", m.group(1).strip())
    return path.stem


def _md_cell(x: object) -> str:
    return str(x).replace("|", "\\|").replace("\n", " ")


def _md_table(kepala: Sequence[str], baris: Iterable[Sequence[object]]) -> list[str]:
    return ["| " + " | ".join(kepala) + " |", "|" + "---|" * len(kepala),
            *("| " + " | ".join(_md_cell(x) for x in b) + " |" for b in baris)]


def _bytes(n: int) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def machine() -> dict[str, str]:
    """The machine the package was made on (OS, Python, cores, memory)."""
    mem = ""
    try:
        total = next(b for b in Path("/proc/meminfo").read_text().splitlines() if b.startswith("MemTotal"))
        mem = f"{int(total.split()[1]) / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration, ValueError, IndexError):
        mem = "tidak diketahui"
    try:
        os_name = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    except OSError:
        os_name = platform.system()
    return {"os": f"{os_name} ({platform.machine()}, {platform.system()} {platform.release()})",
            "python": platform.python_version(), "cores": str(os.cpu_count()), "memory": mem}


# ---------------------------------------------------------------------------- REPLICATION.md

def render_replication(root: Path, exhibits: Sequence[Exhibit], *, commit: str, archive_name: str, folder: str,
                       sizes: Mapping[str, int], host: Mapping[str, str] | None = None) -> str:
    """The replication README. ``sizes``: bytes of the parts (``wheelhouse``, ``repository``,
    ``reference``) as packed; ``host``: :func:`machine` (given in tests)."""
    root = Path(root)
    host = host or machine()
    package = load_datapackage(root / "data" / "raw")
    sumber.validate_package(package)
    resources = package["resources"]
    config = yaml.safe_load((root / "config" / "config.yaml").read_text(encoding="utf-8"))
    readme = (root / "README.md").read_text(encoding="utf-8")
    bench = read_benchmark(readme)
    tex = read_tex_packages((root / "build.sh").read_text(encoding="utf-8"))
    python = read_python_requirement((root / "pyproject.toml").read_text(encoding="utf-8"))
    judul_artikel = re.search(r"^> (.+?)\n> (.+?)\n", readme, re.M)
    artikel = (f"{judul_artikel.group(1)} {judul_artikel.group(2).rstrip('.')}" if judul_artikel
               else "Nata (2024)")
    vintage = config["data_vintage"]
    n = sumber.hitung(resources)
    L: list[str] = []
    a = L.append

    a(f"# Replication package: Kompendium Kemiskinan Kota (commit {commit[:10]})")
    a("")
    a("Generated by `kompendium package` from the repository's own records; do not edit by hand. "
      "It follows the template README of the Social Science Data Editors (https://social-science-data-editors.github.io/template_README/).")
    a("")
    a("## Overview")
    a("")
    a(f"The code in this package rebuilds, from the raw files in `data/raw/`, every table, figure and "
      f"data-backed number of the article {artikel} and publishes them, with an audit of each of the "
      "article's numbers, as an online book in Bahasa Indonesia (Jupyter Book) and the reproduced paper "
      f"as a PDF. Data up to BPS release `{vintage}` (`data_vintage` in `config/config.yaml`). One "
      "command (`bash build.sh`) installs the locked Python environment from the wheels in `wheelhouse/` "
      "(no network needed) and runs the Snakemake workflow; it takes about "
      f"{bench.get('full build after set-up (67 jobs)', '1 minute')} after set-up on a 2-core machine.")
    a("")
    a(f"Archive contents: the repository at commit `{commit}` (committed files only, "
      f"{_bytes(sizes.get('repository', 0))}); `wheelhouse/` ({_bytes(sizes.get('wheelhouse', 0))}, every "
      "package pinned in `requirements.lock`, for this platform and Python, test tools included); "
      f"`reference/` ({_bytes(sizes.get('reference', 0))}: the book and paper as the authors built them at this "
      "commit); this file; `SHA256SUMS` (sha256 of every other file).")
    a("")
    a("## Data Availability and Provenance Statements")
    a("")
    a("- [x] The authors had legitimate access to and permission to use the data in this package.")
    a("- [x] All data used are publicly available and included, except the optional Susenas microdata "
      "(below), which the results shown do not use.")
    a("")
    a(f"`data/raw/datapackage.json` (a Frictionless data package) describes each of the {sum(n.values())} raw "
      "files: table, source URL, publication, how it was obtained, date, terms, sha256 and source tier. The "
      "workflow checks every sha256 before it reads anything. Files per tier:")
    a("")
    L += _md_table(["tier", "meaning", "files"],
                   [(f"`{t}`", sumber.KETERANGAN[t], k) for t, k in n.items()])
    a("")
    a("### BPS public tables (Badan Pusat Statistik, Statistics Indonesia)")
    a("")
    lisensi = sorted({lic["title"] for r in resources for lic in r.get("licenses", [])})
    a(f"Terms: {'; '.join(lisensi)} (BPS allows reuse with attribution: cite \"Badan Pusat Statistik\" and "
      "the table). The files are redistributed here unchanged (tier `unduhan_bps`) or transcribed from BPS "
      "tables and publications into BPS's download layout (`transkripsi_bps`). Per table folder:")
    a("")
    L += _md_table(["folder in data/raw", "files", "BPS table", "source", "obtained", "tiers"],
                   _tabel_bps(resources))
    a("")
    a("### Secondary reports and other institutions")
    a("")
    a("Some BPS figures were not available as BPS files and were copied from secondary reports (tier "
      "`sekunder`); a few figures are another institution's (`lembaga_lain`). Every such part, with its "
      "outlet and date as recorded:")
    a("")
    L += _md_table(["file", "part", "tier", "publisher", "source (outlet)", "date"],
                   [(f"`{b['berkas']}`", b["bagian"], b["tingkat sumber"], b["penerbit angka"], b["sumber"],
                     b["tanggal"]) for b in sumber.baris_tidak_langsung(resources)])
    a("")
    a("### Susenas microdata (licensed, not included)")
    a("")
    mikro = config.get("kemiskinan", {}).get("susenas_mikro")
    a("The near-poor estimates are derived from BPS's published aggregates (distribution models fitted to "
      "them and validated against published figures). The workflow can also use a Susenas household file "
      "(the National Socio-Economic Survey of BPS). That file is licensed microdata: it is **not** part of "
      "this package and may not be redistributed. "
      + ("The results in this package do not use it (`kemiskinan.susenas_mikro: null` in `config/config.yaml`)."
         if not mikro else "This build used one; a replicator needs the same file (see below)."))
    a("")
    a("To obtain it, a researcher requests the Susenas microdata (household module, the semester needed) from "
      "BPS's microdata service (Layanan Data Mikro, https://silastik.bps.go.id), under BPS's licence "
      "agreement; it is not shipped with any replication package. To point the workflow at it, set in "
      "`config/config.yaml` (columns named as in the file; the schema is "
      "`workflow/schemas/config.schema.yaml`):")
    a("")
    a("```yaml")
    a("kemiskinan:")
    a("  susenas_mikro:")
    a("    path: /secure/susenas_2024_maret_kp.csv   # .csv, .parquet or .dta, one row per household")
    a("    tahun: 2024")
    a("    periode: Maret")
    a("    kolom: {pengeluaran: kapita, bobot: fwt, garis: gk, daerah: r105, art: r301}")
    a("```")
    a("")
    a("and run `bash build.sh` again: the rule `summarise_susenas` (`kompendium kemiskinan summarise-susenas`) "
      "writes `data/processed/susenas_mikro_ringkas.csv`, and the near-poor chapter shows the microdata "
      "measures beside the model estimates.")
    a("")
    a("## Dataset list")
    a("")
    L += _md_table(["data file", "source", "notes", "provided"], _dataset_list(resources))
    a("")
    a("Processed data (`data/processed/`) are not shipped: the workflow makes them from `data/raw/`. "
      f"`vintages/{vintage}.json` records every processed BPS value and every number glued into the text "
      "for this release, for comparison (see Instructions).")
    a("")
    a("## Computational requirements")
    a("")
    a("### Software requirements")
    a("")
    a(f"- Python {python} (`python3.11`; set `PYTHON=...` for another path) with `venv`. Every Python "
      "package is pinned in `requirements.lock` and shipped as a wheel in `wheelhouse/` for "
      f"{host['os'].split(' (')[0]} on {platform.machine()}, CPython {'.'.join(host['python'].split('.')[:2])}.")
    a("- bash, coreutils (`sha256sum`), tar.")
    a(f"- Optional, for the paper's PDF: TeX Live with xelatex and latexmk (Debian: `apt-get install "
      f"--no-install-recommends {tex}`). Without it the HTML book is built and the PDF is skipped.")
    a("")
    a("### Controlled randomness")
    a("")
    a("- [x] The code draws no pseudo-random numbers (nothing to seed); the model fits are "
      "deterministic least-squares solutions.")
    a("")
    a("### Memory, runtime, storage requirements")
    a("")
    a(f"- Made on: {host['os']}, Python {host['python']}, {host['cores']} cores, {host['memory']} memory.")
    a(f"- Benchmark (`tools/benchmark.py`, measured on {bench['_mesin']}):")
    for k, v in bench.items():
        if not k.startswith("_"):
            a(f"  - {k}: {v}")
    a("- Installing the environment from `wheelhouse/` comes on top, once (not part of the benchmark).")
    a(f"- Storage, measured where the package was made: the unpacked archive "
      f"{_bytes(sum(sizes.get(k, 0) for k in ('repository', 'wheelhouse', 'reference')))}, the installed "
      f"environment {_bytes(sizes.get('environment', 0))}, the build outputs {_bytes(sizes.get('build', 0))}.")
    a("- Memory: not measured separately; the build ran within the machine's memory named above.")
    a("")
    a("## Description of programs/code")
    a("")
    a("- `build.sh`: installs the environment (from `wheelhouse/` when present) and runs the workflow.")
    a("- `src/kompendium/`: the Python package (BPS readers, tidy tables, models, chapter logic; command "
      "`kompendium`).")
    a("- `workflow/`: the Snakemake workflow; `config/config.yaml` its parameters. Rule files:")
    for path, judul, rules in _rule_files(root):
        a(f"  - `{path}`: {judul}. Rules: {', '.join(f'`{r}`' for r in rules) or '(includes only)'}.")
    a("- `notebooks/`: one notebook per book chapter, run by Papermill with parameters from the config:")
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        a(f"  - `notebooks/{nb.name}`: {_notebook_title(nb)}")
    a("- `tests/`: the test suite (`.venv/bin/python -m pytest`).")
    a("")
    a("### License for code")
    a("")
    lisensi_kode = re.search(r'^license = \{ text = "([^"]+)" \}',
                             (root / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    a(f"The code is licensed under the {lisensi_kode.group(1) if lisensi_kode else 'project'} license "
      "(`pyproject.toml`, `CITATION.cff`). BPS data remain © Badan Pusat Statistik.")
    a("")
    a("## Instructions to replicators")
    a("")
    a("```bash")
    a(f"tar -xzf {archive_name} && cd {folder}")
    a("sha256sum -c --quiet SHA256SUMS          # every file as packed")
    a("bash build.sh                            # environment from wheelhouse/ (no network), then the book")
    a(f".venv/bin/kompendium vintage compare --against {vintage}   # the build against the recorded numbers")
    a("```")
    a("")
    a("- `bash build.sh` creates `.venv` from `wheelhouse/` with `pip install --no-index` (it never contacts "
      "an index), runs the Snakemake workflow and, with TeX Live, the paper's PDF.")
    a("- The book is `book/_build/html/index.html`, the paper `book/_build/makalah/makalah.pdf`; compare "
      "them with `reference/html/index.html` and `reference/makalah.pdf`.")
    a(f"- `kompendium vintage compare --against {vintage}` lists every processed value, glued number or claim "
      "status that differs from the record; a faithful replication lists none.")
    a("- The archive has no `.git`: the rebuilt paper page names its commit as \"tanpa git\"; the commit is "
      f"`{commit}` (this file's title).")
    a("- `.venv/bin/python -m pytest -m 'not slow'` runs the unit tests offline.")
    a("")
    a("## List of tables and figures")
    a("")
    a("Read from the executed notebooks (`book/_generated`). *Program*: the notebook and the Snakemake rule "
      "that writes the output; tables are shown in the executed notebook and its HTML page "
      "(`book/_build/html/_generated/<page>.html#<label>`). Every program and output listed here is checked "
      "to exist when the package is made.")
    a("")
    artikel_ex = [e for e in exhibits if e.halaman == "makalah"]
    buku = [e for e in exhibits if e.halaman != "makalah" and not e.halaman.startswith("provinsi/")]
    prov = [e for e in exhibits if e.halaman.startswith("provinsi/")]
    kepala = ["exhibit", "page", "label", "caption", "program (notebook, rule)", "output"]
    for judul, daftar in (("The article (page *makalah*, and the PDF)", artikel_ex), ("Book chapters", buku),
                          (f"Province pages ({len({e.halaman for e in prov})} pages)", prov)):
        a(f"### {judul}")
        a("")
        L += _md_table(kepala, _baris_exhibit(daftar))
        a("")
    return "\n".join(L)


def _baris_exhibit(exhibits: Sequence[Exhibit]) -> list[tuple]:
    nomor = {"tabel": 0, "gambar": 0}
    baris = []
    for e in exhibits:
        nomor[e.jenis] += 1
        nama = "Table" if e.jenis == "tabel" else "Figure"
        baris.append((f"{nama} {nomor[e.jenis]}", e.halaman, f"`{e.label}`", e.judul,
                      f"`{e.notebook}`, rule `{e.rule}`", f"`{e.output}`"))
    return baris


def _per_folder(resources: Sequence[Mapping]) -> list[tuple[str, list[Mapping]]]:
    """The raw resources grouped by their folder of data/raw (one BPS table each), sorted by folder."""
    per: dict[str, list[Mapping]] = {}
    for r in resources:
        per.setdefault(r["path"].split("/")[0], []).append(r)
    return sorted(per.items())


def _tabel_bps(resources: Sequence[Mapping]) -> list[tuple]:
    """One row per BPS table folder (and the transcriptions folder): files, table, URL, dates, tiers."""
    baris = []
    for folder, rs in _per_folder(resources):
        tabel = sorted({str(r.get("bps_tabel")) for r in rs if r.get("bps_tabel") is not None})
        url = sorted({r["bps_url"] for r in rs if r.get("bps_url")})
        tanggal = sorted({r["tanggal_diperoleh"] for r in rs if r.get("tanggal_diperoleh")})
        tingkat = [t for t in sumber.TINGKAT if any(r["tingkat_sumber"] == t for r in rs)]
        kapan = " to ".join(dict.fromkeys([tanggal[0], tanggal[-1]])) if tanggal else ""
        baris.append((f"`{folder}/`", len(rs), "; ".join(tabel) or "(see datapackage.json)",
                      " ".join(url) or "(per file)", kapan, ", ".join(tingkat)))
    return baris


def _dataset_list(resources: Sequence[Mapping]) -> list[tuple]:
    baris = []
    for folder, rs in _per_folder(resources):
        judul = rs[0]["title"] if len(rs) == 1 else f"{len(rs)} files, e.g. {rs[0]['title']}"
        penerbit = ", ".join(dict.fromkeys(p for r in rs for p in r["penerbit_angka"]))
        baris.append((f"`data/raw/{folder}/`", penerbit, judul, "yes"))
    baris.append(("Susenas household file (optional)", "BPS", "licensed microdata, not used by the results shown",
                  "no"))
    return baris
