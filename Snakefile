# Budget goals: raw extracts -> tidy indicators -> progress -> charts -> Danish PDF.
from snakemake.utils import min_version, validate

min_version("9.0")


configfile: "config/config.yaml"


validate(config, "config/schemas/config.schema.yaml")


wildcard_constraints:
    kommune=r"\d{3}",
    geography=r"\d{3}",
    year=r"\d{4}",


include: "rules/common.smk"
include: "rules/ingest.smk"
include: "rules/progress.smk"
include: "rules/figures.smk"
include: "rules/report.smk"


rule all:
    default_target: True
    input:
        get_report_pdfs(),
        rules.gather_progress.output.progress,
