# One page per province: notebooks/provinsi.ipynb run by Papermill once per province.
#
# The province list comes from the region table (src/kompendium/data/wilayah.csv), which is known
# before any data is read and costs milliseconds at parse time; `prepare_province_pages` stops with
# the missing codes if the poverty tables hold another set of provinces.
# One job prepares every page's numbers and table, another draws every page's charts (matplotlib is
# imported once, not 38 times). Each province notebook only reads its summary, glues it and renders
# its prose (src/kompendium/provinsi/templates), so the notebooks run while the charts are drawn;
# the book waits for both.
from kompendium.provinsi.daftar import KABKOTA as PROVINSI_KABKOTA, TABEL as PROVINSI_TABEL
from kompendium.provinsi.daftar import daftar_provinsi, parameter_halaman

PROVINSI = daftar_provinsi()  # BPS code -> page slug
PROVINSI_KODE = {slug: kode for kode, slug in PROVINSI.items()}
PROVINSI_RINGKASAN = PROCESSED / "provinsi"
PROVINSI_GAMBAR = GENERATED / "figures" / "provinsi"
PROVINSI_INDEKS = GENERATED / "provinsi.md"
PROVINSI_HALAMAN = [str(GENERATED / "provinsi" / f"{slug}.ipynb") for slug in PROVINSI.values()]
# The modules the province jobs import and the page templates (not the whole package: a change to
# another chapter's module must not rerun 38 notebooks).
PROVINSI_TEMPLATES = sorted(str(p) for p in Path("src/kompendium/provinsi/templates").glob("*.j2"))
PROVINSI_CODE = sorted({
    *command_code("provinsi"),
    *PROVINSI_TEMPLATES,
})


rule prepare_province_pages:
    input:
        tables=[processed(t) for t in PROVINSI_TABEL.values()],
        code=PROVINSI_CODE,
    output:
        summaries=expand(PROVINSI_RINGKASAN / "{slug}.json", slug=PROVINSI.values()),
        table=PROVINSI_RINGKASAN / "indeks.csv",
        index=PROVINSI_INDEKS,
    params:
        data=PROCESSED,
        folder=PROVINSI_RINGKASAN,
    # First among the jobs that are ready: 38 notebooks wait for it.
    priority: 10
    # Slurm job peak (README): 0.48 GB, 1.9 min.
    resources:
        mem_mb=1000,
        runtime=5,
        cpus_per_task=1,
    log:
        LOGS / "prepare_province_pages.log",
    conda:
        ENV
    shell:
        "kompendium provinsi prepare {params.data} {params.folder} {output.index} "
        "> {log} 2>&1"


rule draw_province_charts:
    input:
        tables=[processed(t) for t in PROVINSI_TABEL.values()],
        code=PROVINSI_CODE,
    output:
        figures=directory(PROVINSI_GAMBAR),
    params:
        data=PROCESSED,
    # Only the book waits for the charts, but drawing them is the longest single job: start it early,
    # on half the cores, and let the notebooks and the poverty models run beside it.
    threads: max(1, workflow.cores // 2)
    priority: 10
    # Slurm job peak (README): 0.55 GB, 8.2 min (one process).
    resources:
        mem_mb=1000,
        runtime=30,
        cpus_per_task=lambda wildcards, threads: threads,
    log:
        LOGS / "draw_province_charts.log",
    conda:
        ENV
    shell:
        "kompendium provinsi draw {params.data} {output.figures} --processes {threads} "
        "> {log} 2>&1"


rule run_province_notebook:
    input:
        notebook="notebooks/provinsi.ipynb",
        summary=PROVINSI_RINGKASAN / "{slug}.json",  # one of rules.prepare_province_pages.output.summaries
        kabkota=lambda w: [processed(t) for k, t in PROVINSI_KABKOTA.items() if k == PROVINSI_KODE[w.slug]],
        code=[*notebook_code("notebooks/provinsi.ipynb"), *PROVINSI_TEMPLATES],
    output:
        notebook=GENERATED / "provinsi" / "{slug}.ipynb",
        figures=directory(GENERATED / "figures" / "kabkota" / "{slug}"),
        numbers=PROCESSED / "angka" / "provinsi" / "{slug}.json",
    params:
        cwd=GENERATED / "provinsi",
        parameter=lambda w: parameter_halaman(
            w.slug, PROVINSI_KODE[w.slug], config["provinsi"]["kabkota_sorot"]
        ),
    wildcard_constraints:
        slug="|".join(PROVINSI.values()),
    # Slurm job peak (README): 0.69 GB for a batch, 1.6-1.8 min per page.
    resources:
        mem_mb=1500,
        runtime=10,
        cpus_per_task=1,
    log:
        LOGS / "run_province_notebook" / "{slug}.log",
    run:
        # As run_notebook (notebooks.smk): in Snakemake's threads, with a warm kernel.
        from kompendium.notebook import run_workflow_job

        # The kabupaten/kota chart folder exists (empty) for provinces without such data.
        Path(output.figures).mkdir(parents=True, exist_ok=True)
        run_workflow_job(input.notebook, output.notebook, params.parameter, params.cwd, log[0],
                         config["notebook"])
