"""召集人 (伍、一、(二)、1 and the duty table): readable cases, members in, findings out. No database.

The plan's words: 「召集人：A 群、B 群為機關首長；B1 組、C1 組、C2 組為當年度主責機關首長；C 群為機關構首長；
D 群為機關首長；D1 組為當年度主責機關首長；E1 組為性平辦」 and 「E1組由性平辦擔任召集人」(伍、一、(二)、4、B).
Who is the head is read from the member's 所屬機關 and 職稱 against the head titles in the plan file.
"""

from __future__ import annotations

from datetime import date

import pytest

from mainstream.evaluation.engine import Context
from mainstream.mechanism.rules import TaskForceFacts
from mainstream.mechanism.rules import taskforces as r
from mainstream.mechanism.rules.heads import ACTING, DEPUTY, HEAD, OTHER, UNKNOWN, HeadTitles, standing
from mainstream.mechanism.validity import MemberFact

CLOSED = date(2022, 1, 10)  # 111/01/10: 110 is over
TERM = (date(2021, 1, 1), date(2022, 12, 31))


def convener(org: str, title: str, name: str = "召集人甲") -> MemberFact:
    return MemberFact(name, "女", "internal", TERM[0], TERM[1], True, None, (), None, org, title)


def verdict(plan, code: str, *members: MemberFact, year: int = 110, lead_units=None):
    ctx = Context.for_plan(plan, year, as_of=CLOSED if year == 110 else date(2023, 1, 10), lead_units=lead_units)
    found = {f.subject: f for f in r.convener(TaskForceFacts({code: members}), ctx)}
    return found[code]


# -- A, B, C, D: 機關首長 ------------------------------------------------------------------------------
def test_the_units_head_convenes(plan):
    f = verdict(plan, "勞動局", convener("勞動局", "局長", "王局長"))
    assert f.status == "met" and f.detail == "召集人：王局長（勞動局局長），為勞動局之機關首長"


def test_the_full_name_of_the_unit_and_the_unit_in_the_title_are_understood(plan):
    f = verdict(plan, "勞動局", convener("臺北市政府勞動局", "勞動局局長"))
    assert f.status == "met"


def test_an_acting_head_counts(plan):
    """代理 counts: 代理局長 and 局長（代理） are the head for the plan."""
    for title in ("代理局長", "局長（代理）", "局長(代理)"):
        f = verdict(plan, "勞動局", convener("勞動局", title))
        assert f.status == "met" and "代理機關首長" in f.detail, title


def test_a_deputy_is_not_the_head(plan):
    """副局長 contains 局長 but is a deputy, not 機關首長."""
    f = verdict(plan, "交通局", convener("交通局", "副局長", "李副局長"))
    assert f.status == "unmet"
    assert f.detail == "召集人：李副局長（交通局副局長），為交通局之副首長，非機關首長"


def test_the_head_of_another_unit_is_not_the_head(plan):
    f = verdict(plan, "勞動局", convener("社會局", "局長"))
    assert f.status == "unmet" and f.detail.endswith("非勞動局之機關首長")


def test_a_section_head_whose_title_ends_in_a_head_title_is_not_the_head(plan):
    """家庭教育中心's head is 主任; a 秘書室主任 of it is not (no substring match)."""
    assert verdict(plan, "家庭教育中心", convener("家庭教育中心", "主任")).status == "met"
    f = verdict(plan, "家庭教育中心", convener("家庭教育中心", "秘書室主任"))
    assert f.status == "unmet" and "職稱非家庭教育中心之機關首長" in f.detail


def test_unit_specific_head_titles(plan):
    """研考會 is headed by a 主任委員, 捷運公司 by its 董事長 or 總經理, though C's other units by a 處長."""
    assert verdict(plan, "研考會", convener("研考會", "主任委員")).status == "met"
    assert verdict(plan, "研考會", convener("研考會", "處長")).status == "unmet"
    assert verdict(plan, "捷運公司", convener("捷運公司", "總經理")).status == "met"
    assert verdict(plan, "主計處", convener("主計處", "處長")).status == "met"


def test_a_convener_without_organisation_or_title_cannot_be_recognised(plan):
    f = verdict(plan, "勞動局", convener("", ""))
    assert f.status == "unmet" and "無法認定為勞動局之機關首長" in f.detail


# -- composite groups: 當年度主責機關首長 ----------------------------------------------------------------
def test_a_composite_group_is_convened_by_the_head_of_the_years_lead_unit(plan):
    members = (convener("客委會", "主任委員", "客委會主委"),)
    f = verdict(plan, "B1組", *members, lead_units={"B1": "客委會"})
    assert f.status == "met" and f.detail == "召集人：客委會主委（客委會主任委員），為當年度主責機關客委會之機關首長"


def test_the_head_of_another_unit_of_the_composite_group_is_not_enough(plan):
    """110: B1組's lead unit is 客委會; 原民會's head convening is the demo's wrong pass."""
    f = verdict(plan, "B1組", convener("原民會", "主任委員", "原民會主委"), lead_units={"B1": "客委會"})
    assert f.status == "unmet"
    assert (
        f.detail == "召集人：原民會主委（原民會主任委員），非當年度主責機關客委會之機關首長（原民會非當年度主責機關）"
    )


def test_d1_is_convened_by_the_district_chief_of_the_years_lead_district(plan):
    assert verdict(plan, "D1組", convener("信義區公所", "區長"), lead_units={"D1": "信義區公所"}).status == "met"
    f = verdict(plan, "D1組", convener("松山區公所", "區長"), lead_units={"D1": "信義區公所"})
    assert f.status == "unmet" and "當年度主責機關信義區公所" in f.detail


def test_a_composite_group_without_a_lead_unit_cannot_be_judged_met(plan):
    ctx = Context(plan, 110, CLOSED, Context.for_plan(plan, 110).units, {})
    f = next(x for x in r.convener(TaskForceFacts({"C1組": (convener("公訓處", "處長"),)}), ctx) if x.subject == "C1組")
    assert f.status == "unmet" and "未設定當年度主責機關" in f.detail


# -- E1: 性平辦 ---------------------------------------------------------------------------------------
def test_e1_is_convened_by_the_office(plan):
    f = verdict(plan, "E1組", convener("性平辦", "執行秘書", "性平辦執秘"))
    assert f.status == "met" and f.detail == "召集人：性平辦執秘（性平辦執行秘書），由性平辦召集"


def test_e1_convened_by_the_head_of_one_of_its_units_is_unmet(plan):
    """「E1組由性平辦擔任召集人」: 財政局's head is not the convener the plan names."""
    f = verdict(plan, "E1組", convener("財政局", "局長", "財政局長"))
    assert f.status == "unmet" and f.detail == "召集人：財政局長（財政局局長），E1組應由性平辦召集"


# -- the recogniser on its own ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "org, title, unit, rank",
    [
        ("勞動局", "局長", "勞動局", HEAD),
        ("勞動局", "代理局長", "勞動局", ACTING),
        ("勞動局", "副局長", "勞動局", DEPUTY),
        ("勞動局", "主任秘書", "勞動局", OTHER),
        ("圖書館", "館長", "圖書館", HEAD),
        ("圖書館", "副館長", "圖書館", DEPUTY),
        ("大安區公所", "區長", "大安區公所", HEAD),
        ("大安區公所", "副區長", "大安區公所", DEPUTY),
        ("國立臺灣大學", "教授", None, UNKNOWN),
        ("", "局長", None, UNKNOWN),
    ],
)
def test_standing(plan, org, title, unit, rank):
    s = standing(plan, HeadTitles.of(plan, 110), org, title)
    assert (s.unit, s.rank) == (unit, rank)
