"""Raw files in, one tidy indicator table out.

Statistikbanken downloads in their many layouts (``statbank``,
``statbank_layout``), which series of a file is meant (``series_selection``,
``series_checks``), the municipality's person-level register extracts
(``registers``), the small-number rule applied where register values are made
(``disclosure``), the fetch from Statistikbanken's API (``fetch``,
``fetch_plan``), and the ingest that validates all of it into
``results/indicators.csv`` (``ingest``). Imports only ``shared``.
"""
