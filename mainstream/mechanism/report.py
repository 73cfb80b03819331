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
        table.add(
            [li.name, li.get_role_display(), li.title, li.joined_circle], [Source(f"性平聯絡人 #{li.id} {li.name}")]
        )
    if liaisons:
        section.tables.append(table)
    section.tables.extend(_meeting_tables(unit_short, year))
    return section


def _meeting_tables(unit_short: str, year: int) -> list[Table]:
    try:
        from .models import Meeting  # type: ignore[attr-defined]
    except ImportError:
        return []
    meetings = _meetings(Meeting, unit_short, year)
    table = Table("性平小組會議", ["日期", "會議", "有效"])
    for m in meetings:
        valid = getattr(m, "valid", None)
        table.add(
            [getattr(m, "date", None), str(m), "" if valid is None else ("是" if valid else "否")],
            [Source(f"會議 #{m.pk} {m}", f"/mechanism/meetings/{m.pk}/")],
        )
    return [table] if meetings else []


def _meetings(Meeting, unit_short: str, year: int) -> list:  # type: ignore[no-untyped-def]
    qs = Meeting.objects.all()
    names = {f.name for f in Meeting._meta.get_fields()}
    if "taskforce" in names:
        qs = qs.filter(taskforce__units__short_name=unit_short)
    elif "unit" in names:
        qs = qs.filter(unit__short_name=unit_short)
    if "date" in names:
        qs = qs.filter(date__year=roc.to_ad_year(year)).order_by("date")
    elif "year" in names:
        qs = qs.filter(year=year)
    return list(qs.distinct())


def plan_items(unit_short: str, year: int) -> list[PlanItemDraft]:
    from mainstream.plan.loader import current_plan

    plan = current_plan()
    spec = plan.units.get(unit_short)
    if spec is None or not plan.applies(spec, "mechanism.taskforce.meetings"):
        return []
    n = plan.param("mechanism.taskforce.meetings", "min_valid_meetings", spec.group, year + 1)
    return [
        PlanItemDraft(
            "mechanism", "性平小組會議", n, "每年第一次會議安排前一年度成果報告，最後一次會議安排下一年度工作規劃報告"
        )
    ]
