"""Province pages: one page per province, all made from notebooks/provinsi.ipynb.

One job per module:

- :mod:`.daftar`: the provinces, their page names and the Papermill parameters of each page. The
  Snakefile imports it at parse time, so it imports neither pandas nor matplotlib.
- :mod:`.ringkasan`: every number a page cites (one summary per province), the index table, and the
  ``prepare_province_pages`` job that writes them.
- :mod:`.grafik`: the charts and the ``draw_province_charts`` job.
- :mod:`.teks`: the page prose and the index page, rendered from the Jinja2 templates in
  ``templates/``.
- :mod:`.halaman`: what the notebook does with a summary: read it, glue it, show its table.

This file imports nothing, so that importing one module stays as cheap as that module.
"""
