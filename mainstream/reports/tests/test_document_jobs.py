"""PDFs made by ``mainstream worker`` (issue 13, item 4): asked for on the page, made in the background with the
asker's access checked again, downloaded by the asker only; an interrupted one is failed at the next start."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from django.core.management import call_command

from mainstream.ops.jobs import jobs_recover
from mainstream.reports.jobs import INTERRUPTED, document_job_run, documents_dir
from mainstream.reports.models import DocumentJob
from mainstream.units.models import Role


@pytest.fixture(autouse=True)
def _own_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"  # recovery deletes files no job of this test's database owns


@pytest.mark.django_db(transaction=True)
def test_a_result_report_pdf_is_made_by_the_worker_for_the_liaison_who_asked(client, make_user):
    labor = make_user("liaison", "勞動局")
    client.force_login(labor)
    detail = client.get("/reports/勞動局/111/result/").content.decode()
    assert 'action="/reports/%E5%8B%9E%E5%8B%95%E5%B1%80/111/result/pdf/"' in detail or "/result/pdf/" in detail
    asked = client.post("/reports/勞動局/111/result/pdf/")
    job = DocumentJob.objects.get()
    assert asked.status_code == 302 and job.status == "queued" and job.user == labor
    assert client.get(f"/reports/documents/{job.pk}/file").status_code == 404  # not made yet

    call_command("worker", "--once", verbosity=0)

    job.refresh_from_db()
    assert job.status == "done", job.message
    pdf = client.get(f"/reports/documents/{job.pk}/file")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(f"/reports/documents/{job.pk}/status.json").json()["ready"] is True
    other = make_user("liaison", "社會局")
    client.force_login(other)
    assert client.get(f"/reports/documents/{job.pk}/").status_code == 404  # someone else's document
    assert client.get(f"/reports/documents/{job.pk}/file").status_code == 404
    assert client.post("/reports/勞動局/111/result/pdf/").status_code == 403  # a unit it may not see


def test_access_is_checked_again_when_the_document_is_made(client, make_user):
    labor = make_user("liaison", "勞動局")
    client.force_login(labor)
    client.post("/reports/勞動局/111/result/pdf/")
    Role.objects.filter(user=labor).update(unit=make_user("liaison", "社會局").roles.get().unit)  # moved meanwhile
    job = document_job_run(job_id=DocumentJob.objects.get().pk)
    assert job.status == "failed" and "無權限" in job.message and not job.file


def test_at_most_three_documents_at_once_per_user(client, make_user):
    client.force_login(make_user("admin"))
    for year in (110, 111, 112):
        assert client.post(f"/reports/city/{year}/pdf/").status_code == 302
    refused = client.post("/reports/city/111/pdf/")
    assert refused.status_code == 429 and "3 份文件" in refused.content.decode()


def test_an_interrupted_document_job_is_failed_and_stray_files_deleted(make_user):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    job = DocumentJob.objects.create(
        kind="city",
        params={"year": 111},
        fmt="pdf",
        title="全府",
        filename="x.pdf",
        status="running",
        worker=f"{socket.gethostname()}:{int(dead.stdout)}",
    )
    stray = documents_dir() / "stray.pdf"
    stray.write_bytes(b"%PDF")
    jobs_recover()
    job.refresh_from_db()
    assert job.status == "failed" and job.message == INTERRUPTED and not stray.exists()


def test_a_read_only_auditor_gets_the_pdf_link_without_a_job(client, make_user):
    client.force_login(make_user("auditor"))
    asked = client.post("/reports/勞動局/111/result/pdf/")
    assert asked.status_code == 302 and asked.url.endswith("/result/download.pdf")
    assert not DocumentJob.objects.exists()  # read-only: no write of any kind (issue 14, item 8)
