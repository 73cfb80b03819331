"""Penalty grounds (捌、二): who a ground binds — pure, plain data in and out.

(一) 「各性平小組未完成每年至少應召開會議次數」 binds whoever convenes the task force (伍、一、(二)、4、B 「由各性平小組
召集人召開會議」): a unit's own task force binds the unit; a composite group (B1, C1, C2, D1組) binds the year's lead
unit, whose head convenes it (「主責機關構按年輪流擔任」); E1組 binds the office, which convenes it (「E1組由性平辦擔任
召集人」) — never the first unit of the group. docs/interpretations.md records this choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mainstream.mechanism.derive import taskforce_specs
from mainstream.plan.model import Plan


@dataclass(frozen=True)
class Bound:
    """The unit a ground binds (short name; None when it cannot be told) and why, in words."""

    unit: str | None
    why: str


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name)


def meetings_bound(plan: Plan, finding: Any, lead_units: dict[str, str]) -> Bound:
    """Whom the meetings shortfall of ``finding`` (a ``mechanism.taskforce.meetings`` finding, object or JSON) binds."""
    subject = _get(finding, "subject")
    units = tuple(_get(finding, "units") or ())
    spec = next((s for s in taskforce_specs(plan, lead_units) if s.name == subject), None)
    if spec is None:
        return Bound(units[0] if units else None, "")
    if spec.convened_by_office:
        office = plan.office.short
        return Bound(office, f"{spec.name}由{office}擔任召集人，會議次數不足由{office}負責")
    if spec.composite:
        lead = lead_units.get(spec.group)
        if lead is None:
            return Bound(None, f"{spec.name}未設定當年度主責機關，無從認定應受懲處之機關")
        return Bound(lead, f"{spec.name}由當年度主責機關{lead}之首長召集，會議次數不足由{lead}負責")
    return Bound(spec.units[0], "")
