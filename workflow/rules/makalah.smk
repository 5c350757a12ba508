# The reproduced paper: a page of the book (notebooks/makalah.ipynb, run by `run_notebook`) and a PDF
# of that page alone (Jupyter Book's LaTeX builder, xelatex). The PDF needs TeX Live, so it is not part
# of `all`: `bash build.sh` asks for it when xelatex is installed (`snakemake paper_pdf`).
# The paper reads only contract files and the claims registry (REGISTRI, from common.smk).
PAPER_PDF = Path("book/_build/makalah/makalah.pdf")

register_notebook(
    "makalah",
    inputs=[
        PROCESSED / "claims_audit.csv",
        processed("bps_1276_penduduk_perkotaan"),
        PROCESSED / "hampir_miskin.csv",
        REGISTRI,
        "CITATION.cff",
    ],
    params={
        "tahun_artikel": config["urbanisasi"]["tahun_artikel"],
        "data_vintage": config["data_vintage"],
    },
)


rule build_paper_pdf:
    input:
        notebook=GENERATED / "makalah.ipynb",
        figures=GENERATED / "figures" / "makalah",
        settings=["book/_config_makalah.yml", "book/_toc_makalah.yml", "book/_latex/bbm.sty",
                  "book/_latex/pustaka.md", "book/_ext/kompendium_sphinx.py", "references.bib"],
    output:
        pdf=PAPER_PDF,
    params:
        out=PAPER_PDF.parent,
    log:
        LOGS / "build_paper_pdf.log",
    conda:
        ENV
    shell:
        # Jupyter Book resolves --config and --toc against the source folder: absolute paths.
        "(jupyter-book build book --builder pdflatex --all --config \"$PWD/book/_config_makalah.yml\" "
        "--toc \"$PWD/book/_toc_makalah.yml\" --path-output {params.out:q} "
        "&& cp {params.out:q}/_build/latex/makalah.pdf {output.pdf:q}) > {log} 2>&1 "
        "|| (tail -n 40 {log} >&2; exit 1)"


rule paper_pdf:
    """Target name for build.sh: the paper's PDF."""
    input:
        PAPER_PDF,
