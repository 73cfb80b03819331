"""The mechanism's part of the reports (伍、一): liaisons, and task-force meetings once recorded."""

from __future__ import annotations

from mainstream import roc
from mainstream.reports.sections import PlanItemDraft, Section, Source, Table, tool_title


def report_section(unit_short: str, year: int) -> Section:
    from .models import Liaison

    section = Section("mechanism", tool_title("mechanism"))
    end, start = roc.year_end(year), roc.year_start(year)
    liaisons = [
        li
        for li in Liaison.objects.filter(unit__short_name=unit_short).order_by("role", "name")
        if (li.joined_circle is None or li.joined_circle <= end) and (li.left is None or li.left >= start)
    ]
    table = Table("性平聯絡人", ["姓名", "角色", "職稱", "加入聯繫圈日期"])
    for li in liaisons:
        table.add([li.name, li.get_role_display(), li.title, li.joined_circle], [Source(f"性平聯絡人 {li.name}")])
    if liaisons:
        section.tables.append(table)
    section.tables.extend(_meeting_tables(unit_short, year))
    return section


def _meeting_tables(unit_short: str, year: int) -> list[Table]:
    """The task force's meetings of the year with their validity, judged as the rules judge them (伍、一、(二)、4)."""
    from mainstream.evaluation.services import context_build

    from .derive import taskforce_of_unit, taskforce_specs
    from .rules import taskforces as tf_rules

    ctx = context_build(year=year)
    code = taskforce_of_unit(ctx.plan, unit_short)
    spec = next((t for t in taskforce_specs(ctx.plan, ctx.lead_units) if t.code == code), None)
    if spec is None:
        return []
    facts = tf_rules.taskforce_facts(ctx)
    table = Table(f"性平小組（{spec.name}）會議", ["日期", "會議", "有效", "出席／應出席", "說明"])
    for meeting, validity in tf_rules.year_meetings(facts, spec, ctx):
        table.add(
            [
                meeting.date,
                meeting.title,
                "有效" if validity.valid else "無效",
                f"{validity.present}／{validity.required_present}",
                validity.reason,
            ],
            [Source(f"會議「{meeting.title}」", f"/mechanism/meetings/{meeting.id}/")],
        )
    return [table] if table.rows else []


def plan_items(unit_short: str, year: int) -> list[PlanItemDraft]:
    from mainstream.plan.selectors import YearNotCovered, plan_in_force

    try:  # the yearly plan is for the next year: its plan if one is known, else this year's
        plan = plan_in_force(year + 1)
    except YearNotCovered:
        plan = plan_in_force(year)
    spec = plan.units.get(unit_short)
    if spec is None or not plan.applies(spec, "mechanism.taskforce.meetings"):
        return []
    n = plan.param("mechanism.taskforce.meetings", "min_valid_meetings", spec.group, year + 1)
    return [
        PlanItemDraft(
            "mechanism", "性平小組會議", n, "每年第一次會議安排前一年度成果報告，最後一次會議安排下一年度工作規劃報告"
        )
    ]
