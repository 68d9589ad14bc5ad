"""Targets and the progress toward them.

A target's rules (``targets``); its status, pace, projection and what it
takes now (``progress``); last year's table beside this year's
(``year_on_year``); which targets each geography and report has
(``planning``); and the tables that carry the results between jobs
(``tables``). Imports ``shared`` and ``reading``.
"""
