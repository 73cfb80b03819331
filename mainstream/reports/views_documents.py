"""Documents made in the background (reports/jobs.py): ask for one, follow it, download it.

The PDF buttons of the report pages post here; the direct ``download.pdf`` links still answer at once (scripts)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mainstream.units.access import access_for

from . import selectors
from .jobs import document_job_get, document_job_path, document_job_start, keep_hours
from .views import KINDS, _require_read_all, _year


def _started(request, direct: str, **job):  # type: ignore[no-untyped-def]
    """Queue the document; a read-only role writes nothing, not even a job: it gets the file made at once."""
    if not access_for(request.user).writes_anything:
        return redirect(direct)
    try:
        made = document_job_start(by=request.user, **job)
    except ValidationError as exc:
        return render(request, "reports/document_refused.html", {"problem": " ".join(exc.messages)}, status=429)
    return redirect("reports:document", pk=made.pk)


@login_required
@require_POST
def report_pdf(request, short: str, year: int, kind: str):  # type: ignore[no-untyped-def]
    if kind not in KINDS:
        raise Http404()
    unit = selectors.unit_get_visible(request.user, short)  # 403 for a unit the user may not see
    year = _year(str(year))
    label = "成果報告" if kind == "result" else "計畫"
    return _started(
        request,
        reverse("reports:download", args=[unit.short_name, year, kind, "pdf"]),
        kind="report",
        params={"short": unit.short_name, "year": year, "kind": kind},
        fmt="pdf",
        title=f"{unit.short_name} {year} 年度{label}（PDF）",
        filename=f"{unit.short_name}-{year}-{kind}.pdf",
    )


@login_required
@require_POST
def city_pdf(request, year: int):  # type: ignore[no-untyped-def]
    _require_read_all(request)
    year = _year(str(year))
    return _started(
        request,
        reverse("reports:city_download", args=[year, "pdf"]),
        kind="city",
        params={"year": year},
        fmt="pdf",
        title=f"全府 {year} 年度成果報告（PDF）",
        filename=f"臺北市-{year}-city.pdf",
    )


@login_required
def document(request, pk: int):  # type: ignore[no-untyped-def]
    job = document_job_get(request.user, pk)
    return render(
        request,
        "reports/document_job.html",
        {"job": job, "ready": document_job_path(job) is not None, "keep_hours": keep_hours()},
    )


@login_required
def document_status(request, pk: int):  # type: ignore[no-untyped-def]
    job = document_job_get(request.user, pk)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "message": job.message,
            "ready": document_job_path(job) is not None,
            "finished": job.status in ("done", "failed"),
        }
    )


@login_required
def document_file(request, pk: int):  # type: ignore[no-untyped-def]
    job = document_job_get(request.user, pk)
    path = document_job_path(job)
    if path is None:
        raise Http404("文件尚未完成或已逾保存期限")
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.filename, content_type="application/pdf")
