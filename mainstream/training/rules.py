"""Rules of gender-awareness training (伍、二): hours per person per category, workers, physical courses.

Facts are loaded once per evaluation with SQL aggregates (one row per person, GROUP BY in the database)
into plain dataclasses; every rule below is a pure function of those facts and the plan's numbers
(``training.*`` params in the plan file).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date as date_type

from mainstream.evaluation.engine import RULES, Context, Evidence, Finding, Rule, UnitInfo, rule
from mainstream.plan.model import Plan

GOVERNMENT = "臺北市政府"


def no_duty(ctx: Context, unit: UnitInfo) -> str:
    """Why a special unit (參、三、(三)) has no such duty, in the plan's terms: its name and the clause of its list."""
    spec = ctx.plan.units.get(unit.short)
    return f"{unit.short}僅須辦理{(spec.clause if spec else None) or ''} 所列事項"


@dataclass(slots=True)
class PersonHours:
    """One person's year: where they serve, their categories, and their hours (all courses counted once)."""

    unit: str
    categories: frozenset[str]
    hours: float = 0.0
    advanced: float = 0.0
    physical: float = 0.0
    on_roster: bool = True
    person_id: int | None = None


@dataclass(frozen=True)
class CourseFact:
    title: str
    organiser: str
    joint: tuple[str, ...] = ()
    physical: bool = True
    id: int | None = None
    categories: tuple[str, ...] = ()  # the staff categories the course is for (伍、二、(三)、1)
    date: date_type | None = None


@dataclass(frozen=True)
class RateFact:
    """A unit's physical-course participation in one year: people, and people who attended a physical course."""

    staff: int
    attended: int

    @property
    def rate(self) -> float:
        return self.attended / self.staff if self.staff else 0.0


@dataclass
class TrainingFacts:
    people: tuple[PersonHours, ...] = ()
    courses: tuple[CourseFact, ...] = ()
    previous_rates: dict[str, RateFact] = field(default_factory=dict)  # unit → the year before
    workers: dict[int, tuple[float, ...]] = field(default_factory=dict)  # year → each worker's physical hours
    # unit → {earlier year of the plan → its rate}: the baseline when the year before has no data (伍、二、(三)、2)
    earlier_rates: dict[str, dict[int, RateFact]] = field(default_factory=dict)
    _by_unit: dict[str, list[PersonHours]] | None = None

    def of(self, unit: str) -> list[PersonHours]:
        if self._by_unit is None:
            grouped: dict[str, list[PersonHours]] = defaultdict(list)
            for person in self.people:
                grouped[person.unit].append(person)
            self._by_unit = dict(grouped)
        return self._by_unit.get(unit, [])


def training_facts(ctx: Context) -> TrainingFacts:
    """One GROUP BY over the records of the period so far (per year and person: unit, hours, advanced hours,
    physical hours) joined in Python with the rosters' categories."""
    from django.db import connection

    from mainstream.units.models import Unit

    from .models import Course

    names = dict(Unit.objects.values_list("id", "short_name"))
    first = ctx.plan.start
    hours: dict[int, dict[int, tuple]] = defaultdict(dict)
    rosters: dict[int, dict[int, tuple[int, set[str]]]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT year, person_id, MAX(unit_id), SUM(hours), SUM(CASE WHEN level = 'advanced' THEN hours ELSE 0 END), "
            "SUM(CASE WHEN mode = 'physical' THEN hours ELSE 0 END) FROM training_trainingrecord "
            "WHERE year BETWEEN %s AND %s GROUP BY year, person_id",
            [first, ctx.year],
        )
        for year, person_id, *row in cursor.fetchall():
            hours[year][person_id] = row
        cursor.execute(
            "SELECT year, person_id, unit_id, category FROM training_staff WHERE year BETWEEN %s AND %s",
            [first, ctx.year],
        )
        for year, person_id, unit_id, category in cursor.fetchall():
            rosters[year].setdefault(person_id, (unit_id, set()))[1].add(category)
    counted = _off_roster_counted()
    people = _people(hours[ctx.year], rosters[ctx.year], names, off_roster=counted)
    earlier: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for year in range(first, ctx.year):
        for unit, physical in _unit_physical(hours[year], rosters[year], names, off_roster=counted):
            earlier[unit][year][0] += 1
            earlier[unit][year][1] += physical > 0
    previous_rates = {unit: years[ctx.year - 1] for unit, years in earlier.items() if ctx.year - 1 in years}
    worker_categories = set(ctx.param("training.workers", "categories", None) or ())
    workers = {}
    for year, roster in rosters.items():
        done = hours[year]
        workers[year] = tuple(
            float(done[pid][3] or 0) if pid in done else 0.0
            for pid, (_, categories) in roster.items()
            if worker_categories & categories
        )
    workers.update(_later_workers(ctx, worker_categories))
    courses = []
    for course in Course.objects.filter(year=ctx.year).select_related("organiser").prefetch_related("joint_units"):
        courses.append(
            CourseFact(
                course.title,
                course.organiser.short_name,
                tuple(u.short_name for u in course.joint_units.all()),
                course.mode == "physical",
                course.id,
                tuple(course.categories or ()),
                course.date,
            )
        )
    return TrainingFacts(
        people=tuple(people),
        courses=tuple(courses),
        previous_rates={unit: RateFact(*counts) for unit, counts in previous_rates.items()},
        workers=workers,
        earlier_rates={unit: {y: RateFact(*c) for y, c in years.items()} for unit, years in earlier.items()},
    )


def _off_roster_counted() -> bool:
    """The office's rule for people on no roster (``TrainingPolicy``, issue 16): counted as general staff of the
    unit of their records, or left out until a roster lists them. Every import's summary lists them either way."""
    from .offroster import off_roster_rule

    return off_roster_rule() == "general"


def _unit_physical(
    hours: dict[int, tuple], roster: dict[int, tuple[int, set[str]]], names: dict[int, str], off_roster: bool = True
) -> Iterator[tuple[str, float]]:
    """(unit, physical hours) of each person of a year: the roster, then (by the office's rule) people off the roster
    with records."""
    for person_id, (unit_id, _) in roster.items():
        row = hours.get(person_id)
        yield names.get(unit_id, ""), float((row[3] if row else 0) or 0)
    if not off_roster:
        return
    for person_id, (unit_id, _total, _advanced, physical) in hours.items():
        if person_id not in roster:
            yield names.get(unit_id, ""), float(physical or 0)


def _later_workers(ctx: Context, categories: set[str]) -> dict[int, tuple[float, ...]]:
    """Each worker's physical hours in the plan's years after the evaluated one (伍、二、(一)、4: 4 年總計 — a year
    is also met by the whole period's total, which later years' records complete)."""
    from django.db import connection

    if ctx.year >= ctx.plan.end or not categories:
        return {}
    marks = ", ".join(["%s"] * len(categories))
    out: dict[int, list[float]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.year, s.person_id, SUM(CASE WHEN r.mode = 'physical' THEN r.hours ELSE 0 END) "
            "FROM training_staff s LEFT JOIN training_trainingrecord r ON r.year = s.year AND r.person_id = s.person_id "
            f"WHERE s.year BETWEEN %s AND %s AND s.category IN ({marks}) GROUP BY s.year, s.person_id",
            [ctx.year + 1, ctx.plan.end, *sorted(categories)],
        )
        for year, _person, physical in cursor.fetchall():
            out[year].append(float(physical or 0))
    return {year: tuple(v) for year, v in out.items()}


def _people(
    hours: dict[int, tuple], roster: dict[int, tuple[int, set[str]]], names: dict[int, str], off_roster: bool = True
) -> list[PersonHours]:
    """Roster people of the year (with their categories) and, off the roster, people with records: general staff of
    the unit of their records, unless the office's rule leaves them out (``off_roster`` False)."""
    out = []
    general = frozenset({"general"})
    for person_id, (unit_id, categories) in roster.items():
        row = hours.get(person_id)
        total, advanced, physical = (row[1], row[2], row[3]) if row else (0, 0, 0)
        out.append(
            PersonHours(
                names.get(unit_id, ""),
                frozenset(categories),
                float(total or 0),
                float(advanced or 0),
                float(physical or 0),
                True,
                person_id,
            )
        )
    for person_id, (unit_id, total, advanced, physical) in hours.items():
        if off_roster and person_id not in roster:
            out.append(
                PersonHours(
                    names.get(unit_id, ""),
                    general,
                    float(total or 0),
                    float(advanced or 0),
                    float(physical or 0),
                    False,
                    person_id,
                )
            )
    return out


def training_rules() -> list[Rule]:
    """The training rules, registered (for the benchmark and the oversight pages)."""
    return [r for r in RULES.values() if r.tool == "training"]


# -- hours per person (伍、二、(一)) -----------------------------------------------------------------
def _hours_finding(
    ctx: Context,
    rule_id: str,
    unit: UnitInfo,
    people: list[PersonHours],
    label: str,
    short: list[PersonHours],
    requirement: str,
) -> Finding:
    done = len(people) - len(short)
    share = done / len(people) if people else 0.0
    return ctx.unit_finding(
        rule_id,
        unit,
        met=not short,
        actual=done,
        required=len(people),
        detail=f"{label} {len(people)} 人，完成 {done} 人（{share:.0%}），未完成 {len(short)} 人；{requirement}",
        evidence=[Evidence(f"{unit.short} 未完成名單", f"/training/units/{unit.short}/?year={ctx.year}")]
        if short
        else [],
    )


def duty_of_category(plan: Plan, year: int) -> dict[str, str]:
    """staff category → the duty whose hours apply to it (伍、二、(一) 1–5): each training duty's ``categories``."""
    out: dict[str, str] = {}
    for duty in plan.duties.values():
        if duty.tool == "training" and "categories" in duty.params:
            for category in plan.param(duty.id, "categories", None, year) or ():
                out.setdefault(category, duty.id)
    return out


def _per_person(facts: TrainingFacts, ctx: Context, rule_id: str) -> Iterator[Finding]:
    """The duty's staff categories (its ``categories`` in the plan) each complete the duty's hours."""
    categories = tuple(ctx.param(rule_id, "categories", None))
    label = "、".join(ctx.plan.staff_category_name(c) for c in categories)
    for unit in ctx.units:
        if not ctx.applies(unit, rule_id):
            yield ctx.not_applicable(rule_id, unit, no_duty(ctx, unit))
            continue
        minimum = float(ctx.param(rule_id, "min_hours", unit.group))
        has_advanced = "min_advanced_hours" in ctx.plan.duty(rule_id).params
        advanced = ctx.param(rule_id, "min_advanced_hours", unit.group) if has_advanced else None
        mine = facts.of(unit.short)
        wanted = frozenset(categories)
        people = [p for p in mine if not wanted.isdisjoint(p.categories)]
        if not people:
            if mine and any(p.on_roster for p in mine):
                yield ctx.not_applicable(rule_id, unit, f"名冊中沒有{label}")
            else:
                yield ctx.unit_finding(
                    rule_id, unit, met=False, actual=0, required=0, detail=f"尚無{label}名冊或訓練紀錄"
                )
            continue
        if advanced is None:
            short = [p for p in people if p.hours < minimum]
            requirement = f"每人每年應完成 {minimum:g} 小時"
        else:
            short = [p for p in people if p.hours < minimum or p.advanced < float(advanced)]
            requirement = f"每人每年應完成 {minimum:g} 小時，其中進階 {float(advanced):g} 小時以上"
        yield _hours_finding(ctx, rule_id, unit, people, label, short, requirement)


@rule("training.general", facts=training_facts)
def general(facts: TrainingFacts, ctx: Context) -> Iterator[Finding]:
    """伍、二、(一)、1: each general staff member (incl. 機要人員) completes 3 hours a year."""
    yield from _per_person(facts, ctx, "training.general")


@rule("training.supervisor", facts=training_facts)
def supervisor(facts: TrainingFacts, ctx: Context) -> Iterator[Finding]:
    """伍、二、(一)、2: each supervisor (incl. political appointees) completes 3 hours a year."""
    yield from _per_person(facts, ctx, "training.supervisor")


@rule("training.gender_staff", facts=training_facts)
def gender_staff(facts: TrainingFacts, ctx: Context) -> Iterator[Finding]:
    """伍、二、(一)、3: each liaison or gender-affairs person completes 18 hours, 6 or more of them advanced."""
    yield from _per_person(facts, ctx, "training.gender_staff")


@rule("training.press", facts=training_facts)
def press(facts: TrainingFacts, ctx: Context) -> Iterator[Finding]:
    """伍、二、(一)、5: each press liaison and social-media editor completes 3 hours; the same hours also count
    toward the person's other category (a person's hours are counted once, for every category they hold)."""
    yield from _per_person(facts, ctx, "training.press")


# -- workers (伍、二、(一)、4) -----------------------------------------------------------------------
@rule("training.workers", facts=training_facts)
def workers(facts: TrainingFacts, ctx: Context) -> Iterator[Finding]:
    """伍、二、(一)、4: 「本府職工須達成每年 1000 人或 4 年總計 4000 人完成 3 小時性別平等相關實體課程訓練」.

    A year is met when its own count reaches ``per_year`` or the plan period's total reaches ``per_period``. While
    the period is open a short year is in progress (the total can still be reached); once it is over, a total of
    ``per_period`` or more makes every year of it met, and a short year with a short total is unmet. A worker counts
    in each year they complete the hours (the total adds the years' counts). Both figures are shown."""
    rule_id = "training.workers"
    minimum = float(ctx.param(rule_id, "min_hours", None))
    per_year = ctx.param(rule_id, "per_year", None)
    per_period = ctx.param(rule_id, "per_period", None)
    counts = {year: sum(h >= minimum for h in hours) for year, hours in facts.workers.items()}
    this_year = counts.get(ctx.year, 0)
    total = sum(n for year, n in counts.items() if ctx.plan.covers(year))
    period = f"{ctx.plan.start}–{ctx.plan.end} 年"
    closed = ctx.window_closed(ctx.plan.end)
    categories = tuple(ctx.param(rule_id, "categories", None) or ())
    who = "、".join(ctx.plan.staff_category_name(c) for c in categories)
    # the oversight unit's compilation of these categories (伍、二、(四)) shows the people behind the figures
    shares = [c for c in ctx.plan.compilations if set(c.categories) & set(categories)]
    if this_year >= per_year:
        status, why = "met", f"本年度已達 {per_year} 人"
    elif total >= per_period:
        status, why = "met", f"本年度未達 {per_year} 人，惟 {period}總計已達 {per_period} 人"
    elif closed:
        status, why = "unmet", f"本年度未達 {per_year} 人，{period}總計亦未達 {per_period} 人"
    else:
        status, why = "in_progress", f"本年度未達 {per_year} 人；計畫期程尚未結束，{period}總計仍可達 {per_period} 人"
    yield ctx.finding(
        rule_id,
        subject=GOVERNMENT,
        subject_type="government",
        group=None,
        units=(),
        status=status,
        actual=this_year,
        required=per_year,
        detail=f"{ctx.year} 年完成 {minimum:g} 小時實體課程之{who} {this_year:,} 人（每年 {per_year:,} 人）；"
        f"{period}總計 {total:,} 人（{ctx.param(rule_id, 'period_years', None)} 年總計 {per_period:,} 人）：{why}",
        evidence=[Evidence(f"{c.title}（{c.unit}）", f"/training/oversight/{c.id}/?year={ctx.year}") for c in shares],
    )


# -- physical courses (伍、二、(三)) -----------------------------------------------------------------
@rule("training.physical_rate", facts=training_facts)
def physical_rate(facts: TrainingFacts, ctx: Context) -> Iterator[Finding]:
    """伍、二、(三)、2: the share of a unit's staff who attended a physical course; below 30% it must be higher
    than the unit's own rate of the year before (the 12 district offices are not bound: 伍、二、(三)、3)."""
    rule_id = "training.physical_rate"
    for unit in ctx.units:
        if not ctx.applies(unit, rule_id) or not ctx.param(rule_id, "applies", unit.group):
            yield ctx.not_applicable(
                rule_id,
                unit,
                no_duty(ctx, unit)
                if not ctx.applies(unit, rule_id)
                else f"{ctx.plan.group_called(unit.group)}可合辦實體課程，無參訓率規定"
                f"（{ctx.clause('training.own_course', unit.group)}）",
            )
            continue
        threshold = float(ctx.param(rule_id, "threshold", unit.group))
        mine = facts.of(unit.short)
        now = RateFact(len(mine), sum(p.physical > 0 for p in mine))
        if not now.staff:
            yield ctx.unit_finding(
                rule_id, unit, met=False, actual=0.0, required=threshold, detail="尚無名冊或訓練紀錄"
            )
            continue
        text = f"實體課程參訓率 {now.rate:.1%}（{now.attended}/{now.staff} 人）"
        if now.rate >= threshold:
            yield ctx.unit_finding(
                rule_id,
                unit,
                met=True,
                actual=round(now.rate, 4),
                required=threshold,
                detail=f"{text}，已達 {threshold:.0%}",
            )
            continue
        year_before, before = _rate_before(facts, ctx, unit.short)
        if before is not None:
            improved = now.rate > before.rate
            which = "前一年度" if year_before == ctx.year - 1 else f"前一年度無資料，以 {year_before} 年"
            yield ctx.unit_finding(
                rule_id,
                unit,
                met=improved,
                actual=round(now.rate, 4),
                required=threshold,
                detail=f"{text}，未達 {threshold:.0%}；{which} {before.rate:.1%}，"
                + ("已逐年提升" if improved else "未較前一年度提升"),
            )
            continue
        # no earlier year of the plan has data: this year is the unit's baseline (the plan's first year always is)
        first = "計畫首年" if ctx.year == ctx.plan.start else f"前一年度（{ctx.year - 1} 年）無資料，本年度"
        yield ctx.unit_finding(
            rule_id,
            unit,
            status="not_applicable",
            actual=round(now.rate, 4),
            required=threshold,
            detail=f"{text}，未達 {threshold:.0%}；{first}為基準年，自次年起與本年度比較是否逐年提升"
            "（docs/interpretations.md）",
        )


def _rate_before(facts: TrainingFacts, ctx: Context, unit: str) -> tuple[int | None, RateFact | None]:
    """The rate to beat: the year before; if it has no data, the latest earlier year of the plan that has."""
    before = facts.previous_rates.get(unit)
    if before is not None and before.staff:
        return ctx.year - 1, before
    earlier = {y: r for y, r in facts.earlier_rates.get(unit, {}).items() if r.staff and y < ctx.year}
    if not earlier:
        return None, None
    year = max(earlier)
    return year, earlier[year]


@rule("training.own_course", facts=training_facts)
def own_course(facts: TrainingFacts, ctx: Context) -> Iterator[Finding]:
    """伍、二、(三)、2–3: the unit runs a physical course of its own; B1, C, C1, C2, the family education centre,
    E1 and the 12 district offices may run it jointly with other units."""
    rule_id = "training.own_course"
    joint_units = set(ctx.param(rule_id, "joint_allowed_units", None) or [])
    for unit in ctx.units:
        if not ctx.applies(unit, rule_id):
            yield ctx.not_applicable(rule_id, unit, no_duty(ctx, unit))
            continue
        joint = bool(ctx.param(rule_id, "joint_allowed", unit.group)) or unit.short in joint_units
        own = [c for c in facts.courses if c.physical and c.organiser == unit.short]
        shared = [c for c in facts.courses if c.physical and unit.short in c.joint] if joint else []
        courses = own + shared
        how = "自辦或合辦" if joint else "自辦"
        yield ctx.unit_finding(
            rule_id,
            unit,
            met=bool(courses),
            actual=len(courses),
            required=1,
            detail=f"{how}實體課程 {len(own)} 班"
            + (f"、合辦 {len(shared)} 班" if joint else "")
            + ("" if courses else f"；應{how}實體課程供所屬人員受訓"),
            evidence=[Evidence(c.title, f"/training/courses/{c.id}/" if c.id else "") for c in courses],
        )


# -- 公訓處's courses for every class of staff (伍、二、(三)、1) ----------------------------------------------
INSTITUTE = "training.institute_all_categories"


@rule(INSTITUTE, facts=training_facts)
def institute_all_categories(facts: TrainingFacts, ctx: Context) -> Iterator[Finding]:
    """伍、二、(三)、1: 「公訓處：每年辦理前開（一）受訓時數及訓練重點之 5 類人員課程，尤以後 4 類為重」.

    The unit (``unit``) runs, in the year, courses for every class the duty names (``classes``; the plan's
    ``staff_classes`` say which stored categories each class takes in: 新聞聯絡人 and 社群小編 are both class 5).
    A course counts for a class when its 對象類別 names a category of that class; 公訓處 organises it or runs it
    jointly; it is held by the day of evaluation (a course without a date counts for its year). A course whose
    對象類別 is not filled in counts for no class and the finding says how many there are. In progress while the
    year is open. The plan's emphasis (``emphasis``: 尤以後 4 類為重) is reported, not judged."""
    runner = ctx.param(INSTITUTE, "unit", None)
    unit = next((u for u in ctx.units if u.short == runner), None)
    if unit is None:
        return
    numbers = list(ctx.param(INSTITUTE, "classes", None) or ())
    wanted = [c for c in ctx.plan.staff_classes if c.number in numbers]
    courses = [
        c
        for c in facts.courses
        if (c.organiser == runner or runner in c.joint) and (c.date is None or c.date <= ctx.as_of)
    ]
    covered = {cls.number: [c for c in courses if set(c.categories) & set(cls.categories)] for cls in wanted}
    missing = [cls for cls in wanted if not covered[cls.number]]
    untagged = [c for c in courses if not c.categories]
    parts = [f"第 {cls.number} 類{cls.name} {len(covered[cls.number])} 班" for cls in wanted]
    detail = f"{ctx.year} 年{runner}辦理課程 {len(courses)} 班：" + "、".join(parts)
    if missing:
        detail += f"；尚無第 {'、'.join(str(cls.number) for cls in missing)} 類人員之課程"
    if untagged:
        detail += f"；{len(untagged)} 班未填對象類別，未計入任何一類"
    emphasis = [n for n in ctx.param(INSTITUTE, "emphasis", None) or () if n in covered]
    if emphasis:
        weighted = {c.title for n in emphasis for c in covered[n]}
        detail += f"（尤以第 {'、'.join(map(str, emphasis))} 類為重：這些類別之課程共 {len(weighted)} 班）"
    yield ctx.unit_finding(
        INSTITUTE,
        unit,
        met=not missing,
        actual=len(wanted) - len(missing),
        required=len(wanted),
        detail=detail,
        evidence=[Evidence(c.title, f"/training/courses/{c.id}/" if c.id else "") for c in courses],
    )
