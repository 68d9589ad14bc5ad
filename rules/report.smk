# A municipality's progress table, charts and report in one job: the imports
# (pandas, matplotlib, WeasyPrint) are paid once per municipality.
rule render_report:
    input:
        progress=get_report_progress_files,
        indicators=rules.publish_indicators.output.table,
        warnings=rules.publish_indicators.output.warnings,
        readings=rules.publish_indicators.output.readings,
        figures=get_report_figure_folders,
        definition=get_definition_file,
        methodology="docs/metode_da.md",
        geography_list=config["geography_list"],
        raw=get_raw_files(),
        manifest=get_manifest(),
        previous=PREVIOUS_PROGRESS,
        templates=get_template_files(),
    output:
        progress=kept("results/progress/{kommune}.csv"),
        figures=chart_folder("results/figures/{kommune}"),
        pdf=report(
            kept(REPORT_PDF),
            caption="../reports/captions/report_pdf.rst",
            category="Rapporter",
            labels={"Kommune": "{kommune}"},
        ),
        html=kept(REPORT_HTML),
        workbook=kept(WORKBOOK),
    log:
        "logs/render_report/{kommune}.log",
        # Measured by the job (budgetmaal.running.job_usage): it may run in
        # the warm helper, a process Snakemake's benchmark: does not see.
        usage="benchmarks/render_report/{kommune}.tsv",
    wildcard_constraints:
        kommune=one_of(RUN.kommuner),
    conda:
        "../environment.yml"
    params:
        definition=get_report_definition,
        targets=get_report_targets,
        progress_targets=get_geography_targets,
        chart_targets=get_chart_targets,
        population_indicator=config["population_indicator"],
        targets_file=config["targets"],
        report_year=config["report_year"],
        report_date=config["report_date"],
        small_count_threshold=config["small_count_threshold"],
        catalogue=CATALOGUE,
        config=get_printed_config(),
        input_sha256=get_report_checksums,
        code_sha256=CODE_SHA256,
    script:
        "../scripts/render_report.py"


rule render_overview:
    input:
        progress=rules.progress_table.output.progress,
        geography_list=config["geography_list"],
        previous=PREVIOUS_PROGRESS,
        templates=get_template_files(),
    output:
        pdf=kept(OVERVIEW),
    log:
        "logs/render_overview.log",
        # In its own process, not the warm helper's: with 980 geographies its
        # peak memory would count the helper's 190 MB of preloaded software.
        usage="benchmarks/render_overview.tsv",
    # Beside the reports, not after the last of them (it does not read them).
    priority: 1
    conda:
        "../environment.yml"
    params:
        goals=RUN.kommune_goals,
        small_count_threshold=config["small_count_threshold"],
        report_year=config["report_year"],
        report_date=config["report_date"],
        input_sha256=get_overview_checksums(),
        code_sha256=CODE_SHA256,
    script:
        "../scripts/render_overview.py"
