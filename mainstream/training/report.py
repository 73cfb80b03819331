"""Training's part of the reports (伍、二): staff by category with hours, and courses the unit ran."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from mainstream.reports.sections import PlanItemDraft, Section, Source, Table, tool_title


def report_section(unit_short: str, year: int) -> Section:
    from mainstream.plan.selectors import plan_in_force

    from .models import Course, Staff, TrainingRecord

    plan = plan_in_force(year)
    spec = plan.units.get(unit_short)
    group = spec.group if spec else None
    section = Section("training", tool_title("training"))
    staff = list(Staff.objects.filter(unit__short_name=unit_short, year=year).values_list("person_id", "category"))
    hours: dict[int, Decimal] = defaultdict(Decimal)
    n_records = 0
    for person_id, h in TrainingRecord.objects.filter(person_id__in={p for p, _ in staff}, year=year).values_list(
        "person_id", "hours"
    ):
        hours[person_id] += h
        n_records += 1
    people = Table("各類人員受訓情形", ["人員類別", "人數", "應達時數", "達標人數", "達標比率", "總時數"])
    from .rules import duty_of_category

    duties = duty_of_category(plan, year)
    for value, label in plan.staff_categories.items():
        mine = [p for p, c in staff if c == value]
        if not mine:
            continue
        duty = duties.get(value, "")
        need = plan.param(duty, "min_hours", group, year) if duty in plan.duties else None
        done = sum(1 for p in mine if need is not None and hours[p] >= Decimal(str(need)))
        total = sum((hours[p] for p in mine), Decimal())
        people.add(
            [label, len(mine), need, done, f"{100 * done / len(mine):.1f}%", f"{total:g}"],
            [
                Source(f"{year} 年人員名冊：{unit_short} {label} {len(mine)} 人", f"/training/?year={year}"),
                Source(f"{year} 年訓練時數紀錄 {n_records} 筆（全機關）", f"/training/?year={year}"),
            ],
        )
    courses = Table("自辦（合辦）課程", ["日期", "課程", "類別", "方式", "時數"])
    qs = (
        (
            Course.objects.filter(year=year, organiser__short_name=unit_short)
            | Course.objects.filter(year=year, joint_units__short_name=unit_short)
        )
        .distinct()
        .order_by("date", "id")
    )
    for c in qs:
        courses.add(
            [c.date, c.title, plan.course_level_name(c.level), plan.course_mode_name(c.mode), c.hours],
            [Source(f"課程「{c.title}」", f"/training/courses/{c.id}/")],
        )
    section.tables = [t for t in (people, courses) if t.rows]
    return section


def plan_items(unit_short: str, year: int) -> list[PlanItemDraft]:
    from mainstream.plan.selectors import plan_in_force

    from .models import Course

    plan = plan_in_force(year)
    return [
        PlanItemDraft("training", f"自辦課程：{c.title}", 1, f"{plan.course_mode_name(c.mode)} {c.hours:g} 小時")
        for c in Course.objects.filter(year=year, organiser__short_name=unit_short).order_by("date")
    ]
