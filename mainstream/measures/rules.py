"""Rules of strategies and concrete measures (陸、一): distinct categories and number of measures.

Quotas come from the plan file (``measures.categories.min_categories``, ``measures.items.min_items``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mainstream.evaluation.engine import Context, Evidence, Finding, rule


@dataclass(frozen=True)
class MeasureFact:
    unit: str
    title: str
    category: int
    item: int
    id: int | None = None


@dataclass(frozen=True)
class MeasuresFacts:
    measures: tuple[MeasureFact, ...]

    def of(self, unit: str) -> list[MeasureFact]:
        return [m for m in self.measures if m.unit == unit]


def measures_facts(ctx: Context) -> MeasuresFacts:
    from .models import Measure

    qs = Measure.objects.filter(year=ctx.year).select_related("unit")
    if ctx.only:
        qs = qs.filter(unit__short_name=ctx.only)
    return MeasuresFacts(tuple(MeasureFact(m.unit.short_name, m.title, m.category, m.item, m.id) for m in qs))


def _evidence(measures: list[MeasureFact]) -> list[Evidence]:
    return [Evidence(f"（{m.category}）{m.item}. {m.title}", f"/measures/{m.id}/" if m.id else "") for m in measures]


@rule("measures.categories", facts=measures_facts)
def categories(facts: MeasuresFacts, ctx: Context) -> Iterator[Finding]:
    """陸、一: each unit runs measures in at least its group's number of distinct categories."""
    for unit in ctx.units:
        if not ctx.applies(unit, "measures.categories"):
            yield ctx.not_applicable("measures.categories", unit, "都委會僅須辦理參、三、(三) 所列事項")
            continue
        required = ctx.param("measures.categories", "min_categories", unit.group)
        mine = facts.of(unit.short)
        distinct = sorted({m.category for m in mine})
        names = "、".join(f"({n})" for n in distinct) or "無"
        yield ctx.unit_finding(
            "measures.categories",
            unit,
            met=len(distinct) >= required,
            actual=len(distinct),
            required=required,
            detail=f"辦理類別 {len(distinct)} 類（{names}），應達 {required} 類",
            evidence=_evidence(mine),
        )


@rule("measures.items", facts=measures_facts)
def items(facts: MeasuresFacts, ctx: Context) -> Iterator[Finding]:
    """陸、一: each unit runs at least its group's number of measures in the year."""
    for unit in ctx.units:
        if not ctx.applies(unit, "measures.items"):
            yield ctx.not_applicable("measures.items", unit, "都委會僅須辦理參、三、(三) 所列事項")
            continue
        required = ctx.param("measures.items", "min_items", unit.group)
        mine = facts.of(unit.short)
        yield ctx.unit_finding(
            "measures.items",
            unit,
            met=len(mine) >= required,
            actual=len(mine),
            required=required,
            detail=f"辦理措施 {len(mine)} 項，應達 {required} 項",
            evidence=_evidence(mine),
        )
