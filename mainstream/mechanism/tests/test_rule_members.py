"""府內委員 (伍、一、(二)、1 and 註1) and 都委會's member of 都發局's task force (參、三、(三)). No database.

The plan's words: 「府內委員：各機關所有科組室(處)主管及二級機關首長，除以下例外：A. 警察局僅內勤單位 8 科 9 室 3 中心
主管。B. 衛生局不含 12 區健康中心、民政局不含 12 區戶政事務所」; D1 組「12 區公所首長」; 圖書館「含四區各 1 分館主管」;
註1（三）「A 群及 D1 組可以其職務代理人為委員」; 都委會「派員配合參與都發局性別平等專案小組」.
"""

from __future__ import annotations

from datetime import date

from mainstream.evaluation.engine import Context
from mainstream.mechanism.rules import TaskForceFacts
from mainstream.mechanism.rules import members as r
from mainstream.mechanism.validity import MemberFact

CLOSED = date(2022, 1, 10)
TERM = (date(2021, 1, 1), date(2022, 12, 31))


def member(name, org, title, kind="internal", convener=False):
    return MemberFact(name, "女", kind, TERM[0], TERM[1], convener, None, (), None, org, title)


def find(check, plan, code, members, lead_units=None, subject=None):
    ctx = Context.for_plan(plan, 110, as_of=CLOSED, lead_units=lead_units)
    found = {f.subject: f for f in check(TaskForceFacts({code: tuple(members)}), ctx)}
    return found.get(subject or code)


def test_a_units_section_heads_meet_and_the_finding_says_what_it_cannot_check(plan):
    f = find(r.internal_members, plan, "勞動局", [member("甲", "勞動局", "勞動條件科科長")])
    assert f.status == "met" and f.detail.startswith("府內委員 1 人（勞動局 1 人）")
    assert "須依組織規程核對（系統未登錄科室名冊）" in f.detail


def test_no_section_head_of_the_unit_is_unmet(plan):
    f = find(r.internal_members, plan, "勞動局", [member("甲", "社會局", "科長")])
    assert f.status == "unmet" and "府內委員中無勞動局之科組室主管或二級機關首長" in f.detail


def test_police_needs_its_8_sections_9_offices_3_centres(plan):
    """「警察局僅內勤單位 8 科 9 室 3 中心主管」: 20; 19 is short."""
    nineteen = [member(f"內{i}", "警察局", "科長") for i in range(19)]
    assert find(r.internal_members, plan, "警察局", nineteen).status == "unmet"
    assert find(r.internal_members, plan, "警察局", [*nineteen, member("內19", "警察局", "主任")]).status == "met"


def test_health_centres_are_not_internal_members_of_the_health_bureau(plan):
    f = find(
        r.internal_members,
        plan,
        "衛生局",
        [member("甲", "衛生局", "科長"), member("乙", "衛生局", "大安區健康服務中心主任")],
    )
    assert f.status == "unmet" and "乙屬健康服務中心，不列府內委員" in f.detail


def test_the_library_includes_one_branch_head_of_each_of_four_areas(plan):
    heads = [member(f"分{i}", "圖書館", f"{a}分館主任") for i, a in enumerate("東西南")]
    f = find(r.internal_members, plan, "圖書館", [member("組", "圖書館", "主任"), *heads])
    assert f.status == "unmet" and "分館主管 3 人，應有 4 人" in f.detail
    f = find(
        r.internal_members,
        plan,
        "圖書館",
        [member("組", "圖書館", "主任"), *heads, member("分北", "圖書館", "北分館主任")],
    )
    assert f.status == "met"


def test_a_composite_group_needs_the_lead_units_section_heads(plan):
    members = [member("甲", "原民會", "組長")]
    assert find(r.internal_members, plan, "B1組", members, {"B1": "原民會"}).status == "met"
    f = find(r.internal_members, plan, "B1組", members, {"B1": "客委會"})
    assert f.status == "unmet" and "無客委會之科組室主管" in f.detail


def test_d1_needs_all_twelve_district_chiefs_deputies_allowed(plan):
    districts = plan.groups["D1"].units
    chiefs = [member(f"{d}長", d, "區長") for d in districts[:11]]
    f = find(r.internal_members, plan, "D1組", chiefs, {"D1": districts[0]})
    assert f.status == "unmet" and f"未納入{districts[11]}首長" in f.detail and "11／12" in f.detail
    deputy = member("副", districts[11], "副區長")  # 註1（三）D1 組可以其職務代理人為委員
    assert find(r.internal_members, plan, "D1組", [*chiefs, deputy], {"D1": districts[0]}).status == "met"


def test_e1_has_no_internal_member_duty(plan):
    assert find(r.internal_members, plan, "E1組", []) is None


def test_the_city_planning_commission_sends_a_member_to_the_urban_development_task_force(plan):
    f = find(r.special_unit_member, plan, "都發局", [member("甲", "都市計畫委員會", "執行秘書")], subject="都委會")
    assert f.status == "met" and f.detail == "都發局性平小組中都委會派員：甲（執行秘書）"
    f = find(r.special_unit_member, plan, "都發局", [member("乙", "都發局", "科長")], subject="都委會")
    assert f.status == "unmet" and f.detail == "都發局性平小組中尚無都委會派員"
