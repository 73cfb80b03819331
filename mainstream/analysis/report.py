"""Gender analysis's part of the reports (伍、四), and the analyses listed on the public zone pages."""

from __future__ import annotations

from mainstream.reports.sections import PlanItemDraft, PublicDocument, Section, Source, Table, tool_title


def report_section(unit_short: str, year: int) -> Section:
    from .models import Analysis

    section = Section("analysis", tool_title("analysis"))
    table = Table("性別分析", ["題目", "撰擬方式", "性平小組報告日期", "列計", "後續運用"])
    for a in Analysis.objects.filter(unit__short_name=unit_short, year=year).order_by("title"):
        table.add(
            [a.title, a.method, a.reported_on, "是" if a.counts else "否", a.followup[:60]],
            [Source(f"性別分析「{a.title}」", f"/analysis/{a.id}/")],
        )
    if table.rows:
        section.tables.append(table)
    return section


def public_documents(unit_short: str) -> list[PublicDocument]:
    """Analyses reported to the task force (and counted) are listed by title; their files are not served here."""
    from .models import Analysis

    return [
        PublicDocument(a.year, a.title, "性別分析")
        for a in Analysis.objects.filter(
            unit__short_name=unit_short, descriptive_only=False, reported_on__isnull=False
        ).order_by("-year", "title")
    ]


def plan_items(unit_short: str, year: int) -> list[PlanItemDraft]:
    from .models import Analysis

    n = Analysis.objects.filter(unit__short_name=unit_short, year=year, descriptive_only=False).count()
    return [PlanItemDraft("analysis", "性別分析", n, f"{year} 年辦理 {n} 篇")] if n else []
