rule plot_trajectories:
    input:
        progress=rules.build_progress.output.progress,
        indicators=rules.publish_indicators.output.table,
    output:
        folder=directory("results/figures/{geography}"),
    log:
        "logs/plot_trajectories/{geography}.log",
    conda:
        "../environment.yml"
    params:
        targets=get_targets_for_geography,
        catalogue=CATALOGUE,
    script:
        "../scripts/plot_trajectories.py"
