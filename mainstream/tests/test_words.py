"""Words users read: figures as percentages, duty names, ROC dates, audit details in words (no database)."""

from fractions import Fraction

import pytest

from mainstream.audit.presentation import roc_text, value_text
from mainstream.figures import figure_text
from mainstream.templatetags.words import duty_title


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.1471, "14.7%"),  # the physical-course rate, never "0.1471"
        (0.3, "30%"),  # the plan's 30%
        ("4/13", "30.8%"),  # the smaller sex over all members, never "4/13"
        ("1/3", "33.3%"),  # the plan's one third
        (Fraction(1, 2), "50%"),
        (24, "24"),
        (30024, "30,024"),
        (1000.0, "1000"),
        (None, ""),
        (True, "是"),
    ],
)
def test_figures_read_as_people_read_them(value, shown):
    assert figure_text(value) == shown


def test_a_rule_id_reads_as_the_duty_title(plan):
    assert duty_title("training.physical_rate", plan) == plan.duty("training.physical_rate").title
    assert "." not in duty_title("training.physical_rate", plan)


def test_western_dates_in_a_text_read_as_roc_dates():
    assert roc_text("文化局 110年第1次會議（2021-02-05）") == "文化局 110年第1次會議（110/02/05）"
    assert roc_text("2022-05-01T09:30:00+08:00 匯入") == "111/05/01 09:30 匯入"
    assert roc_text("編號 1234-56-78") == "編號 1234-56-78"  # not a date of the Republic


def test_coded_values_read_as_words():
    assert value_text(None) == "（空白）"
    assert value_text("present", {"present": "出席"}) == "出席"
    assert value_text("2020-02-01") == "109/02/01"
    assert value_text(False) == "否"
