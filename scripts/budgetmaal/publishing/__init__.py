"""What a reader sees: charts, texts, reports, workbook, overview.

The trajectory charts as SVG (``charts``), the Danish sentences of a goal
card (``narrative``), everything the template needs (``report_context``),
the HTML and the tagged PDF (``render``, ``pdf_tagging``), the Excel workbook
(``workbook``), the national overview (``overview``), the ingest's
validation page (``validation_report``), and the static site of a run: what
each page shows (``site_context``) and the pages and files (``site``).
Imports the stages above it.
"""
