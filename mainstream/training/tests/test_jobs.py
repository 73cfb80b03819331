"""Training imports as queued jobs, in this process (issue 13, item 4): queued by the upload, run by
``mainstream worker``, at most three per user, and the cleanup after a crash. The same in real processes, killed
for real: test_job_processes.py."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from mainstream.ops.jobs import ProgressWriter, jobs_recover, progress_path, worker_gone
from mainstream.training.ids import check_digit
from mainstream.training.jobs import INTERRUPTED, job_dir
from mainstream.training.models import ImportJob, TrainingRecord

HEADER = "身分證字號,姓名,服務機關,課程名稱,學習時數,上課日期,學習方式,課程類別\n"


@pytest.fixture(autouse=True)
def _own_var(settings, tmp_path):
    """This test's own var/: recovery deletes files no job of *its* database owns (other tests run beside it)."""
    settings.VAR_DIR = tmp_path / "var"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "var" / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir(parents=True)


def _csv(name: str, *ids: str) -> io.BytesIO:
    body = io.BytesIO((HEADER + "".join(f"{i},王,勞動局,CEDAW,2,111/3/5,數位,基礎\n" for i in ids)).encode())
    body.name = name
    return body


def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_queued_and_the_worker_runs_it(client, make_user, settings):
    labor = make_user("liaison", "勞動局")
    client.force_login(labor)
    response = client.post("/training/import/", {"file": _csv("t.csv", check_digit("A12345678")), "year": "111"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == "queued" and job.task_id
    assert [p.name for p in job_dir().iterdir() if not p.name.startswith(".")] == [job.upload]
    assert not list(settings.FILE_UPLOAD_TEMP_DIR.iterdir())  # nothing left where the request body was received
    page = client.get(f"/training/import/jobs/{job.pk}/").content.decode()
    assert "排隊中" in page and "mainstream worker" in page
    assert TrainingRecord.objects.count() == 0  # the request only queued it

    call_command("worker", "--once", verbosity=0)

    job.refresh_from_db()
    assert job.status == "done" and job.created == 1 and TrainingRecord.objects.count() == 1
    assert not (job_dir() / job.upload).exists()
    status = client.get(f"/training/import/jobs/{job.pk}/status.json").json()
    assert status["finished"] and status["created"] == 1
    from django_tasks_db.models import DBTaskResult

    from mainstream.evaluation.models import FindingSet

    # the same run of the worker then recomputed the year's stored verdicts, so the next page reads them
    ran = dict(DBTaskResult.objects.values_list("task_path", "status"))
    assert ran == {
        "mainstream.training.jobs.training_import_task": "SUCCESSFUL",
        "mainstream.evaluation.tasks.findings_refresh_task": "SUCCESSFUL",
    }
    assert FindingSet.objects.filter(year=111, tool="training").exists()


def test_each_user_has_at_most_three_jobs_at_once(client, make_user, settings):
    labor = make_user("liaison", "勞動局")
    client.force_login(labor)
    for n in range(3):
        assert client.post("/training/import/", {"file": _csv(f"{n}.csv", check_digit("A12345678"))}).status_code == 302
    refused = client.post("/training/import/", {"file": _csv("4.csv", check_digit("A12345678"))})
    assert refused.status_code == 429 and "3 個匯入工作" in refused.content.decode()
    assert ImportJob.objects.count() == 3
    assert len([p for p in job_dir().iterdir() if not p.name.startswith(".")]) == 3  # the fourth file is gone
    assert not list(settings.FILE_UPLOAD_TEMP_DIR.iterdir())
    other = make_user("liaison", "社會局")  # the limit is per user
    client.force_login(other)
    assert client.post("/training/import/", {"file": _csv("5.csv", check_digit("A12345678"))}).status_code == 302


def test_an_interrupted_job_is_failed_and_its_upload_deleted(db):
    upload = job_dir() / "dead.csv"
    upload.write_text("身分證字號\nA123456789\n", encoding="utf-8")
    dead = ImportJob.objects.create(
        filename="x.csv", status="reading", upload="dead.csv", worker=f"{socket.gethostname()}:{_dead_pid()}"
    )
    ProgressWriter("training", dead.id)(100, "reading")
    alive = ImportJob.objects.create(
        filename="y.csv", status="reading", upload="alive.csv", worker=f"{socket.gethostname()}:{os.getppid()}"
    )
    (job_dir() / "alive.csv").write_text("x", encoding="utf-8")
    lines = jobs_recover()
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == "failed" and dead.message == INTERRUPTED and dead.finished
    assert not upload.exists() and not progress_path("training", dead.id).exists()
    assert alive.status == "reading" and (job_dir() / "alive.csv").exists()  # its worker is still running
    assert any("x.csv" in line for line in lines)


def test_a_file_no_job_owns_is_deleted(db, settings):
    stray = job_dir() / "stray.csv"
    stray.write_text("A123456789", encoding="utf-8")
    received = settings.FILE_UPLOAD_TEMP_DIR / "upload.part"
    received.write_text("A123456789", encoding="utf-8")  # a request body a killed server was receiving
    jobs_recover(uploads_older_than=3600)
    assert not stray.exists() and received.exists()  # a web server may still be receiving that one
    jobs_recover()  # `serve`, before its workers start
    assert not received.exists()


def test_a_worker_on_another_host_is_gone_only_when_its_heartbeat_is_stale(settings):
    settings.MAINSTREAM_JOB_STALE_SECONDS = 600
    now = timezone.now()
    assert not worker_gone("other-host:123", now - timedelta(seconds=60))
    assert worker_gone("other-host:123", now - timedelta(seconds=601))
    assert worker_gone(f"{socket.gethostname()}:{_dead_pid()}", now)
    assert not worker_gone(f"{socket.gethostname()}:{os.getppid()}", now)


def test_a_waiting_import_says_so(client, make_user):
    labor = make_user("liaison", "勞動局")
    job = ImportJob.objects.create(filename="t.csv", user=labor, status="reading")
    from mainstream.ops.jobs import progress_write

    progress_write(progress_path("training", job.id), {"phase": "waiting", "rows": 0, "at": timezone.now().isoformat()})
    client.force_login(labor)
    assert client.get(f"/training/import/jobs/{job.pk}/status.json").json()["label"] == "等待另一個匯入完成後開始"
    ProgressWriter("training", job.id)(40_000, "reading")
    status = client.get(f"/training/import/jobs/{job.pk}/status.json").json()
    assert status["status"] == "reading" and status["rows"] == 40_000 and not status["waiting"]


@pytest.mark.django_db(transaction=True)
def test_a_job_of_an_account_since_disabled_is_not_run(client, make_user):
    labor = make_user("liaison", "勞動局")
    client.force_login(labor)
    client.post("/training/import/", {"file": _csv("t.csv", check_digit("A12345678")), "year": "111"})
    labor.is_active = False
    labor.save()
    call_command("worker", "--once", verbosity=0)
    job = ImportJob.objects.get()
    assert job.status == "failed" and "停用" in job.message
    assert TrainingRecord.objects.count() == 0 and not (job_dir() / job.upload).exists()
