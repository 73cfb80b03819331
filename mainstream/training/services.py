"""Writes of the training app: the staff roster, the course catalogue, background imports of training records."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from mainstream.audit.services import audit_record
from mainstream.imports.schema import WriteResult
from mainstream.plan.selectors import plan_in_force
from mainstream.units.access import access_for, require_write, require_writer
from mainstream.units.models import Unit

from .models import Course, ImportJob, Person, Staff


# -- the roster (伍、二、(一)) --------------------------------------------------------------------------
@dataclass(frozen=True)
class StaffRow:
    id_hash: str
    id_masked: str
    name: str
    unit: Unit
    categories: tuple[str, ...]
    year: int


@transaction.atomic
def staff_import_write(rows: Sequence[StaffRow], *, by=None) -> WriteResult:  # type: ignore[no-untyped-def]
    """Set each listed person's categories for the year to exactly those of the file (in bulk)."""
    result = WriteResult()
    for unit in {r.unit for r in rows}:
        require_write(by, unit, tool="training")
    hashes = {r.id_hash for r in rows}
    people = {p.id_hash: p for p in _people_by_hash(hashes)}
    Person.objects.bulk_create(
        [
            Person(id_hash=r.id_hash, id_masked=r.id_masked, name=r.name)
            for r in {r.id_hash: r for r in rows if r.id_hash not in people}.values()
        ]
    )
    people = {p.id_hash: p for p in _people_by_hash(hashes)}
    existing: dict[tuple[int, int], set[tuple[int, str]]] = {}
    ids = [p.id for p in people.values()]
    for start in range(0, len(ids), 500):
        for s in Staff.objects.filter(person_id__in=ids[start : start + 500], year__in={r.year for r in rows}):
            existing.setdefault((s.person_id, s.year), set()).add((s.unit_id, s.category))
    create: list[Staff] = []
    remove: list[tuple[int, int]] = []
    for r in rows:
        pid = people[r.id_hash].id
        wanted = {(r.unit.id, c) for c in r.categories}
        have = existing.get((pid, r.year), set())
        if wanted == have:
            result.unchanged += 1
            continue
        result.created += not have
        result.updated += bool(have)
        remove.append((pid, r.year))
        create.extend(Staff(person_id=pid, year=r.year, unit_id=u, category=c) for u, c in wanted)
    for pid, year in remove:
        Staff.objects.filter(person_id=pid, year=year).delete()
    Staff.objects.bulk_create(create, batch_size=2000)
    if result.created or result.updated:
        audit_record(
            by=by,
            action="training.staff_import",
            target="training.staff",
            summary=f"人員類別名冊：新增 {result.created} 人、更新 {result.updated} 人、未變更 {result.unchanged} 人",
            changes={"created": result.created, "updated": result.updated},
        )
    return result


def _people_by_hash(hashes: set[str]) -> list[Person]:
    values = list(hashes)
    out: list[Person] = []
    for start in range(0, len(values), 500):
        out.extend(Person.objects.filter(id_hash__in=values[start : start + 500]))
    return out


# -- the course catalogue (伍、二、(四)、2、B) -------------------------------------------------------------
@dataclass(frozen=True)
class CourseData:
    year: int
    title: str
    organiser: Unit
    hours: Decimal
    level: str = "basic"
    mode: str = "physical"
    form: str = ""  # one of the plan's course_forms; empty: the plan's first (講師授課)
    audience: str = ""
    categories: tuple[str, ...] = ()  # staff category codes the course is for (伍、二、(三)、1)
    description: str = ""
    lecturer: str = ""
    materials: str = ""
    code: str = ""
    date: date | None = None
    joint_units: tuple[Unit, ...] = ()
    surveyed: int | None = None
    satisfaction: Decimal | None = None
    pre_score: Decimal | None = None
    post_score: Decimal | None = None


@transaction.atomic
def course_record(*, data: CourseData, by=None, course: Course | None = None) -> Course:  # type: ignore[no-untyped-def]
    """Add or change a course of the catalogue; the organiser's liaison or 公訓處 (oversight) may."""
    require_write(by, data.organiser, tool="training")
    if not data.title.strip():
        raise ValidationError("課程名稱必填")
    if data.hours <= 0:
        raise ValidationError("時數應大於 0")
    if data.organiser in data.joint_units:
        raise ValidationError("合辦機關不可包含主辦機關")
    plan = plan_in_force(data.year)  # the codes are those the plan in force for the year names
    if data.level not in plan.course_levels:
        raise ValidationError(f"課程類別應為{'或'.join(plan.course_levels.values())}")
    if data.mode not in plan.course_modes:
        raise ValidationError(f"辦理方式應為{'或'.join(plan.course_modes.values())}")
    if data.form and data.form not in plan.course_forms:
        raise ValidationError(f"訓練形式「{data.form}」不是計畫所列形式（{'、'.join(plan.course_forms)}）")
    unknown = [c for c in data.categories if c not in plan.staff_categories]
    if unknown:
        raise ValidationError(f"對象類別「{'、'.join(unknown)}」不是計畫所列人員類別")
    fields = {
        k: getattr(data, k)
        for k in (
            "year",
            "title",
            "hours",
            "level",
            "mode",
            "form",
            "audience",
            "description",
            "lecturer",
            "materials",
            "code",
            "date",
            "surveyed",
            "satisfaction",
            "pre_score",
            "post_score",
        )
    }
    fields["form"] = data.form or (plan.course_forms[0] if plan.course_forms else "")
    fields["categories"] = list(dict.fromkeys(data.categories))
    if course is None:
        course, created = Course.objects.update_or_create(
            year=data.year, organiser=data.organiser, title=data.title.strip(), defaults=fields
        )
    else:
        require_write(by, course.organiser, tool="training")
        taken = Course.objects.filter(year=data.year, organiser=data.organiser, title=data.title.strip())
        if taken.exclude(pk=course.pk).exists():
            raise ValidationError(f"{data.organiser} {data.year} 年已有同名課程「{data.title.strip()}」")
        for key, value in fields.items():
            setattr(course, key, value)
        course.organiser = data.organiser
        course.save()
        created = False
    course.joint_units.set(data.joint_units)
    audit_record(
        by=by,
        action="training.course_record",
        obj=course,
        unit=data.organiser,
        summary=f"{'新增' if created else '更新'}課程「{course.title}」（{data.year} 年）",
    )
    return course


# -- background imports of training records (queued jobs: training/jobs.py) -----------------------------
def import_job_start(*, source: Path, filename: str, year: int | None, by, background: bool = True) -> ImportJob:  # type: ignore[no-untyped-def]
    """Queue the import of an uploaded export for ``mainstream worker``; the page follows the job.

    The upload moves under ``var/imports/training/`` and is deleted when the job ends (or by the recovery of an
    interrupted one). A user has at most ``MAINSTREAM_JOBS_PER_USER`` jobs queued or running; past that the upload
    is left to the caller and the request refused. ``background=False`` runs the job here and now (tests, the CLI)."""
    from .jobs import ENDED, job_dir, training_import_task

    if not access_for(by).is_authenticated:
        raise PermissionDenied("請先登入")
    require_writer(by)  # read-only roles store no upload and start no job
    limit = settings.MAINSTREAM_JOBS_PER_USER
    if getattr(by, "pk", None) and ImportJob.objects.filter(user=by).exclude(status__in=ENDED).count() >= limit:
        raise ValidationError(f"您已有 {limit} 個匯入工作在排隊或執行中；請待其中一個完成後再上傳。")
    name = f"{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
    with transaction.atomic():
        job = ImportJob.objects.create(
            filename=filename[:255], user=by if getattr(by, "pk", None) else None, year=year, upload=name
        )
        Path(source).replace(job_dir() / name)
        if background:
            job.task_id = str(training_import_task.enqueue(job.id).id)
            job.save(update_fields=["task_id"])
    if not background:
        from .jobs import import_job_run

        job = import_job_run(job_id=job.id) or job
    return job


def job_progress(job: ImportJob) -> ImportJob:
    """The job with the progress its worker last wrote (kept for callers of the former in-process runner)."""
    from .jobs import job_progress as progress

    return progress(job)


@transaction.atomic
def training_policy_set(*, off_roster: str, by=None):  # type: ignore[no-untyped-def]
    """The office's rule for people on no roster (issue 16, item 4); the training verdicts follow it at once (a
    write to the training app marks its stored findings stale)."""
    from mainstream.units.access import require_admin

    from .models import TrainingPolicy

    require_admin(by)
    if off_roster not in TrainingPolicy.OffRoster.values:
        raise ValidationError("規則不正確")
    row = TrainingPolicy.objects.order_by("id").first() or TrainingPolicy()
    before = row.off_roster if row.pk else None
    row.off_roster = off_roster
    row.changed_by = by if getattr(by, "pk", None) else None
    row.save()
    audit_record(
        by=by,
        action="training.policy",
        obj=row,
        summary=f"培力計算規則：未列名冊人員{row.get_off_roster_display()}",
        changes={"off_roster": [before, off_roster]},
    )
    return row
