# Download the Statistikbanken tables that sources declare (table:, query:).
# Off by default: the rule only exists with --config fetch=true, so otherwise
# the files in data/raw/ are plain inputs and nothing is downloaded. One job
# fetches every table and writes the manifest, so no two jobs write it.
# update(): Snakemake keeps the files in place while the job runs and puts
# them back if it fails, instead of deleting the outputs of a failed job.
from budgetmaal.reading.fetch_plan import fetch_enabled, fetched_paths, fetched_sources

if fetch_enabled(config["fetch"]):

    rule fetch_statbank:
        output:
            tables=update(fetched_paths(CATALOGUE)),
            manifest=update(f"{config['raw_dir']}/MANIFEST.csv"),
        log:
            "logs/fetch_statbank.log",
        localrule: True
        conda:
            "../environment.yml"
        params:
            sources=fetched_sources(CATALOGUE),
            api_url=config["statbank_api"],
        script:
            "../scripts/fetch_statbank.py"
