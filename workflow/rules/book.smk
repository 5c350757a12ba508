# executed notebooks + pages -> HTML. Jupyter Book never executes (execute_notebooks: off).


rule build_book:
    input:
        notebooks=expand(GENERATED / "{chapter}.ipynb", chapter=NOTEBOOKS),
        pages=book_sources(),
        provinces=[*PROVINSI_HALAMAN, PROVINSI_INDEKS, PROVINSI_GAMBAR],
        settings=["book/_config.yml", "book/_toc.yml", "references.bib", "config/config.yaml"],
    output:
        index="book/_build/html/index.html",
    log:
        LOGS / "build_book.log",
    conda:
        ENV
    shell:
        # -W -n --keep-going: a missing glue key or broken reference fails the build.
        "jupyter-book build book -W -n --keep-going > {log} 2>&1 "
        "|| (grep -E 'WARNING|ERROR' {log} >&2; exit 1)"
