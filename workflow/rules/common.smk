# Paths, the raw-data check and helpers shared by every rule file.
from functools import cache
from pathlib import Path

import yaml

from kompendium.imports import notebook_source_files, source_files, use_cache
from kompendium.provenance import load_datapackage, verify_raw

RAW = Path("data/raw")
PROCESSED = Path("data/processed")
GENERATED = Path("book/_generated")
LOGS = Path("logs")
ENV = "../../environment.yml"

# Stop before anything runs when a raw file differs from its recorded sha256,
# or when data/raw holds a file that datapackage.json does not describe.
verify_raw(RAW)

# Every BPS table is one folder of data/raw (one file per year, as BPS serves them).
BPS_TABLES = sorted(
    p.name for p in RAW.iterdir() if p.is_dir() and p.name != "transkripsi"
)

# A rule's code is the package files its module imports, directly or not (read from the import
# statements, nothing imported): a change to a module reruns only the jobs that run it.
SOURCE = Path("src/kompendium")
# What each module imports, kept between runs (keyed by the module's sha256): parse time counts.
use_cache(".snakemake/kompendium_imports.json")
# The claims registry: the audit, the conclusions and the paper read it.
REGISTRI = SOURCE / "data" / "klaim.yaml"


def code(*modules: str) -> list[str]:
    """Package files run by the modules kompendium.<module>... (their import closure, data files included).

    A subpackage named whole (``"klaim"``) stands for all its modules and templates: its
    ``__init__`` imports nothing, and the command that runs it imports the modules one by one."""
    names, templates = [], []
    for m in modules:
        folder = SOURCE / m.replace(".", "/")
        if folder.is_dir():
            names += [f"kompendium.{m}.{p.stem}" for p in sorted(folder.glob("*.py")) if p.stem != "__init__"]
            templates += [str(p) for p in sorted(folder.glob("templates/*"))]
        names.append(f"kompendium.{m}")
    return sorted({*source_files(*names, source=SOURCE), *templates})


def command_code(*modules: str) -> list[str]:
    """Code of a shell rule: `kompendium ...` goes through cli.py, which imports `modules` for it."""
    return sorted({str(SOURCE / "cli.py"), *code(*modules)})


def notebook_code(notebook: str | Path) -> list[str]:
    """Code of a notebook job: what its cells import, and the runner (Papermill, warm kernels)."""
    return sorted({*notebook_source_files(notebook, source=SOURCE), *code("notebook")})


# Chapters run by the generic `run_notebook` rule: name -> the files it reads and its parameters.
# Rules read it only inside input functions, evaluated once every rule file is included, so a rule
# file may register its chapter before or after notebooks.smk and book.smk.
NOTEBOOKS: dict[str, dict] = {}


def register_notebook(chapter: str, inputs: list, params: dict) -> None:
    """Declare a chapter notebook (notebooks/<chapter>.ipynb): its input files and parameters."""
    if chapter in NOTEBOOKS:
        raise ValueError(f"register_notebook: bab {chapter!r} sudah terdaftar")
    NOTEBOOKS[chapter] = {"inputs": [str(p) for p in inputs], "params": params}


def notebook_inputs(chapter: str) -> list[str]:
    """The files a registered chapter reads. For a name nobody registered, one missing file whose
    name says so: Snakemake then reports it (or, for a path another rule makes, picks that rule)."""
    if chapter not in NOTEBOOKS:
        return [f"notebooks/{chapter}.ipynb is not registered (register_notebook in workflow/rules)"]
    return NOTEBOOKS[chapter]["inputs"]


def processed(table: str) -> Path:
    """The tidy CSV of one BPS table folder."""
    return PROCESSED / f"{table}.csv"


def raw_files(table: str) -> list[str]:
    """The raw files of one BPS table folder."""
    return sorted(str(p) for p in (RAW / table).iterdir() if p.is_file())


@cache
def datapackage() -> dict:
    """data/raw/datapackage.json (700 kB), read once per run, not once per job: parse time counts."""
    return load_datapackage(RAW)


def recorded_hashes(table: str) -> dict[str, str]:
    """sha256 recorded for one table's files, so a re-recorded hash reruns its reader."""
    package = datapackage()
    prefix = f"{table}/"
    return {
        r["path"]: r["hash"]
        for r in package["resources"]
        if r["path"].startswith(prefix)
    }


def recorded_resource(path: str) -> dict:
    """The datapackage entry of one raw file (hash, schema): a param, so only its own change reruns."""
    return next(r for r in datapackage()["resources"] if r["path"] == path)


def notebook_params(chapter: str) -> dict:
    """Papermill parameters of one chapter."""
    # Paths are relative to book/_generated, where Papermill runs the notebook.
    paths = {
        "data_dir": "../../data/processed",
        "figures_dir": f"figures/{chapter}",
        "numbers_path": f"../../data/processed/angka/{chapter}.json",
    }
    return {**paths, **NOTEBOOKS.get(chapter, {}).get("params", {})}


def book_sources() -> list[str]:
    """Hand-written book files: pages, styles, templates, translations and the Sphinx extension."""
    patterns = ["*.md", "_static/*", "_ext/*.py", "_templates/*.html", "_locale/*/LC_MESSAGES/*.po"]
    return sorted(str(p) for pattern in patterns for p in Path("book").glob(pattern) if p.is_file())


# Which raw files each book page is built from (appendix *Sumber data*): traced through the rules.
def _raw_behind(path, memo):
    """The raw files (paths relative to data/raw) a workflow file is made from."""
    path = str(path)
    if path not in memo:
        memo[path] = set()  # also guards against a cycle
        if Path(path).parts[: len(RAW.parts)] == RAW.parts:
            memo[path] = {Path(path).relative_to(RAW).as_posix()}
        else:
            for producer in workflow.rules:
                if producer.name != "map_raw_sources" and producer.is_producer(path):
                    inputs = producer.expand_input(producer.get_wildcards(path))[0]
                    memo[path] = set().union(set(), *(_raw_behind(f, memo) for f in inputs))
                    break
    return memo[path]


def raw_files_by_page():
    """The raw files each book page (chapter name, or provinsi/<slug>) is built from, and those of
    each processed table on the way (by file stem): {"halaman": {...}, "tabel": {...}}, sorted."""
    recorded = {r["path"] for r in datapackage()["resources"]}
    pages = {c: GENERATED / f"{c}.ipynb" for c in NOTEBOOKS if c != "sumber_data"}
    pages |= {f"provinsi/{Path(p).stem}": p for p in PROVINSI_HALAMAN}
    memo = {}
    halaman = {page: sorted(_raw_behind(nb, memo) & recorded) for page, nb in pages.items()}
    tabel = {
        Path(path).stem: sorted(raw & recorded)
        for path, raw in sorted(memo.items())
        if Path(path).parent == PROCESSED and Path(path).suffix == ".csv"
    }
    return {"halaman": halaman, "tabel": tabel}


def write_source_map(path, log, pages: dict) -> None:
    """Write the page -> raw files map of the appendix *Sumber data*, and a one-line log."""
    from kompendium.atomic import write_json, write_text

    write_json(path, pages)
    write_text(log, f"{len(pages['halaman'])} halaman, {len(pages['tabel'])} tabel\n")
