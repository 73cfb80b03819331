"""Who sits on a task force besides its convener (伍、一、(二)、1 府內委員 and 參、三、(三)).

- ``mechanism.taskforce.internal_members``: 府內委員 as the duty table and its footnote 1 say — D1組 the 12 district
  chiefs (or their deputies, 註1（三）); the library's branch heads of the four areas; 警察局 only its 8 科 9 室 3 中心;
  衛生局 without the 12 health centres, 民政局 without the 12 household registration offices; a composite group the
  lead unit's section heads; E1組 none. Whether *every* section head of a unit sits on it needs the unit's list of
  sections, which the registry does not hold: the finding says so (docs/interpretations.md).
- ``mechanism.taskforce.special_unit_member``: 都委會 「派員配合參與都發局性別平等專案小組」.
Every list, title and number comes from the plan file.
"""

from __future__ import annotations

from collections.abc import Iterator

from mainstream.evaluation.engine import Context, Finding, rule

from ..validity import INTERNAL, MemberFact
from .heads import DEPUTY, HeadTitles, standing, unit_of_organisation
from .taskforces import TaskForceFacts, member_evidence, reference_date, serving, specs, taskforce_facts, tf_finding

INTERNAL_RULE = "mechanism.taskforce.internal_members"
SPECIAL_RULE = "mechanism.taskforce.special_unit_member"


def _unit_of(ctx: Context, m: MemberFact) -> str | None:
    return unit_of_organisation(ctx.plan, m.organisation) or m.from_unit


@rule(INTERNAL_RULE, facts=taskforce_facts)
def internal_members(facts: TaskForceFacts, ctx: Context) -> Iterator[Finding]:
    """伍、一、(二)、1 府內委員 (and 註1): the checks the records allow, per group; E1組 has none (「/」)."""
    heads = HeadTitles.of(ctx.plan, ctx.year)
    on = reference_date(ctx)
    per_unit_count = ctx.param(INTERNAL_RULE, "required_count", None) or {}
    branches = ctx.param(INTERNAL_RULE, "branch_heads", None) or {}
    excluded = ctx.param(INTERNAL_RULE, "excluded_organisations", None) or {}
    for tf in specs(ctx):
        if not ctx.param(INTERNAL_RULE, "applies", tf.group):
            continue
        internal = [m for m in serving(facts, tf, on) if m.kind == INTERNAL and not m.convener]
        problems: list[str] = []
        if ctx.param(INTERNAL_RULE, "district_heads", tf.group):
            deputies = bool(ctx.param(INTERNAL_RULE, "deputies_allowed", tf.group))
            missing = []
            for unit in tf.units:
                ranks = [
                    standing(ctx.plan, heads, m.organisation, m.title, m.from_unit)
                    for m in serving(facts, tf, on)
                    if m.kind == INTERNAL or m.convener
                ]
                ok = any(s.unit == unit and (s.is_head or (deputies and s.rank == DEPUTY)) for s in ranks)
                if not ok:
                    missing.append(unit)
            if missing:
                problems.append(f"未納入{'、'.join(missing)}首長（或其職務代理人）")
            summary = f"{ctx.plan.group_called(tf.group)}首長 {len(tf.units) - len(missing)}／{len(tf.units)} 位為委員"
        else:
            must = ctx.lead_units.get(tf.group) if tf.composite else tf.convener_unit
            if must is None:
                problems.append("未設定當年度主責機關")
                mine: list[MemberFact] = []
            else:
                mine = [m for m in internal if _unit_of(ctx, m) == must]
                if not mine:
                    problems.append(f"府內委員中無{must}之科組室主管或二級機關首長")
                need = per_unit_count.get(must)
                if need is not None and len(mine) < int(need):
                    problems.append(f"{must}府內委員 {len(mine)} 人，應有 {need} 人")
                branch = branches.get(must)
                if branch:
                    titles = tuple(branch.get("titles", ()))
                    n = sum(1 for m in mine if m.title.strip().endswith(titles))
                    if n < int(branch.get("min", 0)):
                        problems.append(f"分館主管 {n} 人，應有 {branch.get('min')} 人（{branch.get('words', '')}）")
                for word in excluded.get(must, ()):
                    wrong = [m.name for m in internal if word in m.organisation or word in m.title]
                    if wrong:
                        problems.append(f"{'、'.join(wrong)}屬{word}，不列府內委員")
            summary = f"府內委員 {len(internal)} 人" + (f"（{must} {len(mine)} 人）" if must else "")
            if not problems:
                summary += "；是否涵蓋所有科組室主管及二級機關首長，須依組織規程核對（系統未登錄科室名冊）"
        yield tf_finding(
            ctx,
            INTERNAL_RULE,
            tf,
            met=not problems,
            actual=len(internal),
            required=None,
            detail=summary + ("；" + "；".join(problems) if problems else ""),
            evidence=member_evidence(tf, internal, ctx.year),
        )


@rule(SPECIAL_RULE, facts=taskforce_facts)
def special_unit_member(facts: TaskForceFacts, ctx: Context) -> Iterator[Finding]:
    """參、三、(三): 「都委會…應辦事項僅須…派員配合參與都發局性別平等專案小組」 — a member of the attached unit's task
    force whose 所屬機關 is the special unit."""
    on = reference_date(ctx)
    by_code = {tf.code: tf for tf in specs(ctx)}
    for unit in ctx.units:
        if not unit.attached_to or not ctx.applies(unit, SPECIAL_RULE):
            continue
        tf = by_code.get(unit.attached_to)
        members = [m for m in serving(facts, tf, on) if _unit_of(ctx, m) == unit.short] if tf else []
        names = "、".join(f"{m.name}（{m.title or '未登錄職稱'}）" for m in members)
        yield ctx.unit_finding(
            SPECIAL_RULE,
            unit,
            met=bool(members),
            actual=len(members),
            required=1,
            detail=f"{unit.attached_to}性平小組中{unit.short}派員：{names}"
            if members
            else f"{unit.attached_to}性平小組中尚無{unit.short}派員",
            evidence=member_evidence(tf, members, ctx.year) if tf else [],
        )
