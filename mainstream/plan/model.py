"""The plan as plain data: what the loader returns and what rules read.

Nothing here touches the database, so rules that read a :class:`Plan` can be tested without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ALL = "all"  # a parameter's value for every group (the groups themselves come from the plan file)


@dataclass(frozen=True)
class Dated:
    """A value that takes effect in ROC year ``since`` (a rolling amendment adds a later one)."""

    since: int
    value: Any
    clause: str | None = None


@dataclass(frozen=True)
class Param:
    """A dated parameter, per group code or for ``all`` groups."""

    name: str
    by_group: dict[str, tuple[Dated, ...]]

    def at(self, group: str | None, year: int) -> Dated | None:
        entries = self.by_group.get(group or ALL) or self.by_group.get(ALL)
        if not entries:
            return None
        current = None
        for entry in entries:  # sorted by ``since``
            if entry.since <= year:
                current = entry
        return current


@dataclass(frozen=True)
class Duty:
    id: str
    tool: str
    title: str
    clause: dict[str, str]  # by group code or ``all``
    subject: dict[str, str]  # unit | taskforce | group | government, by group or ``all``
    window: dict[str, int]  # years counted together, by group or ``all``
    params: dict[str, Param]
    penalty_clause: str | None = None
    text: str = ""  # the plan's words for this duty, shown beside every finding

    def clause_for(self, group: str | None) -> str:
        return self.clause.get(group or ALL) or self.clause[ALL]

    def subject_for(self, group: str | None) -> str:
        return self.subject.get(group or ALL) or self.subject.get(ALL, "unit")

    def window_for(self, group: str | None) -> int:
        return self.window.get(group or ALL) or self.window.get(ALL, 1)


@dataclass(frozen=True)
class UnitSpec:
    short: str
    full: str
    level: str
    group: str
    aliases: tuple[str, ...] = ()
    attached_to: str | None = None
    duties: tuple[str, ...] | None = None  # None: every duty of the group; else only these
    clause: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.short, self.full, *self.aliases)


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name: str
    composite: bool
    units: tuple[str, ...]  # short names, in the plan's order
    convened_by_office: bool = False
    district_offices: bool = False
    clause: str | None = None
    called: str = ""  # how the plan names the group's units together (「12 區公所」); the group's name if not given


@dataclass(frozen=True)
class Tool:
    code: str
    name: str
    clause: str


@dataclass(frozen=True)
class MeasureCategory:
    number: int
    name: str
    clause: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Compilation:
    """伍、二、(四): what an oversight unit compiles of the training records."""

    id: str
    unit: str
    title: str
    categories: tuple[str, ...]
    clause: str


@dataclass(frozen=True)
class StaffClass:
    """伍、二、(一) 1–5: one of the plan's five classes of staff and the stored categories it takes in."""

    number: int
    name: str
    categories: tuple[str, ...]
    clause: str


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    start: int
    end: int
    tools: tuple[Tool, ...]
    office: UnitSpec
    oversight: dict[str, tuple[str, ...]]
    groups: dict[str, GroupSpec]
    units: dict[str, UnitSpec]  # by short name: executing units, including special ones
    lead_units: dict[str, dict[int, str]]
    duties: dict[str, Duty]
    measure_categories: tuple[MeasureCategory, ...]
    source: str = ""
    version: int = 1  # set when the file is stored (plan.models.PlanVersion); a file on its own is version 1
    effective_from: int = 0  # the first year this version judges (0: the start of the period)
    amends: str | None = None  # the id of an earlier plan whose years this one may take over
    settings: dict[str, Any] = field(default_factory=dict)  # plan-wide values (`settings:` in the file)
    staff_categories: dict[str, str] = field(default_factory=dict)  # 伍、二、(一): code → the plan's name
    compilations: tuple[Compilation, ...] = ()
    staff_classes: tuple[StaffClass, ...] = ()  # 伍、二、(一) 1–5
    staff_category_aliases: dict[str, str] = field(default_factory=dict)  # a roster's word → category code
    course_forms: tuple[str, ...] = ()  # 伍、二、(二)、1 訓練形式
    course_levels: dict[str, str] = field(default_factory=dict)  # 伍、二、(二)、2: code → 基礎／進階
    course_modes: dict[str, str] = field(default_factory=dict)  # 伍、二、(三)、2: code → 實體／數位
    _names: dict[str, str] = field(default_factory=dict, repr=False)

    # -- look-ups -----------------------------------------------------------------------------
    def years(self) -> range:
        return range(self.start, self.end + 1)

    @property
    def period(self) -> str:
        """'109–112'."""
        return f"{self.start}–{self.end}"

    @property
    def label(self) -> str:
        """'109-112 第 2 版'."""
        return f"{self.id} 第 {self.version} 版"

    @property
    def in_force_from(self) -> int:
        """The first year this file judges: `plan.effective_from`, else the start of the period."""
        return self.effective_from or self.start

    def covers(self, year: int) -> bool:
        return self.start <= year <= self.end

    def setting(self, name: str, default: Any = None) -> Any:
        """A plan-wide value from the file's `settings:` (e.g. the statistics window)."""
        return self.settings.get(name, default)

    def tool(self, code: str) -> Tool:
        return next(t for t in self.tools if t.code == code)

    def duty(self, duty_id: str) -> Duty:
        return self.duties[duty_id]

    def param(self, duty_id: str, name: str, group: str | None, year: int) -> Any:
        """The value of a duty's parameter for a group in a year (``None`` if not set)."""
        dated = self.duties[duty_id].params[name].at(group, year)
        return None if dated is None else dated.value

    def unit_by_name(self, name: str) -> UnitSpec | None:
        """A unit by its short name, full name or an alias (the office included)."""
        short = self._names.get(name.strip())
        if short is None:
            return None
        return self.office if short == self.office.short else self.units[short]

    def district_label(self) -> str:
        """「12 區公所共同法案或計畫及資料（D1組）」's first part and group: '12 區公所（D1組）' for the group of
        district offices (``district_offices: true``), '' if the plan has none."""
        group = next((g for g in self.groups.values() if g.district_offices), None)
        return f"{group.called or group.name}（{group.name}）" if group else ""

    def district_group(self) -> str | None:
        """The code of the group of district offices (``district_offices: true``), if the plan has one."""
        return next((g.code for g in self.groups.values() if g.district_offices), None)

    def group_called(self, code: str | None) -> str:
        """How the plan names a group's units together in its words (「12 區公所」), else the group's name."""
        group = self.groups.get(code or "")
        if group is None:
            return code or ""
        return group.called or group.name

    def staff_category_name(self, code: str) -> str:
        """A stored staff category code in the plan's words (the code itself if the plan does not name it)."""
        return self.staff_categories.get(code, code)

    def staff_category_code(self, word: str) -> str | None:
        """The category a roster's word means: the plan's name of a category or one of its aliases."""
        word = word.strip()
        by_name = {name: code for code, name in self.staff_categories.items()}
        return (
            by_name.get(word)
            or self.staff_category_aliases.get(word)
            or (word if word in self.staff_categories else None)
        )

    def staff_class_of(self, category: str) -> StaffClass | None:
        return next((c for c in self.staff_classes if category in c.categories), None)

    def course_mode_name(self, code: str) -> str:
        return self.course_modes.get(code, code)

    def course_level_name(self, code: str) -> str:
        return self.course_levels.get(code, code)

    def compilation(self, compilation_id: str) -> Compilation | None:
        return next((c for c in self.compilations if c.id == compilation_id), None)

    def group_units(self, code: str) -> list[UnitSpec]:
        return [self.units[s] for s in self.groups[code].units]

    def executing_units(self) -> list[UnitSpec]:
        """Every executing unit in the plan's order, special units after the unit they attach to."""
        ordered: list[UnitSpec] = []
        for group in self.groups.values():
            for short in group.units:
                ordered.append(self.units[short])
                ordered.extend(u for u in self.units.values() if u.attached_to == short)
        return ordered

    def applies(self, unit: UnitSpec, duty_id: str) -> bool:
        """Whether a duty applies to a unit at all (參、三、(三): special units have a short list)."""
        return unit.duties is None or duty_id in unit.duties

    def default_lead_unit(self, group: str, year: int) -> str | None:
        return self.lead_units.get(group, {}).get(year)

    def window_of(self, duty_id: str, group: str | None, year: int) -> tuple[int, int]:
        """The ROC years (first, last) of the window that contains ``year``, aligned to the plan's start."""
        size = self.duties[duty_id].window_for(group)
        first = self.start + ((year - self.start) // size) * size
        return first, first + size - 1
