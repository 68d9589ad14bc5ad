"""Geography labels as Statistikbanken writes them."""

from __future__ import annotations

import pytest

from budgetmaal.shared.geography import load_geographies

GEO = load_geographies()


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("657 Herning", "657"),
        ("000 Hele landet", "000"),
        ("000 All Denmark", "000"),
        ("84 Region Hovedstaden", "084"),
        ("101 Københavns Kommune", "101"),
        ("Herning Kommune", "657"),
        ("657", "657"),
    ],
)
def test_a_code_and_label_is_read_as_its_geography(label, code):
    assert GEO.code_for(label) == code


@pytest.mark.parametrize(
    "label", ["0 år", "85 år og derover", "0 years", "85 years and over", "1 Mænd"]
)
def test_an_age_or_other_number_and_word_is_no_geography(label):
    """«0 år» was read as 000 (Hele landet), «85 år» as 085 (Region
    Sjælland): an age column could pass for the geography column."""
    assert GEO.code_for(label) is None
