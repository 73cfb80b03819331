"""Gender budget's part of the reports (伍、六): the unit's gender budget lines and its submission."""

from __future__ import annotations

from mainstream import roc
from mainstream.reports.sections import PlanItemDraft, Section, Source, Table, tool_title


def report_section(unit_short: str, year: int) -> Section:
    from .models import BudgetLine, BudgetSubmission

    section = Section("budget", tool_title("budget"))
    lines = Table("性別預算", ["計畫名稱", "金額（新臺幣元）", "新增", "性別目標說明"])
    total = 0
    for b in BudgetLine.objects.filter(unit__short_name=unit_short, year=year).order_by("programme"):
        total += int(b.amount)
        lines.add(
            [b.programme, int(b.amount), "是" if b.new else "", b.purpose[:80]],
            [Source(f"性別預算「{b.programme}」", f"/budget/?year={year}&unit={b.unit_id}")],
        )
    if lines.rows:
        lines.add(["合計", total, "", ""], [Source(f"上列 {len(lines.rows)} 筆性別預算")])
        section.tables.append(lines)
    submission = BudgetSubmission.objects.filter(unit__short_name=unit_short, year=year).first()
    if submission is not None:
        sub = Table("提交主計處", ["提交日期"])
        sub.add([submission.submitted_on], [Source(f"性別預算提交（{roc.format_date(submission.submitted_on)}）")])
        section.tables.append(sub)
    return section


def plan_items(unit_short: str, year: int) -> list[PlanItemDraft]:
    from .models import BudgetLine

    return [
        PlanItemDraft("budget", f"性別預算：{b.programme}", None, f"{year} 年 {int(b.amount):,} 元")
        for b in BudgetLine.objects.filter(unit__short_name=unit_short, year=year).order_by("programme")
    ]
