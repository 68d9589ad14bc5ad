"""Budget-goal reporting: ingest, progress, figures and the Danish report."""
