"""The vocabulary every stage speaks, at the bottom of the package.

Statuses and units (``vocabulary``), Danish numbers and dates
(``formatting``), the input problems that become Danish messages
(``problems``), text that is safe in HTML, PDF and spreadsheets
(``safe_text``), the geography list (``geography``), the indicator catalogue
(``catalogue``), and files written atomically with a log (``outputs``).
Imports nothing of the package outside this folder.
"""
