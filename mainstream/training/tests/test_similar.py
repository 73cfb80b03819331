"""伍、二、(五) 「各執行辦理單位派訓時應避免受訓人員重複參訓雷同課程」 as readable cases: titles in, 雷同 or not out."""

from __future__ import annotations

import pytest

from mainstream.training.similar import similar_groups, titles_alike


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("CEDAW 概論", "CEDAW概論（第2梯次）"),  # the same course, another run
        ("CEDAW 概論", "CEDAW 公約概論"),  # nearly the same name
        ("性騷擾防治", "性騷擾防治課程"),
        ("111年度性別主流化概論", "性別主流化概論"),  # the year is not part of the course
    ],
)
def test_the_same_or_nearly_the_same_course_is_alike(a, b):
    assert titles_alike(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("性別平等工作坊（一）", "性別平等工作坊（二）"),  # two stages of one course (伍、二、(二)、5)
        ("性別影響評估（上）", "性別影響評估（下）"),
        ("性別統計基礎", "性別統計進階"),  # basic and advanced (伍、二、(二)、2)
        ("CEDAW 概論", "性別影響評估實作"),
        ("性別與媒體", "性別與健康"),
    ],
)
def test_different_courses_and_parts_of_a_series_are_not(a, b):
    assert not titles_alike(a, b)


def test_groups_hold_every_title_alike_with_another():
    groups = similar_groups(
        [
            "CEDAW 概論",
            "CEDAW概論（第2梯次）",
            "CEDAW 公約概論",
            "性別平等工作坊（一）",
            "性別平等工作坊（二）",
            "性別與媒體",
        ]
    )
    assert groups == [["CEDAW 公約概論", "CEDAW 概論", "CEDAW概論（第2梯次）"]]
    assert similar_groups(["性別與媒體", "性別與媒體 "]) == []  # one title, spelt once
