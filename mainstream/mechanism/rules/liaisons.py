"""Rules of the gender equality mechanism (伍、一).

``mechanism.liaisons`` (伍、一、(一)、1): A, B, B1, C, C1, C2 need a staff officer and a supervisor as
liaisons; D, D1 and E1 at least one; every liaison in office must be in the liaison circle. The
numbers are in the plan file (``min_staff``, ``min_supervisor``, ``min_total``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from mainstream import roc
from mainstream.evaluation.engine import Context, Evidence, Finding, rule


@dataclass(frozen=True)
class LiaisonFact:
    unit: str
    name: str
    role: str  # staff | supervisor
    joined_circle: date | None
    left: date | None
    id: int | None = None

    def in_office(self, on: date) -> bool:
        return self.left is None or self.left > on

    def in_circle(self, on: date) -> bool:
        return self.joined_circle is not None and self.joined_circle <= on and self.in_office(on)


@dataclass(frozen=True)
class LiaisonFacts:
    liaisons: tuple[LiaisonFact, ...]

    def of(self, unit: str) -> list[LiaisonFact]:
        return [x for x in self.liaisons if x.unit == unit]


def liaison_facts(ctx: Context) -> LiaisonFacts:
    from ..models import Liaison

    qs = Liaison.objects.select_related("unit")
    if ctx.only:
        qs = qs.filter(unit__short_name=ctx.only)
    return LiaisonFacts(
        tuple(LiaisonFact(x.unit.short_name, x.name, x.role, x.joined_circle, x.left, x.id) for x in qs)
    )


def reference_date(ctx: Context) -> date:
    """Liaisons are counted as of the as-of date, or the year's last day once the year is over."""
    return min(ctx.as_of, roc.year_end(ctx.year))


@rule("mechanism.liaisons", facts=liaison_facts)
def liaisons(facts: LiaisonFacts, ctx: Context) -> Iterator[Finding]:
    rule_id = "mechanism.liaisons"
    on = reference_date(ctx)
    for unit in ctx.units:
        if unit.attached_to:  # 參、三、(三): 都委會 only needs a liaison in the circle
            need_staff = need_supervisor = 0
            need_total = ctx.param(rule_id, "special_min_total", None)
        else:
            need_staff = ctx.param(rule_id, "min_staff", unit.group)
            need_supervisor = ctx.param(rule_id, "min_supervisor", unit.group)
            need_total = ctx.param(rule_id, "min_total", unit.group)
        serving = [x for x in facts.of(unit.short) if x.in_office(on)]
        staff = sum(x.role == "staff" for x in serving)
        supervisors = sum(x.role == "supervisor" for x in serving)
        must_join = ctx.param(rule_id, "in_circle", unit.group)  # 伍、一、(一)、1: all join the liaison circle
        outside = [x.name for x in serving if must_join and not x.in_circle(on)]
        problems = []
        if staff < need_staff:
            problems.append(f"承辦人 {staff} 人，應有 {need_staff} 人")
        if supervisors < need_supervisor:
            problems.append(f"主管 {supervisors} 人，應有 {need_supervisor} 人")
        if len(serving) < need_total:
            problems.append(f"聯絡人 {len(serving)} 人，應有 {need_total} 人")
        if outside:
            problems.append(f"未加入性平聯繫圈：{'、'.join(outside)}")
        detail = "；".join(problems) or f"承辦人 {staff} 人、主管 {supervisors} 人，均已加入性平聯繫圈"
        yield ctx.unit_finding(
            rule_id,
            unit,
            met=not problems,
            actual=len(serving) - len(outside),
            required=need_total,
            detail=detail,
            evidence=[
                Evidence(
                    f"{x.name}（{'承辦人' if x.role == 'staff' else '主管'}）"
                    f"{'，加入聯繫圈 ' + roc.format_date(x.joined_circle) if x.joined_circle else '，未加入聯繫圈'}",
                    f"/mechanism/liaisons/{x.id}/" if x.id else "",
                )
                for x in serving
            ],
        )
