rule build_progress:
    input:
        indicators=rules.publish_indicators.output.table,
    output:
        progress="results/progress.csv",
    params:
        targets=TARGETS,
        catalogue=CATALOGUE,
        population_indicator=config["population_indicator"],
    log:
        "logs/build_progress.log",
    script:
        "../scripts/build_progress.py"
