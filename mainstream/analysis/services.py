"""Writes of gender analysis (伍、四). Each is atomic, checks access and is audited.

- a unit records its reports (``analysis_record``), with an optional file;
- the office or 主計處 marks a report that is only descriptive statistics as not counting, with a reason
  (``analysis_mark_descriptive``): 伍、四、(一)、2「若僅依統計資料撰寫描述統計不屬之」;
- 主計處 records its cross-cutting analyses sent to units (``cross_analysis_record``) and each unit records
  whether and how it used them (``cross_use_record``): 伍、四、(二)、1、A.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from mainstream.audit.services import audit_record, changes_between
from mainstream.files import upload_check
from mainstream.imports.schema import WriteResult
from mainstream.plan.selectors import plan_in_force, plan_year_default, plan_year_problem
from mainstream.units.access import access_for, require_write
from mainstream.units.models import Unit

from .models import Analysis, CrossAnalysis, CrossAnalysisUse

TOOL = "analysis"
RULE = "analysis.count"
FIELDS = (
    "method",
    "dimensions",
    "factors",
    "factors_other",
    "groups_needs",
    "data_source",
    "district_data",
    "meeting",
    "reported_on",
    "followup",
    "followup_on",
)
IMPORT_MARK_REASON = "匯入檔案標示為僅描述統計"


def plan_list(name: str, year: int | None = None) -> list[str]:
    """A list of the plan in force for ``year`` (default: the current year) (``analysis.count`` params: methods,
    dimensions, factors)."""
    year = year or plan_year_default()
    return list(plan_in_force(year).param(RULE, name, None, year) or [])


@dataclass(frozen=True)
class AnalysisData:
    unit: Unit
    year: int
    title: str
    method: str
    dimensions: list[str] = field(default_factory=list)
    factors: list[str] = field(default_factory=list)
    factors_other: str = ""
    groups_needs: str = ""
    data_source: str = ""
    district_data: bool = False
    reported_on: date | None = None
    meeting: Any = None  # mechanism.Meeting
    followup: str = ""
    followup_on: date | None = None
    descriptive_only: bool | None = None  # None: leave as it is
    indicators: list[Any] | None = None  # statistics.Indicator (kind 指標) the analysis builds on; None: leave as it is


def analysis_validate(data: AnalysisData) -> None:
    errors = []
    problem = plan_year_problem(data.year)
    if problem:
        errors.append(problem)
    if data.unit.kind != "executing":
        errors.append(f"「{data.unit}」不是執行辦理單位")
    if data.method not in plan_list("methods"):
        errors.append(f"撰擬方式「{data.method}」不是 {'、'.join(plan_list('methods'))} 之一")
    bad = [d for d in data.dimensions if d not in plan_list("dimensions")]
    if bad:
        errors.append(f"性別面向「{'、'.join(bad)}」不是 {'、'.join(plan_list('dimensions'))} 之一")
    bad = [f for f in data.factors if f not in plan_list("factors")]
    if bad:
        errors.append(f"交織因素「{'、'.join(bad)}」不在計畫所列之中（其他因素請填「其他交織因素」）")
    if data.meeting is not None:
        if not data.meeting.taskforce.units.filter(id=data.unit.id).exists():
            errors.append(f"會議「{data.meeting}」不是{data.unit}所屬性平小組的會議")
        elif data.reported_on and data.reported_on != data.meeting.date:
            errors.append("性平小組報告日期與會議日期不同")
    if data.followup_on and not data.followup:
        errors.append("填寫運用日期時請說明據以制定或調整之政策、服務")
    for indicator in data.indicators or []:
        if indicator.kind != "indicator":
            errors.append(f"「{indicator.name}」是{indicator.get_kind_display()}，請選指標")
    if errors:
        raise ValidationError(errors)


def can_mark(user) -> bool:  # type: ignore[no-untyped-def]
    """The office and 主計處 (oversight of analysis) mark reports as descriptive only."""
    return user is None or access_for(user).can_write_unit(None, TOOL)


def _values(obj: Analysis | AnalysisData) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in FIELDS}


def _store_file(analysis: Analysis, upload) -> None:  # type: ignore[no-untyped-def]
    upload_check(upload)
    if analysis.file:
        analysis.file.delete(save=False)
    analysis.file_name = upload.name[:200]
    analysis.file.save(upload.name, upload, save=False)


@transaction.atomic
def analysis_record(
    *,
    data: AnalysisData,
    upload=None,
    by=None,
    instance: Analysis | None = None,  # type: ignore[no-untyped-def]
) -> tuple[Analysis, str]:
    """Create or update a unit's report (by unit, year and title, or ``instance`` when editing one).

    Returns (analysis, created|updated|unchanged).
    """
    require_write(by, data.unit, tool=TOOL)
    if instance is not None:
        require_write(by, instance.unit, tool=TOOL)
    if data.meeting is not None and data.reported_on is None:
        data = AnalysisData(**{**data.__dict__, "reported_on": data.meeting.date})
    analysis_validate(data)
    same_key = Analysis.objects.filter(unit=data.unit, year=data.year, title=data.title).first()
    if instance is not None and same_key is not None and same_key.pk != instance.pk:
        raise ValidationError(f"{data.unit}{data.year} 年已有題目「{data.title}」的性別分析")
    existing = instance or same_key
    before = (
        {**_values(existing), "unit": existing.unit, "year": existing.year, "title": existing.title} if existing else {}
    )
    analysis = existing or Analysis(unit=data.unit, year=data.year, title=data.title)
    analysis.unit, analysis.year, analysis.title = data.unit, data.year, data.title
    for f in FIELDS:
        setattr(analysis, f, getattr(data, f))
    mark_changed = False
    if data.descriptive_only is not None and data.descriptive_only != analysis.descriptive_only:
        # a unit may declare its own report descriptive; only the office or 主計處 lift the mark
        if data.descriptive_only or can_mark(by):
            analysis.descriptive_only = data.descriptive_only
            analysis.descriptive_reason = IMPORT_MARK_REASON if data.descriptive_only else ""
            analysis.descriptive_marked_by = by if getattr(by, "pk", None) else None
            mark_changed = True
    if upload is not None:
        _store_file(analysis, upload)
    diff = (
        changes_between(
            before, {**_values(analysis), "unit": analysis.unit, "year": analysis.year, "title": analysis.title}
        )
        if existing
        else changes_between({}, _values(analysis))
    )
    if mark_changed:
        diff["descriptive_only"] = [str(not analysis.descriptive_only), str(analysis.descriptive_only)]
    if data.indicators is not None:
        old = sorted(i.name for i in existing.indicators.all()) if existing else []
        new = sorted(i.name for i in data.indicators)
        if old != new:
            diff["indicators"] = ["、".join(old) or None, "、".join(new) or None]
    if existing is not None and not diff and upload is None:
        return existing, "unchanged"
    analysis.save()
    if data.indicators is not None:
        analysis.indicators.set(data.indicators)
    if upload is not None:
        diff["file"] = [None, analysis.file_name]
    verb = "修改" if existing else "新增"
    audit_record(
        by=by,
        action=f"analysis.{'update' if existing else 'create'}",
        obj=analysis,
        unit=data.unit,
        summary=f"{verb}性別分析「{data.title}」（{data.year} 年）",
        changes=diff,
    )
    return analysis, "updated" if existing else "created"


@transaction.atomic
def analysis_mark_descriptive(*, analysis: Analysis, descriptive_only: bool, reason: str = "", by=None) -> Analysis:  # type: ignore[no-untyped-def]
    """The office or 主計處 marks a report as only descriptive statistics (not counting), with a reason."""
    require_write(by, None, tool=TOOL)
    reason = reason.strip()
    if descriptive_only and not reason:
        raise ValidationError("標示為僅描述統計（不列計）時請說明理由")
    before = {"descriptive_only": analysis.descriptive_only, "descriptive_reason": analysis.descriptive_reason}
    analysis.descriptive_only = descriptive_only
    analysis.descriptive_reason = reason if descriptive_only else ""
    analysis.descriptive_marked_by = by if getattr(by, "pk", None) else None
    analysis.save()
    after = {"descriptive_only": analysis.descriptive_only, "descriptive_reason": analysis.descriptive_reason}
    audit_record(
        by=by,
        action="analysis.mark",
        obj=analysis,
        unit=analysis.unit,
        summary=f"{'標示' if descriptive_only else '取消標示'}性別分析「{analysis.title}」為僅描述統計",
        changes=changes_between(before, after),
    )
    return analysis


@transaction.atomic
def analysis_delete(*, analysis: Analysis, by=None) -> None:  # type: ignore[no-untyped-def]
    require_write(by, analysis.unit, tool=TOOL)
    audit_record(
        by=by,
        action="analysis.delete",
        obj=analysis,
        unit=analysis.unit,
        summary=f"刪除性別分析「{analysis.title}」（{analysis.year} 年）",
    )
    if analysis.file:
        analysis.file.delete(save=False)
    analysis.delete()


def analyses_import_write(rows: list[AnalysisData], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    result = WriteResult()
    for data in rows:
        existing = Analysis.objects.filter(unit=data.unit, year=data.year, title=data.title).first()
        if (
            existing is not None
            and data.meeting is None
            and existing.meeting is not None
            and existing.reported_on == data.reported_on
        ):
            data = AnalysisData(**{**data.__dict__, "meeting": existing.meeting})  # keep the linked meeting
        analysis, outcome = analysis_record(data=data, by=by)
        if data.descriptive_only is False and analysis.descriptive_only:
            result.notes.append(f"「{analysis.title}」已由性平辦或主計處標示為僅描述統計，維持不列計")
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


# -- 主計處's cross-cutting analyses ---------------------------------------------------------------


@transaction.atomic
def cross_analysis_record(
    *,
    year: int,
    title: str,
    units: list[Unit],
    sent_on: date | None = None,
    upload=None,
    by=None,  # type: ignore[no-untyped-def]
) -> CrossAnalysis:
    """主計處 (or the office) records a cross-cutting analysis and the units it was sent to."""
    require_write(by, None, tool=TOOL)
    if not title.strip():
        raise ValidationError("請填寫題目")
    cross, created = CrossAnalysis.objects.get_or_create(year=year, title=title.strip())
    cross.sent_on = sent_on
    if upload is not None:
        upload_check(upload)
        cross.file_name = upload.name[:200]
        cross.file.save(upload.name, upload, save=False)
    cross.save()
    cross.units.set(units)
    audit_record(
        by=by,
        action="analysis.cross",
        obj=cross,
        summary=f"{'新增' if created else '修改'}綜合性別統計分析「{cross.title}」，送 {len(units)} 機關",
        changes={"units": [None, "、".join(u.short_name for u in units)]},
    )
    return cross


@transaction.atomic
def cross_use_record(
    *, cross: CrossAnalysis, unit: Unit, used: bool, how: str = "", recorded_on: date | None = None, by=None
) -> CrossAnalysisUse:  # type: ignore[no-untyped-def]
    """A unit records whether and how it used a cross-cutting analysis sent to it."""
    require_write(by, unit, tool=TOOL)
    if not cross.units.filter(id=unit.id).exists():
        raise ValidationError(f"「{cross.title}」未送請{unit}研析參採")
    if used and not how.strip():
        raise ValidationError("已參採運用時請說明運用情形")
    use, _ = CrossAnalysisUse.objects.update_or_create(
        cross_analysis=cross,
        unit=unit,
        defaults={"used": used, "how": how.strip(), "recorded_on": recorded_on},
    )
    audit_record(
        by=by,
        action="analysis.cross_use",
        obj=use,
        unit=unit,
        summary=f"{unit}填報綜合分析「{cross.title}」運用情形：{'已運用' if used else '未運用'}",
    )
    return use
