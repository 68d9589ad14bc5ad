rule write_workbook:
    input:
        progress=get_report_progress_files,
        geography_list=config["geography_list"],
    output:
        workbook="results/{kommune}/maalopfoelgning.xlsx",
    log:
        "logs/write_workbook/{kommune}.log",
    conda:
        "../environment.yml"
    params:
        focus_areas=get_workbook_sheets,
        targets=get_report_targets,
        catalogue=CATALOGUE,
        small_count_threshold=config["small_count_threshold"],
        report_date=config["report_date"],
    script:
        "../scripts/write_workbook.py"
