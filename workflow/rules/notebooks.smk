# processed -> executed notebooks: Papermill runs each chapter with parameters from config.
# Snakemake is the only thing that executes notebooks; the book only renders them.

register_notebook(
    "urbanisasi",
    inputs=[processed("bps_1276_penduduk_perkotaan")],
    params={
        "provinsi_sorot": config["urbanisasi"]["provinsi_sorot"],
        "tahun_artikel": config["urbanisasi"]["tahun_artikel"],
    },
)


rule run_notebook:
    input:
        notebook="notebooks/{chapter}.ipynb",
        data=lambda w: NOTEBOOKS[w.chapter]["inputs"],
        code=KOMPENDIUM_CODE,
    output:
        notebook=GENERATED / "{chapter}.ipynb",
        figures=directory(GENERATED / "figures" / "{chapter}"),
        numbers=PROCESSED / "angka" / "{chapter}.json",
    params:
        cwd=GENERATED,
        yaml=lambda w: notebook_params(w.chapter),
    wildcard_constraints:
        chapter="|".join(NOTEBOOKS),
    log:
        LOGS / "run_notebook" / "{chapter}.log",
    conda:
        ENV
    shell:
        "kompendium notebook run {input.notebook} {output.notebook} --cwd {params.cwd} "
        "--parameters {params.yaml:q} > {log} 2>&1 || (tail -n 40 {log} >&2; exit 1)"
