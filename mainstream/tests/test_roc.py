"""ROC dates as civil servants type them."""

from datetime import date

import pytest

from mainstream import roc


@pytest.mark.parametrize(
    "text, expected",
    [
        ("110/3/5", date(2021, 3, 5)),
        ("110.03.05", date(2021, 3, 5)),
        ("1100305", date(2021, 3, 5)),
        ("990305", date(2010, 3, 5)),
        ("110年3月5日", date(2021, 3, 5)),
        ("2021-03-05", date(2021, 3, 5)),
        ("2021/3/5", date(2021, 3, 5)),
    ],
)
def test_dates_are_accepted_in_roc_and_iso_forms(text, expected):
    assert roc.parse_date(text) == expected


@pytest.mark.parametrize("text", ["110/2/30", "明天", "110/13/1", "11003"])
def test_a_date_that_is_not_a_date_is_refused_with_a_reason(text):
    with pytest.raises(ValueError, match="日期"):
        roc.parse_date(text)


def test_dates_are_shown_in_roc_form():
    assert roc.format_date(date(2021, 3, 5)) == "110/03/05"
    assert roc.format_date(date(2010, 3, 5)) == "99/03/05"


@pytest.mark.parametrize("text, year", [("110", 110), ("2021", 110), ("民國111年", 111), (2022, 111)])
def test_years_are_roc_or_ad(text, year):
    assert roc.parse_year(text) == year
