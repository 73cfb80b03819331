"""Who a convener is (伍、一、(二)、1 召集人): the head (機關首長) of which unit, a deputy, or someone else.

Pure: a member's 所屬機關 and 職稱 in, a :class:`Standing` out. The head titles, the acting and deputy marks come
from the plan file (``mechanism.taskforce.convener`` params ``head_titles``, ``head_titles_of_unit``,
``acting_marks``, ``deputy_marks``). Titles are compared whole after the unit's name and an acting mark are taken
off — never by substring, so 副局長 is not 局長 and 秘書室主任 is not 主任.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mainstream.plan.model import Plan

HEAD, ACTING, DEPUTY, OTHER, UNKNOWN = "head", "acting", "deputy", "other", "unknown"
_SPACE = re.compile(r"\s+")
_BRACKETS = "()（）[]［］【】"


@dataclass(frozen=True)
class Standing:
    """What a member is to a unit: ``unit`` (short name, the office's short name, or None for an outside body or
    an unknown 所屬機關) and ``rank`` (head | acting | deputy | other | unknown)."""

    unit: str | None
    rank: str
    title: str  # the title as recorded

    @property
    def is_head(self) -> bool:
        return self.rank in (HEAD, ACTING)

    def words(self) -> str:
        """'勞動局局長', '交通局副局長', '（未登錄所屬機關及職稱）'."""
        if self.unit is None and not self.title:
            return "未登錄所屬機關及職稱"
        return f"{self.unit or '所屬機關不明'}{self.title or '（未登錄職稱）'}"


@dataclass(frozen=True)
class HeadTitles:
    """The plan's data about heads for one year."""

    by_group: dict[str, tuple[str, ...]]
    by_unit: dict[str, tuple[str, ...]]
    acting_marks: tuple[str, ...]
    deputy_marks: tuple[str, ...]

    @classmethod
    def of(cls, plan: Plan, year: int, rule_id: str = "mechanism.taskforce.convener") -> HeadTitles:
        params = plan.duty(rule_id).params
        by_group = {g: tuple(plan.param(rule_id, "head_titles", g, year) or ()) for g in plan.groups}
        by_unit = {
            str(k): tuple(v)
            for k, v in (plan.param(rule_id, "head_titles_of_unit", None, year) or {}).items()
            if "head_titles_of_unit" in params
        }
        acting = tuple(plan.param(rule_id, "acting_marks", None, year) or ()) if "acting_marks" in params else ()
        deputy = tuple(plan.param(rule_id, "deputy_marks", None, year) or ()) if "deputy_marks" in params else ()
        return cls(by_group, by_unit, acting, deputy)

    def titles_of(self, plan: Plan, unit: str) -> tuple[str, ...]:
        if unit in self.by_unit:
            return self.by_unit[unit]
        spec = plan.units.get(unit)
        return self.by_group.get(spec.group, ()) if spec else ()


def _clean(text: str) -> str:
    return _SPACE.sub("", text or "")


def _strip_acting(title: str, marks: tuple[str, ...]) -> tuple[str, bool]:
    """'代理局長' / '局長（代理）' / '局長(代理)' → ('局長', True)."""
    acting = False
    for mark in marks:
        for left, right in (("（", "）"), ("(", ")"), ("[", "]"), ("［", "］"), ("【", "】")):
            wrapped = f"{left}{mark}{right}"
            if wrapped in title:
                title, acting = title.replace(wrapped, ""), True
        if title.startswith(mark):
            title, acting = title[len(mark) :], True
    return title.strip(_BRACKETS), acting


def unit_of_organisation(plan: Plan, organisation: str) -> str | None:
    """A unit's short name (or the office's) from 所屬機關 as written (short, full, alias; 臺北市政府 prefix ok)."""
    text = _clean(organisation)
    if not text:
        return None
    for candidate in (text, text.removeprefix("臺北市政府"), text.removeprefix("台北市政府")):
        spec = plan.unit_by_name(candidate)
        if spec is not None:
            return spec.short
    return None


def standing(plan: Plan, heads: HeadTitles, organisation: str, title: str, from_unit: str | None = None) -> Standing:
    """Whom the member heads, if anyone. ``organisation`` (所屬機關) names the unit; ``from_unit`` is used when it is
    empty. The title is compared whole with the unit's head titles once the unit's own name (勞動局局長) and an acting
    mark (代理局長, 局長（代理）) are taken off; a deputy mark before a head title (副局長) makes a deputy."""
    unit = unit_of_organisation(plan, organisation) or (from_unit if not _clean(organisation) else None)
    raw = _clean(title)
    if unit is None or not raw:
        return Standing(unit, UNKNOWN, title.strip())
    spec = plan.office if unit == plan.office.short else plan.units.get(unit)
    bare = raw
    for name in sorted(spec.names if spec else (), key=len, reverse=True):
        for prefix in (name, f"臺北市政府{name}"):
            if bare.startswith(prefix) and len(bare) > len(prefix):
                bare = bare[len(prefix) :]
    bare, acting = _strip_acting(bare, heads.acting_marks)
    titles = heads.titles_of(plan, unit)
    if bare in titles:
        return Standing(unit, ACTING if acting else HEAD, title.strip())
    for mark in heads.deputy_marks:
        if bare.startswith(mark) and bare[len(mark) :] in titles:
            return Standing(unit, DEPUTY, title.strip())
    return Standing(unit, OTHER, title.strip())
