rule plot_trajectories:
    input:
        progress="results/progress/{geography}.csv",
        indicators=rules.publish_indicators.output.table,
    output:
        folder=report(
            directory("results/figures/{geography}"),
            patterns=["{target}.svg"],
            caption="../reports/captions/figure.rst",
            category="Udviklingskurver",
            subcategory="Geografi {geography}",
            labels={"Mål": "{target}"},
        ),
    log:
        "logs/plot_trajectories/{geography}.log",
    benchmark:
        "benchmarks/plot_trajectories/{geography}.tsv"
    conda:
        "../environment.yml"
    params:
        targets=get_plotted_targets,
        catalogue=CATALOGUE,
        small_count_threshold=config["small_count_threshold"],
        code_sha256=CODE_SHA256,
    script:
        "../scripts/plot_trajectories.py"
