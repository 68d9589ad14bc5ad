"""Machine checks of the published files.

The PDF/UA conditions of the Matterhorn protocol a report must pass
(``pdf_ua``) and the WCAG colour contrast of its palette (``contrast``). Used
by the tests and ``tools/check_accessibility.py``, not by the rules.
"""
