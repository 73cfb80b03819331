"""Training imports as queued jobs (issue 13, items 4 and 5; docs/adr/0012).

``import_job_start`` (services) stores the upload under ``var/imports/training/`` and enqueues
:func:`training_import_task`; ``mainstream worker`` runs it through :func:`import_job_run`:

1. the job is claimed (``queued`` → ``reading``, with the worker's ``host:pid``) in its own short transaction;
2. imports run one at a time (a file lock on SQLite, an advisory lock on PostgreSQL): a second import waits,
   and its page says so, instead of failing on a locked database;
3. the import itself writes everything in one transaction (all or nothing); its progress goes to a file
   (``ops.jobs``), which every web process reads;
4. the job's outcome is stored and the upload — ID numbers in clear — deleted, whatever happened;
5. a successful import queues the recomputation of the year's stored verdicts (``evaluation.tasks``).

A worker killed in step 3 leaves no rows (the transaction dies with it) and a job still ``reading`` or
``writing``: :func:`import_jobs_recover`, run by the next ``worker`` or ``serve`` to start, marks it failed and
deletes its upload and progress file.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks import task

from mainstream.ops.jobs import (
    ProgressWriter,
    progress_clear,
    progress_path,
    progress_read,
    progress_write,
    queue_task_failed,
    recoverer,
    worker_gone,
    worker_identity,
)

from .models import ImportJob

logger = logging.getLogger(__name__)
KIND = "training"
RUNNING = (ImportJob.Status.READING, ImportJob.Status.WRITING)
ENDED = (ImportJob.Status.DONE, ImportJob.Status.REJECTED, ImportJob.Status.FAILED)
INTERRUPTED = "匯入中斷：執行匯入的工作程序已停止（伺服器重新啟動或被終止），未寫入任何資料；請重新上傳檔案"
LOCK_KEY = 0x6D61696E  # PostgreSQL advisory lock: one training import at a time


def job_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports" / "training"
    path.mkdir(parents=True, exist_ok=True)
    return path


@task(queue_name="imports")
def training_import_task(job_id: int) -> None:
    """The queued task: run the import job (``mainstream worker`` calls this)."""
    import_job_run(job_id=job_id)


@task(queue_name="default")
def training_keys_validate_task() -> list[str]:
    """After a large PostgreSQL import on the COPY path (docs/adr/0013): the records' foreign keys it added back
    ``NOT VALID`` are checked against every record. The keys checked."""
    from .importer.sql import records_keys_validate

    return [name for name, _ in records_keys_validate()]


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued import job to its end; a job no longer queued (failed by recovery, already run) is left."""
    from .importer import _count_lines, training_import

    claimed = ImportJob.objects.filter(id=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.READING, worker=worker_identity(), running_since=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("user").get(id=job_id)
    path = job_dir() / job.upload if job.upload else None
    if path is None or not path.is_file():
        return _end(job_id, status=ImportJob.Status.FAILED, message="找不到上傳的檔案，請重新上傳")
    if job.user is None or not job.user.is_active:  # never run as the system for an account that is gone
        path.unlink(missing_ok=True)
        return _end(job_id, status=ImportJob.Status.FAILED, message="上傳者的帳號已停用，未匯入；請重新上傳")
    progress = ProgressWriter(KIND, job_id)
    try:
        ImportJob.objects.filter(id=job_id).update(total_rows=_count_lines(path, job.filename))
        with _one_import_at_a_time(job_id):
            result = training_import(path=path, by=job.user, filename=job.filename, year=job.year, progress=progress)
        if result.ok and result.created and result.year:
            from mainstream.evaluation.tasks import findings_refresh_task

            findings_refresh_task.enqueue(result.year)  # the verdicts of the year, recomputed before anyone asks
        return _end(
            job_id,
            status=ImportJob.Status.DONE if result.ok else ImportJob.Status.REJECTED,
            rows=result.rows,
            created=result.created,
            unchanged=result.unchanged,
            error_count=result.error_count,
            errors=[e.as_json() for e in result.errors[:200]],
            year=result.year,
        )
    except Exception as exc:  # the page must show that it stopped; the reason never holds row values
        logger.exception("training import job %s failed", job_id)
        return _end(job_id, status=ImportJob.Status.FAILED, message=f"匯入中斷：{type(exc).__name__}")
    finally:
        path.unlink(missing_ok=True)
        progress_clear(KIND, job_id)


def _end(job_id: int, **fields: object) -> ImportJob:
    ImportJob.objects.filter(id=job_id).update(finished=timezone.now(), **fields)
    return ImportJob.objects.get(id=job_id)


@contextlib.contextmanager
def _one_import_at_a_time(job_id: int) -> Iterator[None]:
    """Hold the import lock; while another import holds it, the page says this one is waiting."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
            if not cursor.fetchone()[0]:
                progress_write(progress_path(KIND, job_id), {"phase": "waiting", "rows": 0, "at": _now()})
                cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        return
    with open(job_dir() / ".import.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress_write(progress_path(KIND, job_id), {"phase": "waiting", "rows": 0, "at": _now()})
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes, also if this process dies
        yield


def _now() -> str:
    return timezone.now().isoformat()


def job_progress(job: ImportJob) -> ImportJob:
    """The job with the progress its worker last wrote (``waiting`` while another import holds the lock)."""
    job.waiting = False  # type: ignore[attr-defined]
    if job.status in RUNNING:
        data = progress_read(KIND, job.id)
        if data is not None:
            phase = data.get("phase")
            if phase == "waiting":
                job.waiting = True  # type: ignore[attr-defined]
            elif phase in ("reading", "writing"):
                job.status = phase
                job.rows = int(data.get("rows") or 0)
    return job


@recoverer
def import_jobs_recover() -> list[str]:
    """Fail the import jobs whose worker is gone and delete their uploads; delete uploads no job owns."""
    done = []
    for job in ImportJob.objects.filter(status__in=RUNNING):
        data = progress_read(KIND, job.id)
        heartbeat = (data or {}).get("at") or job.running_since
        if job.worker and worker_gone(job.worker, heartbeat):
            ImportJob.objects.filter(id=job.id, status__in=RUNNING).update(
                status=ImportJob.Status.FAILED, finished=timezone.now(), message=INTERRUPTED
            )
            queue_task_failed(job.task_id)
            done.append(f"訓練紀錄匯入工作 {job.id}（{job.filename}）中斷，已標示失敗")
    owned = set(ImportJob.objects.exclude(status__in=ENDED).exclude(upload="").values_list("upload", flat=True))
    for path in job_dir().iterdir():
        if path.is_file() and not path.name.startswith(".") and path.name not in owned:
            path.unlink(missing_ok=True)
            done.append(f"刪除無工作對應的上傳檔 {path.name}")
    for job_id in ImportJob.objects.filter(status__in=ENDED).values_list("id", flat=True).order_by("-id")[:1000]:
        if progress_path(KIND, job_id).exists():
            progress_clear(KIND, job_id)
    from .importer.sql import records_keys_unchecked

    if records_keys_unchecked():  # an import's check of its keys that never ran (its job lost): queued again
        training_keys_validate_task.enqueue()
        done.append("訓練紀錄的外鍵尚未全面檢查，已排入檢查工作")
    return done
