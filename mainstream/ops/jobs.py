"""Background jobs: what the queue itself does not know (issue 13, item 4; docs/adr/0012).

The queue is django-tasks with its database backend: ``enqueue`` writes a row, ``mainstream worker`` claims it
(``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL, an exclusive transaction on SQLite) and runs it. Three things
are ours:

- **Progress** is a small JSON file per job under ``var/jobs/``, replaced atomically. A training import writes all
  its rows in one transaction, and on SQLite that transaction holds the database's only write lock: a progress row
  written from a second connection would wait for the import to finish. Any process that can read the upload (the
  web servers and the workers share ``var/``) can read the progress; its time is the job's heartbeat.
- **Who runs it**: ``host:pid`` of the worker, stored on the job when it starts, so the next worker to start on that
  host knows a job whose process is gone was interrupted.
- **Recovery**: each app that owns jobs registers a function that fails its interrupted jobs and deletes their
  uploads; ``mainstream worker`` and ``mainstream serve`` run them at start (:func:`jobs_recover`).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

RECOVERERS: list[Callable[[], list[str]]] = []


def recoverer(function: Callable[[], list[str]]) -> Callable[[], list[str]]:
    """Register an app's recovery function (it returns one line per job or file it cleaned up)."""
    if function not in RECOVERERS:
        RECOVERERS.append(function)
    return function


def jobs_recover(*, uploads_older_than: float = 0.0) -> list[str]:
    """Fail every interrupted job and delete what it left on disk; what was done, one line each.

    ``uploads_older_than``: leave younger request bodies alone (a web server may be receiving them right now)."""
    done: list[str] = []
    for function in RECOVERERS:
        done.extend(function())
    done.extend(uploads_sweep(uploads_older_than))
    return done


def queue_task_failed(task_id: str) -> None:
    """The queue's own row of an interrupted job: failed too, not "running" forever."""
    if not task_id:
        return
    from django_tasks_db.models import DBTaskResult

    with contextlib.suppress(Exception):  # an id from another backend (tests) is not a DBTaskResult
        DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(status="FAILED", finished_at=timezone.now())


# -- who runs a job ------------------------------------------------------------------------------------
def worker_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_gone(identity: str, heartbeat: datetime | None) -> bool:
    """Whether the worker that claimed a job can no longer be running it.

    On this host the process is asked directly (``kill -0``); a recorded identity equal to this very process
    (a container restarts its worker under the same pid) is gone too, since this process has just started.
    Elsewhere, a heartbeat older than ``MAINSTREAM_JOB_STALE_SECONDS`` is the only sign."""
    host, _, pid = identity.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if identity == worker_identity():
            return True
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass  # a process of another user: alive
        else:
            # alive; but a pid reused by an unrelated process after a reboot is told apart by the heartbeat
            return _stale(heartbeat, factor=4)
        return False
    return _stale(heartbeat)


def _stale(heartbeat: datetime | None, factor: int = 1) -> bool:
    if heartbeat is None:
        return False
    return timezone.now() - heartbeat > timedelta(seconds=settings.MAINSTREAM_JOB_STALE_SECONDS * factor)


# -- progress -------------------------------------------------------------------------------------------
def jobs_dir() -> Path:
    path = Path(settings.VAR_DIR) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def progress_path(kind: str, job_id: int) -> Path:
    return jobs_dir() / f"{kind}-{int(job_id)}.json"


class ProgressWriter:
    """``progress(rows, phase)`` for a job: written at most once a second, and at every change of phase."""

    def __init__(self, kind: str, job_id: int, *, every: float = 1.0) -> None:
        self.path = progress_path(kind, job_id)
        self.every = every
        self._last = 0.0
        self._phase = ""

    def __call__(self, rows: int, phase: str) -> None:
        now = time.monotonic()
        if phase == self._phase and now - self._last < self.every:
            return
        self._last, self._phase = now, phase
        progress_write(self.path, {"phase": phase, "rows": int(rows), "at": timezone.now().isoformat()})


def progress_write(path: Path, data: dict[str, Any]) -> None:
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(data), encoding="utf-8")
    os.replace(partial, path)  # readers see the old or the new file, never half of one


def progress_read(kind: str, job_id: int) -> dict[str, Any] | None:
    try:
        data = json.loads(progress_path(kind, job_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        data["at"] = datetime.fromisoformat(data["at"])
    except (KeyError, TypeError, ValueError):
        data["at"] = None
    return data


def progress_clear(kind: str, job_id: int) -> None:
    progress_path(kind, job_id).unlink(missing_ok=True)
    progress_path(kind, job_id).with_suffix(".tmp").unlink(missing_ok=True)


# -- uploads a killed server left behind ----------------------------------------------------------------
def uploads_sweep(older_than: float = 0.0) -> list[str]:
    """Delete the request bodies Django was still receiving when its server was killed (``FILE_UPLOAD_TEMP_DIR``).

    Run when no web process is receiving (``serve`` before it starts gunicorn) or with ``older_than`` seconds
    (``worker``, while web servers may be receiving uploads right now)."""
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    done = []
    cutoff = time.time() - older_than
    for path in folder.glob("*") if folder.is_dir() else []:
        try:
            if path.is_file() and path.stat().st_mtime <= cutoff:
                path.unlink()
                done.append(f"刪除未完成的上傳暫存檔 {path.name}")
        except FileNotFoundError:
            continue
    return done
