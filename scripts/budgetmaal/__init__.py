"""Budgetmål: progress toward a municipality's social goals, as a Danish report.

The subpackages follow the pipeline, and each imports only from those above it
in this list:

- ``shared``: the vocabulary every stage speaks (statuses, units, Danish
  numbers, geographies, the catalogue, input problems, safe text, atomic files);
- ``reading``: raw files in (Statistikbanken downloads, registers, the fetch),
  one tidy indicator table out, small register numbers hidden on the way;
- ``assessing``: targets and progress (status, pace, projection), last year's
  table, which targets each geography and report has;
- ``publishing``: charts, texts, the report's HTML and PDF, workbook, overview;
- ``checking``: the machine checks of what was published (PDF/UA, contrast);
- ``running``: the run itself (config checked at load, each geography's job,
  locks, unfinished jobs, provenance).

The rule scripts in ``scripts/`` are thin adapters over these modules.
"""
