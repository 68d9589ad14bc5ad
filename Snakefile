# Budget goals: raw extracts -> tidy indicators -> progress -> charts -> Danish
# PDF (with its HTML twin and the analysts' workbook).
import sys

from snakemake.utils import min_version, validate

min_version("9.0")

sys.path.insert(0, f"{workflow.basedir}/scripts")
from budgetmaal.running.config_checks import check_config  # noqa: E402
from budgetmaal.shared.outputs import stop_unless_writable  # noqa: E402
from budgetmaal.running.run_lock import hold_run_lock  # noqa: E402
from budgetmaal.running.unfinished_jobs import settle_unfinished_jobs  # noqa: E402
from budgetmaal.running.warm_helper import start_helper, stop_helper  # noqa: E402

# One Snakemake process at a time in this folder (a cluster job is not one;
# budgetmaal.running.run_lock says why Snakemake's own lock is not enough), and a
# read-only or full output folder named before any job starts.
if workflow.is_main_process:
    RUN_LOCK = hold_run_lock()
    stop_unless_writable(["results", "reports", "site", "logs", "benchmarks"])
    settle_unfinished_jobs()


configfile: "config/config.yaml"


report: "reports/captions/workflow.rst"


# The Danish check names each wrong key and its fix; validate() then fills
# in the schema's defaults.
check_config(config, f"{workflow.basedir}/config/schemas/config.schema.yaml")
validate(config, "config/schemas/config.schema.yaml")


wildcard_constraints:
    kommune=r"\d{3}",
    geography=r"\d{3}",


# Local runs hand the report jobs to one process that has imported the stack
# once (budgetmaal.running.warm_helper); cluster and conda jobs run cold.
onstart:
    if (
        is_on(config["warm_helper"])
        and workflow.local_exec
        and not workflow.touch
        and not workflow.deployment_settings.deployment_method
    ):
        start_helper(f"{workflow.basedir}/scripts", "logs/warm_helper.log")


onsuccess:
    stop_helper()


onerror:
    stop_helper()


include: "rules/common.smk"
include: "rules/fetch.smk"
include: "rules/ingest.smk"
include: "rules/progress.smk"
include: "rules/report.smk"
include: "rules/site.smk"


rule all:
    default_target: True
    input:
        get_report_pdfs(),
        get_report_html(),
        get_workbooks(),
        rules.progress_table.output.progress,
        get_site(),
