"""Reads of training, scoped by ``units.access``: unit pages, oversight shares, repeat-course warnings."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.http import Http404

from mainstream.evaluation.engine import Finding, run_rules
from mainstream.evaluation.services import context_build
from mainstream.units.access import access_for, access_unit, unit_records_visible_to, units_visible_to
from mainstream.units.models import Unit

from .models import Course, ImportJob, Person
from .rules import PersonHours, duty_of_category, training_facts, training_rules


class _Shares(Mapping[str, tuple[str, str, tuple[str, ...], str]]):
    """share → (oversight unit, title, categories, clause): the plan's ``compilations`` (伍、二、(四)), read from
    the plan in force for the current year each time it is used."""

    def _all(self, year: int | None = None) -> dict[str, tuple[str, str, tuple[str, ...], str]]:
        from mainstream.plan.selectors import plan_in_force, plan_year_default

        plan = plan_in_force(year or plan_year_default())
        return {c.id: (c.unit, c.title, c.categories, c.clause) for c in plan.compilations}

    def __getitem__(self, key: str) -> tuple[str, str, tuple[str, ...], str]:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


OVERSIGHT_SHARES = _Shares()


@dataclass
class ShortPerson:
    masked: str
    name: str
    categories: str
    hours: float
    advanced: float
    physical: float
    missing: str
    codes: tuple[str, ...] = ()  # the staff categories (codes), for filtering
    on_roster: bool = True  # False: on no roster of the year (judged by the office's rule, ``training.off_roster``)


@dataclass
class UnitPage:
    unit: Unit
    year: int
    findings: list[Finding]
    short: list[ShortPerson]
    people: int
    repeats: list[tuple[str, str, str, int]] = field(default_factory=list)  # masked, name, course, times
    off_roster: int = 0  # people with records of the unit this year on no roster of the year (issue 16)
    off_roster_rule: str = ""
    similar_courses: list[list[str]] = field(default_factory=list)  # the unit's own courses whose titles are 雷同


def _missing(person: PersonHours, ctx, group: str) -> list[str]:  # type: ignore[no-untyped-def]
    """What a person still owes, by the plan's hours (the same numbers the rules read)."""
    out = []
    duties = duty_of_category(ctx.plan, ctx.year)
    for category in sorted(person.categories):
        rule_id = duties.get(category)
        if rule_id is None:
            continue
        if ctx.plan.duty(rule_id).subject_for(group) == "government":  # 職工: counted city-wide, physical hours
            minimum = float(ctx.param(rule_id, "min_hours", None))
            if person.physical < minimum:
                out.append(f"{ctx.plan.staff_category_name(category)}實體課程尚差 {minimum - person.physical:g} 小時")
            continue
        minimum = float(ctx.param(rule_id, "min_hours", group))
        if person.hours < minimum:
            out.append(f"{ctx.plan.staff_category_name(category)}尚差 {minimum - person.hours:g} 小時")
        if "min_advanced_hours" in ctx.plan.duty(rule_id).params:
            advanced = float(ctx.param(rule_id, "min_advanced_hours", group))
            if person.advanced < advanced:
                out.append(f"進階課程尚差 {advanced - person.advanced:g} 小時")
    return out


def unit_page_get(user, *, unit: str, year: int, as_of: date | None = None) -> UnitPage:  # type: ignore[no-untyped-def]
    """A unit's own training page: its findings and the people still short (masked)."""
    found = Unit.objects.filter(short_name=unit, kind=Unit.Kind.EXECUTING).select_related("group").first()
    if found is None:
        raise Http404("查無機關")
    access_unit(user, found)
    ctx = context_build(year=year, as_of=as_of, only=unit)
    facts = training_facts(ctx)
    findings = [f for f in run_rules(ctx, training_rules()) if unit in f.units]
    mine = facts.of(unit)
    group = found.group.code if found.group else ""
    masked = dict(Person.objects.filter(id__in=[p.person_id for p in mine]).values_list("id", "id_masked"))
    names = dict(Person.objects.filter(id__in=[p.person_id for p in mine]).values_list("id", "name"))
    short = []
    for person in mine:
        missing = _missing(person, ctx, group)
        if missing:
            short.append(
                ShortPerson(
                    masked.get(person.person_id, ""),
                    names.get(person.person_id, ""),
                    "、".join(ctx.plan.staff_category_name(c) for c in sorted(person.categories)),
                    person.hours,
                    person.advanced,
                    person.physical,
                    "；".join(missing),
                    tuple(sorted(person.categories)),
                    person.on_roster,
                )
            )
    short.sort(key=lambda s: (s.categories, s.masked))
    from .offroster import off_roster_label, off_roster_rule

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(DISTINCT r.person_id) FROM training_trainingrecord r WHERE r.year = %s AND r.unit_id = %s "
            "AND NOT EXISTS (SELECT 1 FROM training_staff s WHERE s.person_id = r.person_id AND s.year = r.year)",
            [year, found.id],
        )
        off_roster = cursor.fetchone()[0]
    return UnitPage(
        found,
        year,
        findings,
        short,
        len(mine),
        repeat_course_list(user, year=year, unit=found),
        off_roster,
        off_roster_label(off_roster_rule(), year),
        similar_course_list(unit=found, year=year),
    )


SHORT_SORTS = {
    "masked": lambda s: s.masked,
    "name": lambda s: (s.name, s.masked),
    "category": lambda s: (s.categories, s.masked),
    "hours": lambda s: (s.hours, s.masked),
    "physical": lambda s: (s.physical, s.masked),
}


def short_people_filter(
    people: list[ShortPerson], *, category: str = "", q: str = "", sort: str = "category"
) -> list[ShortPerson]:
    """The people still short, narrowed to a staff category and a search (the masked ID's visible part or the
    name), sorted on the server (``-`` for descending)."""
    q = q.strip()
    out = [
        s
        for s in people
        if (not category or category in s.codes) and (not q or s.masked.startswith(q.upper()) or q in s.name)
    ]
    key = sort.lstrip("-")
    if key in SHORT_SORTS:
        out.sort(key=SHORT_SORTS[key], reverse=sort.startswith("-"))
    return out


def repeat_course_list(user, *, year: int, unit: Unit | None = None) -> list[tuple[str, str, str, int]]:  # type: ignore[no-untyped-def]
    """伍、二、(五) advice: people who took the same or a 雷同 course more than once in the year — (masked ID, name,
    the course(s), times). The same course is the same reduced title (``title_key``); 雷同 titles are grouped by
    ``similar.similar_groups`` (parts of a series and basic/advanced are different courses)."""
    from .similar import similar_groups

    access = access_for(user)
    scope, params = " WHERE r.year = %s", [year]
    if unit is not None:
        scope += " AND r.unit_id = %s"
        params.append(unit.id)
    elif not access.read_all:
        ids = sorted(access.read_units) or [0]
        scope += f" AND r.unit_id IN ({', '.join(['%s'] * len(ids))})"
        params.extend(ids)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.id, t.name, t.key FROM training_coursetitle t WHERE t.id IN "
            f"(SELECT DISTINCT r.title_id FROM training_trainingrecord r{scope})",
            params,
        )
        titles = cursor.fetchall()
        # titles with different reduced forms that are 雷同 (same reduced forms are counted by the query below)
        key_of = {name: key for _, name, key in titles}
        grouped = [g for g in similar_groups(name for _, name, _ in titles) if len({key_of[n] for n in g}) > 1]
        group_of_key = {key_of[name]: i for i, g in enumerate(grouped) for name in g}
        cursor.execute(
            "SELECT p.id_masked, p.name, MIN(t.name), COUNT(*), t.key FROM training_trainingrecord r "
            f"JOIN training_coursetitle t ON t.id = r.title_id JOIN training_person p ON p.id = r.person_id{scope}"
            " GROUP BY r.person_id, p.id_masked, p.name, t.key HAVING COUNT(*) > 1 ORDER BY 1 LIMIT 500",
            params,
        )
        out = [(m, n, course, times) for m, n, course, times, key in cursor.fetchall() if key not in group_of_key]
        ids = [i for i, name, key in titles if key in group_of_key]
        if ids:
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(
                "SELECT r.person_id, p.id_masked, p.name, t.key FROM training_trainingrecord r "
                f"JOIN training_coursetitle t ON t.id = r.title_id JOIN training_person p ON p.id = r.person_id{scope}"
                f" AND r.title_id IN ({marks})",
                [*params, *ids],
            )
            times: dict[tuple[int, int], list] = {}
            for person_id, masked, name, key in cursor.fetchall():
                entry = times.setdefault((person_id, group_of_key[key]), [masked, name, 0])
                entry[2] += 1
            for (_, group), (masked, name, count) in times.items():
                if count > 1:
                    out.append((masked, name, "／".join(grouped[group][:3]), count))
    out.sort(key=lambda row: (row[0], row[2]))
    return out[:500]


def similar_course_list(*, unit: Unit, year: int) -> list[list[str]]:
    """伍、二、(五) advice: the unit's own courses of the year (organised or run jointly) whose titles are 雷同."""
    from .similar import similar_groups

    titles = (
        Course.objects.filter(year=year)
        .filter(models.Q(organiser=unit) | models.Q(joint_units=unit))
        .values_list("title", flat=True)
    )
    return similar_groups(titles)


@dataclass
class ShareRow:
    unit: str
    people: int
    done: int
    physical_hours: float
    digital_hours: float
    physical_people: int

    @property
    def short(self) -> int:
        return self.people - self.done

    @property
    def share(self) -> float:
        return self.done / self.people if self.people else 0.0


@dataclass
class Share:
    key: str
    unit: str
    title: str
    clause: str
    year: int
    rows: dict[str, list[ShareRow]]  # category label → one row per unit
    courses: list[Course] = field(default_factory=list)
    government: list[Finding] = field(default_factory=list)


def oversight_share_get(user, *, share: str, year: int, as_of: date | None = None) -> Share:  # type: ignore[no-untyped-def]
    """An oversight unit's share (伍、二、(四)): per category and unit, people, completed, physical and online hours.

    Oversight units, the office and auditors read every unit; a liaison sees only its own units' rows."""
    shares = OVERSIGHT_SHARES._all(year)
    if share not in shares:
        raise Http404("查無此彙整")
    if not access_for(user).is_authenticated:
        raise PermissionDenied("請先登入")
    owner, title, categories, clause = shares[share]
    ctx = context_build(year=year, as_of=as_of)
    facts = training_facts(ctx)
    visible = {u.short_name for u in units_visible_to(user)}
    groups = {u.short: u.group for u in ctx.units}
    rows: dict[str, list[ShareRow]] = {}
    for category in categories:
        per_unit: dict[str, ShareRow] = {}
        for person in facts.people:
            if category not in person.categories or person.unit not in visible:
                continue
            row = per_unit.setdefault(person.unit, ShareRow(person.unit, 0, 0, 0.0, 0.0, 0))
            row.people += 1
            row.done += not _missing(
                PersonHours(person.unit, frozenset({category}), person.hours, person.advanced, person.physical),
                ctx,
                groups.get(person.unit, ""),
            )
            row.physical_hours += person.physical
            row.digital_hours += person.hours - person.physical
            row.physical_people += person.physical > 0
        order = {u.short: i for i, u in enumerate(ctx.units)}
        rows[ctx.plan.staff_category_name(category)] = sorted(per_unit.values(), key=lambda r: order.get(r.unit, 999))
    out = Share(share, owner, title, clause, year, rows)
    if share == "workers":
        courses = Course.objects.filter(year=year).select_related("organiser").prefetch_related("joint_units")
        out.courses = list(unit_records_visible_to(user, courses, "organiser").order_by("organiser__order", "date"))
        out.government = [f for f in run_rules(ctx, [r for r in training_rules() if r.id == "training.workers"])]
    return out


def import_job_get(user, job_id: int) -> ImportJob:  # type: ignore[no-untyped-def]
    """A background import: its owner, or the office, may follow it."""
    job = ImportJob.objects.filter(id=job_id).first()
    access = access_for(user)
    if job is None or not (access.is_admin or (job.user_id is not None and job.user_id == user.id)):
        raise Http404("查無此匯入工作")
    from .jobs import job_progress

    return job_progress(job)


def share_table(share: Share) -> list[list[object]]:
    """The share as rows for XLSX/ODS."""
    out: list[list[object]] = [
        ["人員類別", "機關", "人數", "完成", "未完成", "完成比率", "實體時數", "數位時數", "參加實體課程人數"]
    ]
    for label, rows in share.rows.items():
        for r in rows:
            out.append(
                [
                    label,
                    r.unit,
                    r.people,
                    r.done,
                    r.short,
                    round(r.share, 4),
                    round(r.physical_hours, 1),
                    round(r.digital_hours, 1),
                    r.physical_people,
                ]
            )
    return out


def short_table(page: UnitPage, people: list[ShortPerson] | None = None) -> Iterator[list[object]]:
    """The people still short as rows for XLSX/ODS (a generator: the download streams)."""
    yield ["身分證字號（遮蔽）", "姓名", "人員類別", "總時數", "進階時數", "實體時數", "尚缺", "列於名冊"]
    for s in page.short if people is None else people:
        yield [
            s.masked,
            s.name,
            s.categories,
            s.hours,
            s.advanced,
            s.physical,
            s.missing,
            "是" if s.on_roster else "否",
        ]


def course_list(user, *, year: int) -> list[Course]:  # type: ignore[no-untyped-def]
    access = access_for(user)
    qs = Course.objects.filter(year=year).select_related("organiser").prefetch_related("joint_units")
    if not access.read_all:
        qs = qs.filter(organiser_id__in=access.read_units)
    return list(qs)


def course_get(user, pk: int) -> Course:  # type: ignore[no-untyped-def]
    course = Course.objects.filter(pk=pk).select_related("organiser").first()
    if course is None:
        raise Http404("查無課程")
    access_unit(user, course.organiser)
    return course
