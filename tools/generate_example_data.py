"""Write the example (not published) raw extracts in data/raw/, seeded.

Every file this writes has "eksempel" in its name and is declared with
``example_data: true`` in config/indicators.yaml, so the report labels it.
Published figures are kept by hand in separate files beside these.

With --all-kommuner it writes instead plausible extracts for all 98
municipalities (for benchmarks and tests of `kommuner: all`) into
data/eksempel_alle_kommuner/, which is git-ignored, not committed output.

With --copies N (at most 10: the free 3-digit codes run out) it writes a
whole run of N × 98 geographies for scale tests into data/eksempel_<N×98>/:
the 98 municipalities plus synthetic ones named "Eksempelkommune <code>" on
the free codes, spread over the 5 regions (geografi.csv), their extracts
(raw/), the catalogue (indicators.yaml) and config.yaml, which reuses the
targets and report text of config/alle_kommuner/. The folder ignores itself
in git (its .gitignore says "*").

Usage: python tools/generate_example_data.py [--all-kommuner | --copies N]
       [--out DIR] [--seed 2014]
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import yaml

# The package lives in <repo>/scripts.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from budgetmaal.shared.geography import (
    GEOGRAPHY_FILE,
    NATIONAL,
    Geographies,
    load_geographies,
)

ALL_KOMMUNER_CONFIG = Path(__file__).resolve().parents[1] / "config/alle_kommuner"

HERNING, FAXE = "Herning", "Faxe"
POPULATION_2013 = {"Hele landet": 5_602_628, HERNING: 86_600, FAXE: 35_300}
POPULATION_GROWTH = {"Hele landet": 0.0045, HERNING: 0.0040, FAXE: 0.0035}
YOUTH_EDUCATION = "18-21-årige med social foranstaltning i gang med eller færdige med ungdomsuddannelse (pct.)"
CONVICTIONS = "Udsatte 15-17-årige med fældende strafferetlig afgørelse (pct.)"
COUNT_YEARS = (2013, 2015, 2017, 2019, 2022)
READING_MATHS = "Udsatte børn i 6. klasse, der mindst er middel i læsning og matematik i de nationale test (pct.)"
SHELTER_RETURN = "Borgere, der vender tilbage til herberg eller forsorgshjem inden for et år efter udflytning til egen bolig (pct.)"
DRUG_TREATMENT = (
    "Afsluttede stofbehandlinger, der ender stoffri eller med reduceret forbrug (pct.)"
)


def homelessness(rng: np.random.Generator) -> str:
    """VIVE-style counts: Herning after the published 2015/2017, Faxe all years."""
    rows = [
        (HERNING, 2019, 96 + rng.integers(-6, 7)),
        (HERNING, 2022, 88 + rng.integers(-6, 7)),
    ]
    level = 38
    for year in COUNT_YEARS:
        rows.append((FAXE, year, max(0, level + rng.integers(-5, 6))))
        level -= 2
    return "OMRÅDE;TID;INDHOLD\n" + "".join(f"{g};{y};{v}\n" for g, y, v in rows)


def population(rng: np.random.Generator) -> str:
    """Quarterly population by sex (FOLK1A layout), 2013K1-2022K4.

    Herning and Faxe 2020 are left out: their published figures are in
    befolkning_2020.csv."""
    lines = ["OMRÅDE;KØN;TID;INDHOLD"]
    for area, start in POPULATION_2013.items():
        for year in range(2013, 2023):
            if year == 2020 and area != "Hele landet":
                continue
            for quarter in range(1, 5):
                steps = (year - 2013) * 4 + quarter - 1
                total = round(start * (1 + POPULATION_GROWTH[area] / 4) ** steps)
                men = round(total * (0.497 + rng.normal(0, 0.0005)))
                for sex, value in (
                    ("Mænd", men),
                    ("Kvinder", total - men),
                    ("I alt", total),
                ):
                    lines.append(f"{area};{sex};{year}K{quarter};{value}")
    return "\n".join(lines) + "\n"


def faxe_key_figures(rng: np.random.Generator) -> str:
    """Faxe's own series for its directional goals, 2016-2022, decimal comma."""
    lines = ["NØGLETAL;OMRÅDE;TID;INDHOLD"]
    for year in range(2016, 2023):
        education = 41.0 + 1.2 * (year - 2016) + rng.normal(0, 1.0)
        convictions = 10.5 - 0.3 * (year - 2016) + rng.normal(0, 0.6)
        lines.append(f"{YOUTH_EDUCATION};{FAXE};{year};{_comma(education)}")
        lines.append(f"{CONVICTIONS};{FAXE};{year};{_comma(convictions)}")
    lines[-1] = lines[-1].rsplit(";", 1)[0] + ";.."  # 2022 not yet published
    return "\n".join(lines) + "\n"


def national_key_figures(rng: np.random.Generator) -> str:
    """The three national 2020 goals without a published series at hand:
    reading and maths (direction only), return to a shelter within a year
    (at most 20 pct.) and drug treatment ending drug-free or reduced (at
    least 50 pct.), 2013-2021, decimal comma."""
    lines = ["NØGLETAL;OMRÅDE;TID;INDHOLD"]
    for year in range(2013, 2022):
        step = year - 2013
        series = (
            (READING_MATHS, 31.0 + 0.6 * step + rng.normal(0, 0.5)),
            (SHELTER_RETURN, 29.0 - 0.8 * step + rng.normal(0, 0.7)),
            (DRUG_TREATMENT, 41.0 + 0.9 * step + rng.normal(0, 0.8)),
        )
        lines += [f"{name};Hele landet;{year};{_comma(v)}" for name, v in series]
    return "\n".join(lines) + "\n"


def _comma(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def shelter_stays(rng: np.random.Generator) -> str:
    """Herning § 110 stays 2014-2022: fewer young residents and shorter stays."""
    lines = ["person_id;birth_year;intake_date;discharge_date"]
    person = 0
    for year in range(2014, 2023):
        for _ in range(int(rng.integers(55, 75))):
            person += 1
            young = rng.random() < max(0.04, 0.22 - 0.02 * (year - 2014))
            age = int(rng.integers(18, 26)) if young else int(rng.integers(26, 70))
            intake = date(year, 1, 1) + timedelta(days=int(rng.integers(0, 365)))
            mean_days = max(50.0, 190.0 - 16.0 * (year - 2014))
            length = int(rng.gamma(2.0, mean_days / 2.0))
            discharge = intake + timedelta(days=length)
            end = "" if discharge > date(2022, 12, 31) else discharge.isoformat()
            lines.append(f"P{person:05d};{year - age};{intake.isoformat()};{end}")
    return "\n".join(lines) + "\n"


def treatments(rng: np.random.Generator) -> str:
    """Herning drug-treatment episodes 2014-2022 with end status."""
    statuses = ["stoffri", "reduceret", "uaendret", "oeget", "afbrudt"]
    lines = ["person_id;start_date;end_date;end_status"]
    for number in range(1, 1500):
        start = date(2014, 1, 1) + timedelta(days=int(rng.integers(0, 9 * 365)))
        end = start + timedelta(days=int(rng.integers(60, 500)))
        if end > date(2022, 12, 31):
            lines.append(f"B{number:05d};{start.isoformat()};;")
            continue
        good = 0.30 + 0.03 * (end.year - 2014)
        weights = [good * 0.45, good * 0.55] + [(1 - good) / 3] * 3
        status = rng.choice(statuses, p=np.array(weights) / sum(weights))
        lines.append(f"B{number:05d};{start.isoformat()};{end.isoformat()};{status}")
    return "\n".join(lines) + "\n"


FILES = {
    "hjemloese_eksempel.csv": homelessness,
    "befolkning_folk1a_eksempel.csv": population,
    "faxe_noegletal_eksempel.csv": faxe_key_figures,
    "nationale_noegletal_eksempel.csv": national_key_figures,
    "herning_forsorgshjem_eksempel.csv": shelter_stays,
    "herning_stofbehandling_eksempel.csv": treatments,
}


def all_kommuner_files(
    geographies: Geographies, rng: np.random.Generator
) -> dict[str, str]:
    """Population, homelessness counts and a percent series for every municipality
    (by code) and Hele landet (the sum), 2013-2022; the population as the
    website's «Gem som» download of FOLK1A gives it (see population_download)."""
    codes = geographies.kommuner()
    population = {c: int(rng.lognormal(10.8, 0.6)) + 2_000 for c in codes}
    homeless_rate = {c: rng.uniform(0.4, 1.8) / 1000 for c in codes}
    rows = {"befolkning": [], "hjemloese": [], "faeldende": []}
    for year in range(2013, 2023):
        growth = 1.004 ** (year - 2013)
        totals = {c: round(p * growth) for c, p in population.items()}
        rows["befolkning"] += [(c, year, v) for c, v in totals.items()]
        rows["befolkning"].append((NATIONAL, year, sum(totals.values())))
        if year in COUNT_YEARS:
            trend = 1 + rng.normal(0.02, 0.05) * (year - 2013) / 2
            counts = {
                c: int(rng.poisson(totals[c] * homeless_rate[c] * trend)) for c in codes
            }
            rows["hjemloese"] += [(c, year, v) for c, v in counts.items()]
            rows["hjemloese"].append((NATIONAL, year, sum(counts.values())))
        shares = {
            c: max(0.5, 11.5 - 0.25 * (year - 2013) + rng.normal(0, 1.5)) for c in codes
        }
        rows["faeldende"] += [(c, year, _comma(v)) for c, v in shares.items()]
        national = sum(shares[c] * totals[c] for c in codes) / sum(totals.values())
        rows["faeldende"].append((NATIONAL, year, _comma(national)))
    header = "OMRÅDE;TID;INDHOLD\n"
    files = {
        f"{name}_alle_kommuner_eksempel.csv": header
        + "".join(f"{g};{y};{v}\n" for g, y, v in values)
        for name, values in rows.items()
        if name != "befolkning"
    }
    files["befolkning_alle_kommuner_eksempel.csv"] = population_download(
        rows["befolkning"], geographies
    )
    return files


CHRISTIANSOE = 90  # persons; Statistikbanken lists it beside the 98 municipalities


def population_download(rows: list[tuple], geographies: Geographies) -> str:
    """Population as statistikbanken.dk's «Gem som» CSV gives FOLK1A: a title,
    years as columns, område and køn as stub columns written once per group,
    Hele landet, the regions, every municipality and Christiansø, a footnote."""
    by_geography: dict[str, dict[int, int]] = {}
    for code, year, value in rows:
        by_geography.setdefault(code, {})[year] = value
    years = sorted(by_geography[NATIONAL])
    by_geography["411"] = dict.fromkeys(years, CHRISTIANSOE)
    by_geography[NATIONAL] = {
        y: v + CHRISTIANSOE for y, v in by_geography[NATIONAL].items()
    }
    for region in (c for c, kind in geographies.kinds.items() if kind == "region"):
        members = [
            c for c in geographies.kommuner() if geographies.regions[c] == region
        ]
        by_geography[region] = {
            y: sum(by_geography[c][y] for c in members) for y in years
        }
    order = [NATIONAL, *sorted(c for c in by_geography if c != NATIONAL)]
    lines = [
        '"Befolkningen 1. januar efter område, køn og tid (eksempeldata)"',
        "",
        '" ";" ";' + ";".join(f'"{y}"' for y in years),
    ]
    for code in order:
        totals = [by_geography[code][y] for y in years]
        men = [round(v * 0.497) for v in totals]
        for sex, values in (("I alt", totals), ("Mænd", men)):
            area = f'"{geographies.names[code]}"' if sex == "I alt" else '" "'
            lines.append(f'{area};"{sex}";' + ";".join(map(str, values)))
        lines.append(
            '" ";"Kvinder";'
            + ";".join(str(t - m) for t, m in zip(totals, men, strict=True))
        )
    lines += [
        "",
        '"Eksempeldata fra tools/generate_example_data.py, ikke offentliggjorte tal."',
    ]
    return "\r\n".join(lines) + "\r\n"


def geography_list_with_copies(copies: int) -> str:
    """The reference geography list plus (copies - 1) × 98 synthetic
    municipalities on the free 3-digit codes, in turn in each region."""
    geographies = load_geographies()
    regions = sorted(c for c, kind in geographies.kinds.items() if kind == "region")
    free = [f"{n:03d}" for n in range(1000) if f"{n:03d}" not in geographies.names]
    count = (copies - 1) * len(geographies.kommuner())
    if count > len(free):
        raise SystemExit(f"--copies {copies}: only {len(free)} free 3-digit codes")
    rows = [
        f"{code},Eksempelkommune {code},kommune,{regions[i % len(regions)]},\n"
        for i, code in enumerate(free[:count])
    ]
    return GEOGRAPHY_FILE.read_text(encoding="utf-8") + "".join(rows)


def write_copies(out: Path, seed: int, copies: int) -> None:
    """Everything a run of copies × 98 municipalities needs, in ``out``."""
    geography_text = geography_list_with_copies(copies)
    (out / "raw").mkdir(parents=True, exist_ok=True)
    (out / ".gitignore").write_text("*\n", encoding="utf-8")
    geography_list = out / "geografi.csv"
    geography_list.write_text(geography_text, encoding="utf-8")
    geographies = load_geographies(geography_list)
    for name, text in all_kommuner_files(
        geographies, np.random.default_rng(seed)
    ).items():
        (out / "raw" / name).write_text(text, encoding="utf-8")
    catalogue = (ALL_KOMMUNER_CONFIG / "indicators.yaml").read_text(encoding="utf-8")
    (out / "indicators.yaml").write_text(
        catalogue.replace("data/eksempel_alle_kommuner/", f"{out.as_posix()}/raw/"),
        encoding="utf-8",
    )
    config = yaml.safe_load(
        (ALL_KOMMUNER_CONFIG / "config.yaml").read_text(encoding="utf-8")
    )
    config |= {
        "geography_list": geography_list.as_posix(),
        "indicators": f"{out.as_posix()}/indicators.yaml",
        "raw_dir": f"{out.as_posix()}/raw",
    }
    (out / "config.yaml").write_text(
        f"# {len(geographies.kommuner())} municipalities on generated example data"
        f" (tools/generate_example_data.py --copies {copies}).\n"
        f"# Run: snakemake --cores 2 --configfile {out.as_posix()}/config.yaml\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )


def main(out: Path, seed: int, all_kommuner: bool, copies: int = 1) -> None:
    if copies > 1:
        write_copies(out, seed, copies)
        return
    out.mkdir(parents=True, exist_ok=True)
    if all_kommuner:
        files = all_kommuner_files(load_geographies(), np.random.default_rng(seed))
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8")
        return
    for name, generate in FILES.items():
        rng = np.random.default_rng([seed, sum(map(ord, name))])
        (out / name).write_text(generate(rng), encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--all-kommuner", action="store_true")
    parser.add_argument("--copies", type=int, default=1, metavar="N")
    arguments = parser.parse_args()
    if arguments.copies > 1:
        default = f"data/eksempel_{arguments.copies * 98}"
    elif arguments.all_kommuner:
        default = "data/eksempel_alle_kommuner"
    else:
        default = "data/raw"
    main(
        arguments.out or Path(default),
        arguments.seed,
        arguments.all_kommuner,
        arguments.copies,
    )
