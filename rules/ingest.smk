rule ingest_indicators:
    input:
        raw=get_raw_files(),
        geography_list=config["geography_list"],
    output:
        table=temp("results/staging/indicators.csv"),
        warnings=temp("results/staging/warnings.json"),
        readings=temp("results/staging/source_readings.json"),
    log:
        log="logs/ingest_indicators.log",
        report="results/validation.html",
    benchmark:
        "benchmarks/ingest_indicators.tsv"
    conda:
        "../environment.yml"
    params:
        catalogue=CATALOGUE,
        raw_present=get_raw_present(),
        small_count_threshold=config["small_count_threshold"],
        input_sha256=get_ingest_checksums(),
        code_sha256=CODE_SHA256,
    script:
        "../scripts/ingest_indicators.py"


# Publishing is a separate step so that a failed ingest, whose outputs
# Snakemake deletes, never removes the table of the last good run.
rule publish_indicators:
    input:
        table=rules.ingest_indicators.output.table,
        warnings=rules.ingest_indicators.output.warnings,
        readings=rules.ingest_indicators.output.readings,
    output:
        table=kept("results/indicators.csv"),
        warnings=kept("results/warnings.json"),
        readings=kept("results/source_readings.json"),
    log:
        "logs/publish_indicators.log",
    localrule: True
    conda:
        "../environment.yml"
    script:
        "../scripts/publish_indicators.py"
