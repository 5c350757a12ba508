"""The article's numbers, checked. One job per module:

- :mod:`~kompendium.klaim.kontrak`: the four statuses, the columns of claims_audit.csv, a checker's result;
- :mod:`~kompendium.klaim.registry`: reading and checking the registry (src/kompendium/data/klaim.yaml);
- :mod:`~kompendium.klaim.seri`: the series read from the processed tables (shared with the conclusions);
- :mod:`~kompendium.klaim.checkers`: one checker per kind of claim;
- :mod:`~kompendium.klaim.audit`: claims_audit.csv and the findings behind it;
- :mod:`~kompendium.klaim.presentation`: status badges, the audit table and the findings in the book.

Nothing is imported here, so that the command line does not load the plotting stack to write a CSV.
"""
