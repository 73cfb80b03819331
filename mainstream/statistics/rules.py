"""Rule of gender statistics (伍、三、(二)、2、A): every two years at least one new indicator, item or
sub-classification.

The windows (109–110, 111–112) and the quota come from the plan file (``statistics.new_indicator``:
``window: 2``, ``min_new`` per group; D and D1 have none). An entry counts in the window of the year it was
added, once its date of addition is on or before the as-of date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from mainstream import roc
from mainstream.evaluation.engine import Context, Evidence, Finding, rule

RULE = "statistics.new_indicator"
KIND_LABELS = {"indicator": "指標", "item": "項目", "subclass": "複分類"}


@dataclass(frozen=True)
class IndicatorFact:
    unit: str
    kind: str  # indicator | item | subclass
    name: str  # the full path: 指標 › 項目 › 複分類
    added_on: date
    id: int | None = None


@dataclass(frozen=True)
class StatisticsFacts:
    indicators: tuple[IndicatorFact, ...]
    by_unit: dict[str, list[IndicatorFact]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for i in self.indicators:
            self.by_unit.setdefault(i.unit, []).append(i)

    def added(self, unit: str, first: int, last: int, as_of: date) -> list[IndicatorFact]:
        start, end = roc.year_start(first), min(roc.year_end(last), as_of)
        return [i for i in self.by_unit.get(unit, ()) if start <= i.added_on <= end]


def statistics_facts(ctx: Context) -> StatisticsFacts:
    from .models import Indicator

    first = min(ctx.window(RULE, g)[0] for g in ctx.plan.groups)
    qs = Indicator.objects.filter(added_on__gte=roc.year_start(first), added_on__lte=roc.year_end(ctx.year + 1))
    qs = qs.select_related("unit", "parent__parent")
    if ctx.only:
        qs = qs.filter(unit__short_name=ctx.only)
    return StatisticsFacts(tuple(IndicatorFact(i.unit.short_name, i.kind, i.path, i.added_on, i.id) for i in qs))


def _evidence(entries: list[IndicatorFact]) -> list[Evidence]:
    return [
        Evidence(
            f"{KIND_LABELS.get(i.kind, i.kind)}「{i.name}」（{roc.format_date(i.added_on)} 新增）",
            f"/statistics/{i.id}/" if i.id else "",
        )
        for i in entries
    ]


@rule(RULE, facts=statistics_facts)
def new_indicator(facts: StatisticsFacts, ctx: Context) -> Iterator[Finding]:
    """伍、三、(二)、2、A: A, B, B1, C, C1, C2 and E1 add at least one indicator, item or sub-classification
    (e.g. 年齡, 教育程度, 區域) in each two-year window; D and D1 have no such duty (應辦事項一覽表)."""
    for unit in ctx.units:
        if not ctx.applies(unit, RULE):
            yield ctx.not_applicable(RULE, unit, "都委會僅須辦理參、三、(三) 所列事項")
            continue
        required = ctx.param(RULE, "min_new", unit.group)
        if required is None:
            yield ctx.not_applicable(RULE, unit, f"{ctx.plan.groups[unit.group].name}無新增性別統計指標之規定")
            continue
        first, last = ctx.window(RULE, unit.group)
        added = facts.added(unit.short, first, last, ctx.as_of)
        kinds = "、".join(
            f"{label} {n}" for k, label in KIND_LABELS.items() if (n := sum(1 for i in added if i.kind == k))
        )
        yield ctx.unit_finding(
            RULE,
            unit,
            met=len(added) >= required,
            actual=len(added),
            required=required,
            detail=f"{first}–{last} 年新增性別統計指標、項目或複分類 {len(added)} 項"
            f"{f'（{kinds}）' if kinds else ''}，每 {last - first + 1} 年應達 {required} 項",
            evidence=_evidence(added),
        )


# -- 主計處's yearly review of the indicator list (伍、三、(二)、1、A) ----------------------------------------------
REVIEW = "statistics.yearly_review"


@dataclass(frozen=True)
class ReviewFacts:
    """What shows the city's indicator list was reviewed and revised in a year: entries added to it (by any unit:
    主計處 compiles them) and revisions of the gender statistics tables imported, each with its date."""

    added: tuple[IndicatorFact, ...] = ()
    revisions: tuple[tuple[str, date], ...] = ()  # (table code, day imported)


def review_facts(ctx: Context) -> ReviewFacts:
    from .models import Indicator, StatRevision

    first, last = roc.year_start(ctx.year), roc.year_end(ctx.year)
    added = tuple(
        IndicatorFact(i.unit.short_name, i.kind, i.path, i.added_on, i.id)
        for i in Indicator.objects.filter(added_on__gte=first, added_on__lte=last).select_related(
            "unit", "parent__parent"
        )
    )
    revisions = tuple(
        (code, at.date())
        for code, at in StatRevision.objects.filter(imported_at__date__gte=first, imported_at__date__lte=last)
        .order_by("imported_at")
        .values_list("table__code", "imported_at")
    )
    return ReviewFacts(added, revisions)


@rule(REVIEW, facts=review_facts)
def yearly_review(facts: ReviewFacts, ctx: Context) -> Iterator[Finding]:
    """伍、三、(二)、1、A: 「主計處：編製臺北市性別統計指標項目並按年檢討修訂」. A year is met when the list was revised in
    it (an indicator, item or sub-classification added, or a table revision imported) by the as-of date; a review that
    changed nothing leaves no record here (docs/interpretations.md). In progress while the year is open."""
    reviewer = ctx.param(REVIEW, "unit", None)
    unit = next((u for u in ctx.units if u.short == reviewer), None)
    if unit is None:
        return
    added = [i for i in facts.added if i.added_on <= ctx.as_of]
    revisions = [(code, day) for code, day in facts.revisions if day <= ctx.as_of]
    parts = []
    if added:
        parts.append(
            f"新增指標、項目或複分類 {len(added)} 項（最近 {roc.format_date(max(i.added_on for i in added))}）"
        )
    if revisions:
        parts.append(f"統計表更新 {len(revisions)} 次（最近 {roc.format_date(revisions[-1][1])}）")
    yield ctx.unit_finding(
        REVIEW,
        unit,
        met=bool(parts),
        actual=len(added) + len(revisions),
        required=1,
        detail=f"{ctx.year} 年臺北市性別統計指標項目檢討修訂：" + ("；".join(parts) if parts else "尚無修訂紀錄"),
        evidence=_evidence(added[:10]),
    )
