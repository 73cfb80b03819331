"""Training pages. Each view adapts the request to one selector or service."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mainstream.evaluation.engine import run_rules
from mainstream.evaluation.selectors import default_as_of, default_year
from mainstream.evaluation.services import context_build
from mainstream.imports.readers import SUFFIXES
from mainstream.imports.template_files import FORMATS, ods_build, xlsx_build
from mainstream.plan.selectors import plan_in_force, plan_year_default, plan_years
from mainstream.units.access import require_write, require_writer, units_visible_to

from .importer import COLUMNS
from .rules import training_rules
from .selectors import (
    course_get,
    course_list,
    import_job_get,
    oversight_share_get,
    repeat_course_list,
    share_table,
    short_people_filter,
    short_table,
    unit_page_get,
)
from .services import import_job_start

MAX_UPLOAD = 500 * 1024 * 1024  # a year's export of the whole city
BACKGROUND = True  # imports are queued for `mainstream worker`; tests set False to run them in the request


def _year(request) -> int:  # type: ignore[no-untyped-def]
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and int(value) in plan_years() else default_year()


def _export(rows: list[list[object]], title: str, fmt: str, filename: str) -> HttpResponse:
    data = xlsx_build([(title, rows)]) if fmt == "xlsx" else ods_build([(title, rows)])
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename=\"training.{fmt}\"; filename*=UTF-8''{filename}.{fmt}"
    return response


@login_required
def index(request):  # type: ignore[no-untyped-def]
    year = _year(request)
    ctx = context_build(year=year, as_of=default_as_of())
    visible = {u.short_name for u in units_visible_to(request.user)}
    rules = training_rules()
    findings = [f for f in run_rules(ctx, rules) if f.subject_type == "government" or visible.intersection(f.units)]
    plan = plan_in_force(year)
    rule_ids = [r for r in plan.duties if r.startswith("training.") and r != "training.workers"]
    table: dict[str, dict[str, object]] = {}
    for f in findings:
        if f.subject_type == "unit":
            table.setdefault(f.units[0], {})[f.rule] = f
    rows = [(u.short, [table.get(u.short, {}).get(r) for r in rule_ids]) for u in ctx.units if u.short in table]
    return render(
        request,
        "training/index.html",
        {
            "year": year,
            "years": plan_years(),
            "rows": rows,
            "titles": [plan.duty(r).title for r in rule_ids],
            "government": [f for f in findings if f.subject_type == "government"],
            "shares": [(c.id, c.unit, c.title) for c in plan.compilations],
            "repeats": repeat_course_list(request.user, year=year)[:50],
        },
    )


SHORT_COLUMNS = [
    ("masked", "身分證字號"),
    ("name", "姓名"),
    ("category", "人員類別"),
    ("hours", "總時數"),
    ("physical", "實體"),
]


@login_required
def unit_page(request, unit: str):  # type: ignore[no-untyped-def]
    """A unit's training: its findings and one page of the people still short (a unit of 30,000 people answers
    with 100 of them, filtered and sorted on the server); the downloads stream every one of them."""
    from mainstream.listing import listing_of
    from mainstream.spreadsheets import spreadsheet_stream

    year = _year(request)
    page = unit_page_get(request.user, unit=unit, year=year, as_of=default_as_of())
    category = request.GET.get("category", "")
    sort = request.GET.get("sort", "category")
    sort = sort if sort.lstrip("-") in dict(SHORT_COLUMNS) else "category"
    people = short_people_filter(page.short, category=category, q=request.GET.get("q", "")[:20], sort=sort)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        rows = short_table(page, people)
        return spreadsheet_stream([(f"{unit}{year}年未完成名單", rows)], fmt=fmt, filename=f"training-{year}-{unit}")
    listing = listing_of(request, people, sort=sort)
    plan = plan_in_force(year)
    return render(
        request,
        "training/unit.html",
        {
            "page": page,
            "year": year,
            "years": plan_years(),
            "listing": listing,
            "sorts": listing.sort_links(SHORT_COLUMNS),
            "categories": list(plan.staff_categories.items()),
            "category": category,
            "q": request.GET.get("q", "")[:20],
            "repeats": page.repeats[:50],
            "query": listing.url(page=listing.page.number).lstrip("?"),
        },
    )


@login_required
def share_page(request, share: str):  # type: ignore[no-untyped-def]
    year = _year(request)
    data = oversight_share_get(request.user, share=share, year=year, as_of=default_as_of())
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return _export(share_table(data), data.title[:31], fmt, f"training-{year}-{share}")
    return render(request, "training/share.html", {"share": data, "year": year, "years": plan_years()})


@login_required
def courses(request):  # type: ignore[no-untyped-def]
    year = _year(request)
    return render(
        request,
        "training/courses.html",
        {"courses": course_list(request.user, year=year), "year": year, "years": plan_years()},
    )


@login_required
def course_edit(request, pk: int | None = None):  # type: ignore[no-untyped-def]
    """Add or change a course of the catalogue (its organiser's liaison, 公訓處 or the office): ``course_record``."""
    from decimal import Decimal

    from django.contrib import messages
    from django.core.exceptions import ValidationError

    from mainstream.units.access import access_for
    from mainstream.units.models import Unit

    from .forms import CourseForm
    from .services import CourseData, course_record

    access = access_for(request.user)
    executing = Unit.objects.filter(kind=Unit.Kind.EXECUTING).order_by("order", "id")
    organisers = units_visible_to(request.user).filter(kind=Unit.Kind.EXECUTING)
    if not access.write_all and "training" not in access.write_tools:
        organisers = organisers.filter(id__in=access.write_units)
    course = course_get(request.user, pk) if pk is not None else None
    initial: dict = {}
    if course is not None:
        require_write(request.user, course.organiser, tool="training")  # a reader is told at once, not on saving
        initial = {
            "organiser": course.organiser,
            "year": course.year,
            "title": course.title,
            "hours": course.hours,
            "level": course.level,
            "mode": course.mode,
            "form": course.form,
            "categories": course.categories,
            "audience": course.audience,
            "joint_units": list(course.joint_units.all()),
            "date": course.date,
            "lecturer": course.lecturer,
            "description": course.description,
            "materials": course.materials,
        }
    else:
        own = list(organisers[:2])
        if len(own) == 1:
            initial["organiser"] = own[0]
        initial["year"] = _year(request)
    year = course.year if course is not None else _year(request)
    form = CourseForm(request.POST or None, organisers=organisers, units=executing, year=year, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = CourseData(
            year=d["year"],
            title=d["title"],
            organiser=d["organiser"],
            hours=Decimal(d["hours"]),
            level=d["level"],
            mode=d["mode"],
            form=d["form"],
            categories=tuple(d["categories"]),
            audience=d["audience"],
            description=d["description"],
            lecturer=d["lecturer"],
            materials=d["materials"],
            date=d["date"],
            joint_units=tuple(d["joint_units"]),
            code=course.code if course is not None else "",
            surveyed=course.surveyed if course is not None else None,
            satisfaction=course.satisfaction if course is not None else None,
            pre_score=course.pre_score if course is not None else None,
            post_score=course.post_score if course is not None else None,
        )
        try:
            saved = course_record(data=data, by=request.user, course=course)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已儲存課程")
            return redirect("training:course", pk=saved.pk)
    return render(request, "training/course_form.html", {"form": form, "editing": course is not None})


@login_required
def course_detail(request, pk: int):  # type: ignore[no-untyped-def]
    return render(request, "training/course.html", {"c": course_get(request.user, pk)})


@login_required
def upload(request):  # type: ignore[no-untyped-def]
    context = {"columns": COLUMNS, "years": plan_years(), "year": default_year()}
    if request.method == "POST":
        require_writer(request.user)  # before the upload is read or stored
        uploaded = request.FILES.get("file")
        suffix = Path(uploaded.name).suffix.lower() if uploaded else ""
        if uploaded is None or suffix not in SUFFIXES:
            context["problem"] = "請選擇 CSV、XLSX 或 ODS 檔"
        elif uploaded.size > MAX_UPLOAD:
            context["problem"] = "檔案超過 500 MB"
        if "problem" in context:
            return render(request, "training/upload.html", context, status=400)
        year = request.POST.get("year", "")
        source = _upload_file(uploaded, suffix)
        try:
            job = import_job_start(
                source=source,
                filename=uploaded.name,
                year=int(year) if year.isdigit() else None,
                by=request.user,
                background=BACKGROUND,
            )
        except ValidationError as exc:
            context["problem"] = " ".join(exc.messages)
            return render(request, "training/upload.html", context, status=429)
        finally:
            source.unlink(missing_ok=True)  # refused: ID numbers in clear are not kept; queued: moved already
        return redirect("training:job", pk=job.pk)
    return render(request, "training/upload.html", context)


def _upload_file(uploaded, suffix: str) -> Path:  # type: ignore[no-untyped-def]
    """The upload as a file under var/uploads/ (a large one is there already), for the job to take over."""
    if hasattr(uploaded, "temporary_file_path"):
        return Path(uploaded.temporary_file_path())
    with tempfile.NamedTemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR, suffix=suffix, delete=False) as tmp:
        for chunk in uploaded.chunks():
            tmp.write(chunk)
    return Path(tmp.name)


@login_required
def job_page(request, pk: int):  # type: ignore[no-untyped-def]
    return render(request, "training/job.html", {"job": import_job_get(request.user, pk)})


@login_required
def job_status(request, pk: int):  # type: ignore[no-untyped-def]
    job = import_job_get(request.user, pk)
    return JsonResponse(
        {
            "status": job.status,
            "label": "等待另一個匯入完成後開始" if job.waiting else job.get_status_display(),
            "waiting": job.waiting,
            "percent": job.percent,
            "rows": job.rows,
            "total": job.total_rows,
            "created": job.created,
            "unchanged": job.unchanged,
            "error_count": job.error_count,
            "errors": job.errors[:50],
            "message": job.message,
            "year": job.year,
            "finished": job.status in ("done", "rejected", "failed"),
        }
    )


job_status_post = require_POST(job_status)  # not routed: status is read-only


@login_required
def policy(request):  # type: ignore[no-untyped-def]
    """The office's rule for people in an export who are on no roster (issue 16, item 4)."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError

    from mainstream.units.access import access_for

    from .models import TrainingPolicy
    from .offroster import off_roster_rule
    from .services import training_policy_set

    is_admin = access_for(request.user).is_admin
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied("僅性平辦可修改培力計算規則")
        try:
            training_policy_set(off_roster=request.POST.get("off_roster", ""), by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已儲存培力計算規則，各機關培力考核結果已依新規則重算")
        return redirect("training:policy")
    from .offroster import off_roster_label
    from .rules import duty_of_category

    year = plan_year_default()
    plan = plan_in_force(year)
    general = TrainingPolicy.OffRoster.GENERAL
    duty = duty_of_category(plan, year).get(general)
    return render(
        request,
        "training/policy.html",
        {
            "current": off_roster_rule(),
            "choices": [(value, off_roster_label(value, year)) for value in TrainingPolicy.OffRoster.values],
            "is_admin": is_admin,
            "categories": "、".join(plan.staff_categories.values()),
            "clause": next((c.clause for c in plan.staff_classes), ""),
            "general": plan.staff_category_name(general),
            "general_hours": plan.param(duty, "min_hours", None, year) if duty else None,
            "general_label": off_roster_label(general, year),
            "exclude_label": off_roster_label(TrainingPolicy.OffRoster.EXCLUDE, year),
        },
    )
