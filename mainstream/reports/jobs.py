"""Documents made by ``mainstream worker`` (issue 13, item 4; docs/adr/0012).

A PDF goes through LibreOffice and takes seconds; made while the request waits, fifty users before a deadline
would hold every web worker. So the page asks for it (:func:`document_job_start`), the worker makes it
(:func:`document_job_run`, checking the user's access again), and the page downloads it when it is ready.

Each kind of document is a *builder* registered here: ``builder(user, params, fmt) -> bytes``, raising
``PermissionDenied``/``Http404`` when the user may not see it and ``ExportError`` with a message for the user.
The reports app registers the unit and city reports; statistics registers its chart book.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django_tasks import task

from mainstream.ops.jobs import queue_task_failed, recoverer, worker_gone, worker_identity
from mainstream.units.access import access_for, require_writer

from .models import DocumentJob

logger = logging.getLogger(__name__)
Builder = Callable[[Any, dict, str], bytes]
BUILDERS: dict[str, Builder] = {}
OPEN = (DocumentJob.Status.QUEUED, DocumentJob.Status.RUNNING)


def keep_hours() -> int:
    """How long a made document stays downloadable before it is deleted (it can be made again)."""
    return int(getattr(settings, "MAINSTREAM_DOCUMENT_KEEP_HOURS", 24))


INTERRUPTED = "產製中斷：執行的工作程序已停止；請重新產製"


def document_builder(kind: str) -> Callable[[Builder], Builder]:
    def register(function: Builder) -> Builder:
        BUILDERS[kind] = function
        return function

    return register


def documents_dir() -> Path:
    path = Path(settings.VAR_DIR) / "documents"
    path.mkdir(parents=True, exist_ok=True)
    return path


def document_job_start(*, kind: str, params: dict, fmt: str, title: str, filename: str, by) -> DocumentJob:  # type: ignore[no-untyped-def]
    """Queue a document for ``by``; the caller has checked that ``by`` may see it (the worker checks again)."""
    if not access_for(by).is_authenticated:
        raise PermissionDenied("請先登入")
    require_writer(by)  # a job is a write: read-only roles get the file made at once instead (views_documents)
    if kind not in BUILDERS:
        raise ValidationError(f"不支援的文件種類：{kind}")
    limit = settings.MAINSTREAM_JOBS_PER_USER
    if DocumentJob.objects.filter(user=by, status__in=OPEN).count() >= limit:
        raise ValidationError(f"您已有 {limit} 份文件在排隊或產製中；請待其中一份完成後再產製。")
    with transaction.atomic():
        job = DocumentJob.objects.create(
            kind=kind, params=params, fmt=fmt, title=title[:200], filename=filename[:200], user=by
        )
        job.task_id = str(document_build_task.enqueue(job.id).id)
        job.save(update_fields=["task_id"])
    return job


@task(queue_name="default")
def document_build_task(job_id: int) -> None:
    document_job_run(job_id=job_id)


def document_job_run(*, job_id: int) -> DocumentJob | None:
    """Make the document of a queued job; a job no longer queued is left alone."""
    from django.utils import timezone

    from .exports import ExportError

    claimed = DocumentJob.objects.filter(id=job_id, status=DocumentJob.Status.QUEUED).update(
        status=DocumentJob.Status.RUNNING, worker=worker_identity(), running_since=timezone.now()
    )
    if not claimed:
        return None
    job = DocumentJob.objects.get(id=job_id)
    fields: dict[str, object]
    try:
        data = BUILDERS[job.kind](job.user, job.params, job.fmt)
    except (PermissionDenied, Http404):
        fields = {"status": DocumentJob.Status.FAILED, "message": "您已無權限閱覽此文件"}
    except (ExportError, ValidationError) as exc:
        fields = {"status": DocumentJob.Status.FAILED, "message": str(getattr(exc, "message", exc))[:300]}
    except Exception as exc:
        logger.exception("document job %s failed", job_id)
        fields = {"status": DocumentJob.Status.FAILED, "message": f"產製失敗：{type(exc).__name__}"}
    else:
        name = f"{uuid.uuid4().hex}.{job.fmt}"
        partial = documents_dir() / f"{name}.part"
        partial.write_bytes(data)
        partial.replace(documents_dir() / name)
        fields = {"status": DocumentJob.Status.DONE, "file": name}
    DocumentJob.objects.filter(id=job_id).update(finished=timezone.now(), **fields)
    return DocumentJob.objects.get(id=job_id)


def document_job_get(user, job_id: int) -> DocumentJob:  # type: ignore[no-untyped-def]
    """A document job: its owner only (a document shows what its owner may see)."""
    job = DocumentJob.objects.filter(id=job_id).first()
    if job is None or job.user_id is None or job.user_id != getattr(user, "id", None):
        raise Http404("查無此文件")
    return job


def document_job_path(job: DocumentJob) -> Path | None:
    """The made file, while it is kept."""
    if job.status != DocumentJob.Status.DONE or not job.file:
        return None
    path = documents_dir() / job.file
    return path if path.is_file() else None


@recoverer
def document_jobs_recover() -> list[str]:
    """Fail the jobs whose worker is gone; delete documents older than a day and files no job owns."""
    from django.utils import timezone

    done = []
    for job in DocumentJob.objects.filter(status=DocumentJob.Status.RUNNING):
        if job.worker and worker_gone(job.worker, job.running_since):
            DocumentJob.objects.filter(id=job.id, status=DocumentJob.Status.RUNNING).update(
                status=DocumentJob.Status.FAILED, message=INTERRUPTED, finished=timezone.now()
            )
            queue_task_failed(job.task_id)
            done.append(f"文件產製工作 {job.id}（{job.title}）中斷，已標示失敗")
    hours = keep_hours()
    expired = DocumentJob.objects.filter(
        status=DocumentJob.Status.DONE, finished__lt=timezone.now() - timedelta(hours=hours)
    )
    for job in expired.exclude(file=""):
        (documents_dir() / job.file).unlink(missing_ok=True)
    expired.update(file="", message=f"檔案已逾保存期限（{hours} 小時），請重新產製")
    owned = set(DocumentJob.objects.exclude(file="").values_list("file", flat=True))
    for path in documents_dir().iterdir():
        if path.is_file() and path.name not in owned:
            path.unlink(missing_ok=True)
            done.append(f"刪除無工作對應的文件 {path.name}")
    return done


# -- the builders of this app ------------------------------------------------------------------------------
@document_builder("report")
def _unit_report(user, params: dict, fmt: str) -> bytes:  # type: ignore[no-untyped-def]
    """A unit's yearly plan or result report (拾、一), as its page shows it to ``user``."""
    from . import exports, selectors, services
    from .compose import plan_document, result_document
    from .models import Report
    from .views import KINDS

    unit = selectors.unit_get_visible(user, params["short"])
    kind = params["kind"]
    report = Report.objects.filter(unit=unit, year=params["year"], kind=KINDS[kind]).first()
    compose = result_document if kind == "result" else plan_document
    doc = services.document_for(report) if report else compose(unit.short_name, params["year"], None)
    return exports.render(doc, fmt)


@document_builder("city")
def _city_report(user, params: dict, fmt: str) -> bytes:  # type: ignore[no-untyped-def]
    """The city's yearly result report (拾、二), for those who read every unit."""
    from . import exports, services
    from .compose import city_document
    from .models import Report

    if not access_for(user).read_all:
        raise PermissionDenied("僅性平辦與管考單位可閱覽全市報告")
    report = Report.objects.filter(kind=Report.Kind.CITY, year=params["year"]).first()
    doc = services.document_for(report) if report else city_document(params["year"], None)
    return exports.render(doc, fmt)
