rule build_progress:
    input:
        indicators=rules.publish_indicators.output.table,
    output:
        progress="results/progress/{geography}.csv",
    log:
        "logs/build_progress/{geography}.log",
    benchmark:
        "benchmarks/build_progress/{geography}.tsv"
    conda:
        "../environment.yml"
    params:
        progress_targets=get_geography_targets,
        catalogue=CATALOGUE,
        population_indicator=config["population_indicator"],
        targets_file=config["targets"],
        code_sha256=CODE_SHA256,
    script:
        "../scripts/build_progress.py"


# One table of every target, for analysts; no later rule reads it, so a
# changed target does not re-run the other municipalities' jobs.
rule gather_progress:
    input:
        get_geography_progress_files(),
    output:
        progress=report(
            "results/progress.csv",
            caption="../reports/captions/progress.rst",
            category="Fremdrift mod målene",
        ),
    log:
        "logs/gather_progress.log",
    localrule: True
    conda:
        "../environment.yml"
    shell:
        "(awk 'FNR > 1 || NR == 1' {input} > {output.progress}.tmp"
        " && mv {output.progress}.tmp {output.progress}) 2> {log}"
