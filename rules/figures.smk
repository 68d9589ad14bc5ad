# Charts of a geography without a report in the run (the whole country); a
# municipality's own are drawn in its render_report job.
rule plot_trajectories:
    input:
        progress="results/progress/{geography}.csv",
        indicators=rules.publish_indicators.output.table,
    output:
        folder=chart_folder("results/figures/{geography}"),
    log:
        "logs/plot_trajectories/{geography}.log",
    benchmark:
        "benchmarks/plot_trajectories/{geography}.tsv"
    wildcard_constraints:
        geography=one_of(RUN.geographies_without_report),
    conda:
        "../environment.yml"
    params:
        chart_targets=get_chart_targets,
        catalogue=CATALOGUE,
        small_count_threshold=config["small_count_threshold"],
        code_sha256=CODE_SHA256,
    script:
        "../scripts/plot_trajectories.py"
