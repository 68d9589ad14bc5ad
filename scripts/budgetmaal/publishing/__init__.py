"""What a reader sees: charts, texts, reports, workbook, overview.

The trajectory charts as SVG (``charts``), the Danish sentences of a goal
card (``narrative``), everything the template needs (``report_context``),
the HTML and the tagged PDF (``render``, ``pdf_tagging``), the Excel workbook
(``workbook``), the national overview (``overview``) and the ingest's
validation page (``validation_report``). Imports the stages above it.
"""
