# executed notebooks + pages -> HTML. Jupyter Book never executes (execute_notebooks: off).


rule build_book:
    input:
        # Functions: read once every rule file is included (the registry may fill after this file).
        notebooks=lambda w: [str(GENERATED / f"{chapter}.ipynb") for chapter in sorted(NOTEBOOKS)],
        pages=book_sources(),
        provinces=lambda w: [
            *expand(rules.run_province_notebook.output.notebook, slug=PROVINSI.values()),
            rules.prepare_province_pages.output.index,
            rules.draw_province_charts.output.figures,
        ],
        settings=["book/_config.yml", "book/_toc.yml", "references.bib", "config/config.yaml"],
    output:
        index="book/_build/html/index.html",
    # Slurm job peak (README): 0.49 GB, about 3 min.
    resources:
        mem_mb=1500,
        runtime=30,
        cpus_per_task=1,
    log:
        LOGS / "build_book.log",
    conda:
        ENV
    shell:
        # -W -n --keep-going: a missing glue key or broken reference fails the build (its log is
        # shown by show-failed-logs in the workflow profile).
        "jupyter-book build book -W -n --keep-going > {log} 2>&1"
