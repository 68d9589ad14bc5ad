"""The run itself, on top of every stage.

The config loaded and checked when the Snakefile loads (``workflow_config``,
``config_checks``), one geography's job of progress and charts
(``geography_steps``), the run lock and the outputs of unfinished jobs
(``run_lock``, ``unfinished_jobs``), and provenance: SHA-256 sums, software
versions, the report date (``provenance``); the static site's downloads and
search index (``site_files``). The jobs' shared parts, called by the rule
scripts and in one warm process (``ingest_job``, ``report_job``, with the
rules' arguments in ``job_calls``), and the live preview of one report
(``preview``, ``preview_build``, ``preview_server``, ``preview_watch``).
The process a local run hands its heavy jobs to (``warm_helper``), and a
job's usage measured by the job itself (``job_usage``).
"""
