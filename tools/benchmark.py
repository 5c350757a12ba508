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

Every figure comes with the CPU seconds it took (this process's children: Snakemake, its jobs and
kernels), which a loaded machine changes far less than wall seconds. After the table, the full build's
per-rule report (`kompendium timing report`: jobs, wall and CPU seconds per rule, critical path).

`--scale 152 514`: scaling. For each number of province pages, a copy of the built project gets
synthetic pages, copies of real provinces in turn (`aceh-salinan-1` is Aceh's page again: same summary
and charts, its own notebook run, glued numbers and kabupaten/kota chart), and is rebuilt: the new
notebooks and the book. Printed: the rebuild, the mean province notebook job at 38 pages and for the
new ones (equal if the cost is linear), and the book job's cost per extra page.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from kompendium import salinan, timing
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


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's children that have ended, and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# Projects whose build failed: the throwaway copies are then kept.
KEEP: list[Path] = []
# CPU seconds of the last `run` (Snakemake, its jobs, their kernels).
LAST_CPU = [0.0]


def run(cmd: list[str], cwd: Path) -> tuple[float, str]:
    """Run a command, return (seconds, stdout+stderr); stop the benchmark if it fails. Its CPU
    seconds are left in LAST_CPU[0]."""
    cpu = children_cpu()
    start = time.perf_counter()
    res = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    LAST_CPU[0] = children_cpu() - cpu
    if res.returncode != 0:
        sys.exit(f"{' '.join(cmd[:3])} … gagal di {cwd} ({res.returncode}):\n"
                 f"{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    return seconds, res.stdout + res.stderr


def timed_build(project: Path, cores: int) -> tuple[float, float, str]:
    """A full build through `kompendium timing build` (the shell jobs' CPU recorded): (wall seconds,
    CPU seconds, the per-rule report)."""
    code = timing.timed_build(["--cores", str(cores), "--quiet"], project, snakemake=str(BIN / "snakemake"), env=ENV)
    if code != 0:
        KEEP.append(project)  # the copies are kept for a look at the failure
        newest = max((project / "logs").rglob("*.log"), key=lambda f: f.stat().st_mtime, default=None)
        tail = newest.read_text(encoding="utf-8", errors="replace")[-3000:] if newest else ""
        sys.exit(f"snakemake gagal di {project} ({code}); log terbaru {newest}:\n{tail}")
    build = timing.read_build_record(project)
    return build["wall"], build["cpu"], timing.report(project)


# Added to a copy's workflow/rules/provinsi.smk by `add_synthetic_provinces`: page slug -> the real
# province it copies. Its parameters are the real page's, except its own glued numbers and charts.
SCALING_CODE = """
# --- tools/benchmark.py --scale: synthetic province pages (copies of real provinces) ---
SALINAN_ASLI = {salinan!r}
PROVINSI_KODE.update({{s: PROVINSI_KODE[asli] for s, asli in SALINAN_ASLI.items()}})
PROVINSI_SEMUA = [*PROVINSI.values(), *SALINAN_ASLI]
_parameter_halaman_asli = parameter_halaman


def parameter_halaman(slug, kode, sorot, kabkota=None):
    asli = SALINAN_ASLI.get(slug, slug)
    p = _parameter_halaman_asli(asli, kode, sorot, kabkota)
    if asli != slug:
        p["numbers_path"] = f"../../../data/processed/angka/provinsi/{{slug}}.json"
        p["figures_dir"] = f"../figures/kabkota/{{slug}}"
        p["ringkasan_path"] = f"../../../data/processed/provinsi/{{slug}}.json"
    return p
"""
# Text in the copy's rule files -> what replaces it (after SCALING_CODE is added).
SCALING_PATCHES = {
    "provinsi.smk": {
        "PROVINSI_KODE = {slug: kode for kode, slug in PROVINSI.items()}\n": None,  # SCALING_CODE after it
        'slug="|".join(PROVINSI.values()),': 'slug="|".join(PROVINSI_SEMUA),',
    },
    "book.smk": {"slug=PROVINSI.values()": "slug=PROVINSI_SEMUA"},
}


def add_synthetic_provinces(project: Path, pages: int) -> int:
    """Make the copy of a built project build `pages` province pages: the real ones and synthetic
    copies of them in turn. Returns the number of real pages."""
    from kompendium.provinsi.daftar import daftar_provinsi

    real = list(daftar_provinsi().values())
    if pages < len(real):
        sys.exit(f"--scale {pages}: kurang dari {len(real)} halaman provinsi yang sebenarnya")
    extra = {f"{real[k % len(real)]}-salinan-{k // len(real) + 1}": real[k % len(real)]
             for k in range(pages - len(real))}
    for name, patches in SCALING_PATCHES.items():
        path = project / "workflow" / "rules" / name
        teks = path.read_text(encoding="utf-8")
        for old, new in patches.items():
            if teks.count(old) != 1:
                sys.exit(f"{path}: {old!r} tidak ditemukan tepat sekali; perbarui SCALING_PATCHES")
            teks = teks.replace(old, old + SCALING_CODE.format(salinan=extra) if new is None else new)
        path.write_text(teks, encoding="utf-8")
    # Each synthetic page's summary: the real one's, under its own slug, which names its figures
    # (`fig-<slug>-p0`: Sphinx refuses two figures of one name). Not made by any rule: a source file.
    summaries = project / "data" / "processed" / "provinsi"
    for slug, asli in extra.items():
        ringkasan = json.loads((summaries / f"{asli}.json").read_text(encoding="utf-8"))
        ringkasan["teks"]["slug"] = slug
        (summaries / f"{slug}.json").write_text(json.dumps(ringkasan, ensure_ascii=False), encoding="utf-8")
    return len(real)


def rule_row(report: str, rule: str) -> tuple[int, float, float]:
    """(jobs, wall s, CPU s) of one rule in a `kompendium timing report`."""
    m = re.search(rf"^{rule}\s+(\d+)\s+([0-9.]+)\s+[0-9.]+\s+([0-9.]+)", report, flags=re.MULTILINE)
    if not m:
        sys.exit(f"rule {rule} tidak ada di laporan:\n{report}")
    return int(m.group(1)), float(m.group(2)), float(m.group(3))


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


def naive_build(built: Path, dest: Path, cores: int) -> tuple[float, float, int, float, float]:
    """Jupyter Book executing every notebook itself (execute_notebooks: force), timed; and the
    data steps run one at a time, timed separately: (book s, data s, notebooks, book CPU s, data CPU s)."""
    shutil.copytree(built, dest, symlinks=True, ignore=shutil.ignore_patterns(".snakemake", "_build"))
    data_steps, _ = run([str(BIN / "snakemake"), "--cores", "1", "--forceall", "--omit-from",
                         "run_notebook", "run_province_notebook", "build_book"], dest)
    data_cpu = LAST_CPU[0]
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
    return seconds, data_steps, len(notebooks), LAST_CPU[0], data_cpu


def copy_built(built: Path, dest: Path) -> Path:
    """A copy of a built project, outputs, Snakemake's records and file times included."""
    shutil.copytree(built, dest, symlinks=True)
    return dest


def scale(built: Path, work: Path, pages: int, cores: int, base_report: str) -> list[str]:
    """Add synthetic pages to a copy of the built 38-page project up to `pages` and rebuild it: only the
    new pages and the book run. Lines comparing their cost with the 38-page full build's report."""
    project = copy_built(built, work / f"scale-{pages}")
    n_real = add_synthetic_provinces(project, pages)
    wall, cpu, report = timed_build(project, cores)
    extra = pages - n_real
    notebook = "run_province_notebook"
    (n0, w0, c0), (n1, w1, c1) = rule_row(base_report, notebook), rule_row(report, notebook)
    (_, b0, bc0), (_, b1, bc1) = rule_row(base_report, "build_book"), rule_row(report, "build_book")
    return [
        f"{pages} province pages ({extra} synthetic, added to the built 38): rebuild {wall:.1f} s wall, "
        f"{cpu:.1f} s CPU; beyond the 38-page book job: {(wall - b0) / extra:.2f} s wall, "
        f"{(cpu - bc0) / extra:.2f} s CPU per extra page",
        f"  province notebook job, mean: {w0 / n0:.2f} s wall, {c0 / n0:.2f} s CPU at 38 pages; "
        f"{w1 / n1:.2f} s, {c1 / n1:.2f} s for the {n1} new ones",
        f"  build_book (Sphinx): {b0:.1f} s wall, {bc0:.1f} s CPU at 38 pages; {b1:.1f} s, {bc1:.1f} s at "
        f"{pages}: {(b1 - b0) / extra:.3f} s wall, {(bc1 - bc0) / extra:.3f} s CPU per extra page",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway copies")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive build")
    parser.add_argument("--scale", type=int, nargs="+", default=[], metavar="PAGES",
                        help="also rebuild copies with this many province pages (e.g. 152 514)")
    parser.add_argument("--built", type=Path, metavar="DIR",
                        help="start from a copy of this project, fully built by `kompendium timing build` "
                             "(its figures stand for the full build) instead of building a fresh copy")
    args = parser.parse_args()
    smk = [str(BIN / "snakemake"), "--cores", str(args.cores)]

    work = Path(tempfile.mkdtemp(prefix="kompendium-bench-"))
    try:
        if args.built:
            project = copy_built(args.built.resolve(), work / "project")
            record = timing.read_build_record(project)
            if record is None:
                sys.exit(f"{args.built}: no logs/timing/build.json (build it with `kompendium timing build`)")
            full, full_cpu, report = record["wall"], record["cpu"], timing.report(project)
        else:
            project = copy_project(work / "project")
            full, full_cpu, report = timed_build(project, args.cores)
        n_full = len(timing.last_build(timing.read_jobs(project), since=timing.read_build_record(project)["start"]))
        nothing, log = run(smk, project)
        nothing_cpu = LAST_CPU[0]
        if "Nothing to be done" not in log:
            sys.exit(f"rebuild with nothing changed did something:\n{log[-3000:]}")
        scaling = [line for pages in args.scale for line in scale(project, work, pages, args.cores, report)]
        naive = naive_data = naive_n = None
        if not args.no_naive:
            # From the full build's outputs, before the raw change below.
            naive, naive_data, naive_n, naive_cpu, naive_data_cpu = naive_build(project, work / "naive", args.cores)
        what = change_raw_file(project)
        changed, log = run(smk, project)
        changed_cpu = LAST_CPU[0]
        rerun = jobs_run(log)

        load = os.getloadavg()[0]
        print(f"\nBenchmark: {args.cores} core(s) (os.cpu_count()={os.cpu_count()}), "
              f"load average now {load:.2f}")
        print(f"{'measure':<52} {'wall s':>10} {'CPU s':>10}")
        print(f"{'full build after set-up':<52} {full:>10.1f} {full_cpu:>10.1f}")
        print(f"{'  jobs in the full build':<52} {n_full:>10d}")
        print(f"{'rebuild, nothing changed':<52} {nothing:>10.2f} {nothing_cpu:>10.2f}")
        print(f"{'rebuild after changing one raw file':<52} {changed:>10.1f} {changed_cpu:>10.1f}")
        print(f"{'  jobs rerun':<52} {sum(rerun.values()):>10d}")
        if naive is not None:
            print(f"{'naive: Jupyter Book executes the notebooks':<52} {naive:>10.1f} {naive_cpu:>10.1f}")
            print(f"{'  notebooks it executed':<52} {naive_n:>10d}")
            print(f"{'naive: data steps one at a time':<52} {naive_data:>10.1f} {naive_data_cpu:>10.1f}")
            print(f"{'naive / ours, notebooks only':<52} {naive / full:>10.2f} {naive_cpu / full_cpu:>10.2f}")
            print(f"{'naive / ours, whole book':<52} {(naive + naive_data) / full:>10.2f} "
                  f"{(naive_cpu + naive_data_cpu) / full_cpu:>10.2f}")
        print(f"\nraw file changed: {what}")
        print("jobs rerun: " + ", ".join(f"{r} x{n}" for r, n in sorted(rerun.items())))
        print(f"\nWhere the full build's time went (kompendium timing report):\n{report}")
        if scaling:
            print("\nScaling (synthetic pages added to a copy of the full build; its figures are the 38-page ones):")
            print("\n".join(scaling))
    finally:
        if args.keep or KEEP:
            print(f"copies kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
