# Every report of the run as one static site under site/ (config site: false
# turns it off): an index, a page per municipality and per shared goal,
# methodology, data and Pagefind's search. One job: its pages take
# milliseconds each, and an unchanged page keeps its file and time.
rule build_site:
    input:
        progress=rules.progress_table.output.progress,
        indicators=rules.publish_indicators.output.table,
        readings=rules.publish_indicators.output.readings,
        methodology="docs/metode_da.md",
        geography_list=config["geography_list"],
        previous=PREVIOUS_PROGRESS,
        templates=get_site_template_files(),
        figures=listed(get_figure_folders()),
        pdf=listed(expand(REPORT_PDF, kommune=RUN.kommuner)),
        html=listed(expand(REPORT_HTML, kommune=RUN.kommuner)),
        workbook=listed(expand(WORKBOOK, kommune=RUN.kommuner)),
        kommune_progress=listed(
            expand("results/progress/{kommune}.csv", kommune=RUN.kommuner)
        ),
        overview=get_overview(),
        raw=get_raw_files(),
    output:
        site=kept(directory("site")),
    log:
        "logs/build_site.log",
        usage="benchmarks/build_site.tsv",
    conda:
        "../environment.yml"
    params:
        kommuner=RUN.kommuner,
        definitions=RUN.definitions,
        targets=RUN.targets,
        goals=RUN.kommune_goals,
        catalogue=CATALOGUE,
        report_year=config["report_year"],
        report_date=config["report_date"],
        small_count_threshold=config["small_count_threshold"],
        input_sha256=get_site_checksums(),
        code_sha256=CODE_SHA256,
    script:
        "../scripts/build_site.py"
