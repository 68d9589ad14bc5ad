# A geography without a report in the run (the whole country): its progress
# table and charts in one job. A municipality's own are made in its
# render_report job, which spares two processes per municipality.
rule assess_geography:
    input:
        indicators=rules.publish_indicators.output.table,
    output:
        progress=kept("results/progress/{geography}.csv"),
        figures=chart_folder("results/figures/{geography}"),
    log:
        "logs/assess_geography/{geography}.log",
        usage="benchmarks/assess_geography/{geography}.tsv",
    wildcard_constraints:
        geography=one_of(RUN.geographies_without_report),
    conda:
        "../environment.yml"
    params:
        progress_targets=get_geography_targets,
        chart_targets=get_chart_targets,
        catalogue=CATALOGUE,
        population_indicator=config["population_indicator"],
        targets_file=config["targets"],
        small_count_threshold=config["small_count_threshold"],
        code_sha256=CODE_SHA256,
    script:
        "../scripts/assess_geography.py"


# Every target's progress in one table, for analysts and the national
# overview, computed in one process from the indicators (the same function,
# the same rows as the geographies' own tables); no report reads it, so a
# changed target or report text re-renders no other municipality's report.
rule progress_table:
    input:
        indicators=rules.publish_indicators.output.table,
    output:
        progress=report(
            kept("results/progress.csv"),
            caption="../reports/captions/progress.rst",
            category="Fremdrift mod målene",
        ),
    log:
        "logs/progress_table.log",
        usage="benchmarks/progress_table.tsv",
    # Before the reports, which Snakemake would otherwise pick first (more
    # input bytes): so that the national overview runs beside them, not after.
    priority: 1
    conda:
        "../environment.yml"
    params:
        targets=RUN.targets,
        catalogue=CATALOGUE,
        population_indicator=config["population_indicator"],
        targets_file=config["targets"],
        code_sha256=CODE_SHA256,
    script:
        "../scripts/build_progress_table.py"
