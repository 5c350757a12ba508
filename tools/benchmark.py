"""How fast the book builds: run `python tools/benchmark.py` from the repository root.

Works on a throwaway copy of the repository (the files a fresh clone has, as in tests/conftest.py)
and prints, in one run on the shipped data:

1. the full build (`snakemake --cores N` from raw data to HTML, after set-up: the copy exists);
2. the rebuild with nothing changed;
3. the rebuild after changing one raw file (one Lampung kabupaten/kota value, its sha256 re-recorded
   in data/raw/datapackage.json, as `kompendium data add` would), with the jobs that reran;
4. the naive build of the same book: every notebook prepared by `papermill --prepare-only` with the
   parameters the workflow uses (injected, not executed) into a copy of the built book, and
   `jupyter-book build` executing all of them itself (`execute_notebooks: force`), as a ratio to 1.

What each side executes, to read the ratios honestly: ours reads every raw BPS file, runs every
workflow job (intermediate tables, the one job that draws all province charts) and every notebook,
then renders. Two naive figures are printed:
- "notebooks only": Jupyter Book executes the notebooks and renders, starting from our processed
  tables and precomputed province summaries (a lower bound for the naive way);
- "whole book": the same plus the data steps run one after another (`snakemake --cores 1` up to,
  not including, the notebooks), which a plain Jupyter Book without a workflow would also have to do.
It prints figures; it is not a timed test.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from kompendium import salinan
from kompendium.provenance import record_resource

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # this environment's snakemake, papermill, jupyter-book
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
# The raw file changed in step 3, and the value changed in it (Pringsewu, latest year).
RAW_TABLE = "p0_kabkota_lampung"
BARIS = "Pringsewu,"


def copy_project(dest: Path) -> Path:
    """Copy this project as a fresh clone would have it (no build outputs)."""
    return salinan.copy_project(ROOT, dest)


def run(cmd: list[str], cwd: Path) -> tuple[float, str]:
    """Run a command, return (seconds, stdout+stderr); stop the benchmark if it fails."""
    start = time.perf_counter()
    res = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if res.returncode != 0:
        sys.exit(f"{' '.join(cmd[:3])} … gagal di {cwd} ({res.returncode}):\n"
                 f"{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return seconds, res.stdout + res.stderr


def jobs_run(log: str) -> dict[str, int]:
    """Rules Snakemake ran and how often, from its log (`rule x:` / `localrule x:` lines)."""
    counts: dict[str, int] = {}
    for rule in re.findall(r"^(?:local)?rule (\w+):$", log, flags=re.MULTILINE):
        counts[rule] = counts.get(rule, 0) + 1
    counts.pop("all", None)  # the target rule runs nothing
    return counts


def change_raw_file(project: Path) -> str:
    """Change one value of the newest Lampung kab/kota file and re-record its sha256."""
    raw = project / "data" / "raw"
    path = sorted((raw / RAW_TABLE).iterdir())[-1]
    teks = path.read_text(encoding="utf-8-sig")
    baris = next(b for b in teks.splitlines() if b.startswith(BARIS))
    nilai = float(baris.split(",")[1])
    baru = f"{BARIS}{nilai + 0.01:.2f}"
    path.write_bytes(path.read_bytes().replace(baris.encode(), baru.encode(), 1))
    record_resource(raw, path)
    return f"{path.relative_to(project)}: {baris} -> {baru}"


def executed_notebooks(project: Path) -> list[tuple[str, Path, dict]]:
    """(source notebook, executed copy, parameters) of every notebook the full build ran.

    Papermill records the source and the parameters in each executed notebook's metadata.
    """
    import nbformat

    hasil = []
    for path in sorted((project / "book" / "_generated").rglob("*.ipynb")):
        meta = nbformat.read(path, as_version=4).metadata.get("papermill", {})
        if meta.get("input_path"):
            hasil.append((meta["input_path"], path.relative_to(project), dict(meta.get("parameters", {}))))
    if not hasil:
        sys.exit(f"tidak ada buku catatan hasil Papermill di {project / 'book' / '_generated'}")
    return hasil


def naive_build(built: Path, dest: Path, cores: int) -> tuple[float, float, int]:
    """Jupyter Book executing every notebook itself (execute_notebooks: force), timed; and the
    data steps run one at a time, timed separately."""
    shutil.copytree(built, dest, symlinks=True, ignore=shutil.ignore_patterns(".snakemake", "_build"))
    data_steps, _ = run([str(BIN / "snakemake"), "--cores", "1", "--forceall", "--omit-from",
                         "run_notebook", "run_province_notebook", "build_book"], dest)
    notebooks = executed_notebooks(dest)
    for src, dst, parameters in notebooks:
        params = dest / ".bench_params.yaml"
        params.write_text(yaml.safe_dump(parameters, allow_unicode=True), encoding="utf-8")
        run([str(BIN / "papermill"), "--prepare-only", src, str(dst), "-f", str(params)], dest)
    config = dest / "book" / "_config.yml"
    teks = config.read_text(encoding="utf-8")
    teks = teks.replace('execute_notebooks: "off"', 'execute_notebooks: "force"\n  timeout: 600')
    if 'execute_notebooks: "force"' not in teks:
        sys.exit(f"{config}: baris execute_notebooks tidak ditemukan")
    config.write_text(teks, encoding="utf-8")
    seconds, _ = run([str(BIN / "jupyter-book"), "build", "book", "-W", "-n", "--keep-going"], dest)
    return seconds, data_steps, len(notebooks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway copies")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive build")
    args = parser.parse_args()
    smk = [str(BIN / "snakemake"), "--cores", str(args.cores)]

    work = Path(tempfile.mkdtemp(prefix="kompendium-bench-"))
    try:
        project = copy_project(work / "project")
        full, log = run(smk, project)
        n_full = sum(jobs_run(log).values())
        nothing, log = run(smk, project)
        if "Nothing to be done" not in log:
            sys.exit(f"rebuild with nothing changed did something:\n{log[-3000:]}")
        naive = naive_data = naive_n = None
        if not args.no_naive:
            # From the full build's outputs, before the raw change below.
            naive, naive_data, naive_n = naive_build(project, work / "naive", args.cores)
        what = change_raw_file(project)
        changed, log = run(smk, project)
        rerun = jobs_run(log)

        load = os.getloadavg()[0]
        print(f"\nBenchmark: {args.cores} core(s) (os.cpu_count()={os.cpu_count()}), "
              f"load average now {load:.2f}")
        print(f"{'measure':<52} {'value':>10}")
        print(f"{'full build after set-up (s)':<52} {full:>10.1f}")
        print(f"{'  jobs in the full build':<52} {n_full:>10d}")
        print(f"{'rebuild, nothing changed (s)':<52} {nothing:>10.2f}")
        print(f"{'rebuild after changing one raw file (s)':<52} {changed:>10.1f}")
        print(f"{'  jobs rerun':<52} {sum(rerun.values()):>10d}")
        if naive is not None:
            print(f"{'naive: Jupyter Book executes the notebooks (s)':<52} {naive:>10.1f}")
            print(f"{'  notebooks it executed':<52} {naive_n:>10d}")
            print(f"{'naive: data steps one at a time (s)':<52} {naive_data:>10.1f}")
            print(f"{'naive / ours, notebooks only':<52} {naive / full:>10.2f}")
            print(f"{'naive / ours, whole book':<52} {(naive + naive_data) / full:>10.2f}")
        print(f"\nraw file changed: {what}")
        print("jobs rerun: " + ", ".join(f"{r} x{n}" for r, n in sorted(rerun.items())))
    finally:
        if args.keep:
            print(f"copies kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
