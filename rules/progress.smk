rule build_progress:
    input:
        indicators=rules.publish_indicators.output.table,
    output:
        progress="results/progress.csv",
    log:
        "logs/build_progress.log",
    conda:
        "../environment.yml"
    params:
        targets=TARGETS,
        catalogue=CATALOGUE,
        population_indicator=config["population_indicator"],
    script:
        "../scripts/build_progress.py"
