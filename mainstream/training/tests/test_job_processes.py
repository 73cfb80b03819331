"""Training imports as queued jobs, in real processes on a real SQLite file (issue 13, Done when):

- killing the worker during an import leaves no partial rows, no stuck job and no uploaded file;
- two imports started at once on SQLite both finish (the second waits for the first, its page says so);
- a web write during an import succeeds or gets the "try again" page, never a 500.

Each test runs ``mainstream`` commands in child processes against its own copy of a database set up once.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
YEAR = 110
CODE = "import sys; from mainstream.cli import main; main(['mainstream', *sys.argv[1:]])"
QUEUE = """
import django, sys, shutil
django.setup()
from pathlib import Path
from django.contrib.auth import get_user_model
from mainstream.units.models import Role
from mainstream.training.services import import_job_start
office, made = get_user_model().objects.get_or_create(username="office")
if made:
    Role.objects.create(user=office, kind="admin")
for name in sys.argv[1:]:
    copy = Path(name).with_suffix(".upload")
    shutil.copy(name, copy)
    job = import_job_start(source=copy, filename=Path(name).name, year={year}, by=office)
    print(job.id)
""".replace("{year}", str(YEAR))


def _env(site: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        MAINSTREAM_VAR_DIR=str(site / "var"),
        MAINSTREAM_DATABASE_URL=f"sqlite:///{site / 'db.sqlite3'}",
        MAINSTREAM_ID_HASH_KEY="k" * 64,
        DJANGO_SETTINGS_MODULE="mainstream.settings",
        PYTHONUNBUFFERED="1",
    )
    return env


def _run(site: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-c", CODE, *args], env=_env(site), cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _queue(site: Path, *files: Path) -> list[int]:
    done = subprocess.run(
        [sys.executable, "-c", QUEUE, *map(str, files)],
        env=_env(site),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [int(line) for line in done.stdout.split()]


def _worker(site: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CODE, "worker", "--interval", "0.2", *args],
        env=_env(site),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _query(site: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(site / "db.sqlite3", timeout=30) as db:
        return db.execute(sql, params).fetchall()


def _job(site: Path, job_id: int) -> dict:
    row = _query(site, "SELECT status, message, rows, created, upload FROM training_importjob WHERE id = ?", job_id)[0]
    return dict(zip(("status", "message", "rows", "created", "upload"), row, strict=True))


def _uploads(site: Path) -> list[str]:
    folder = site / "var" / "imports" / "training"
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A database set up once (the plan's registry of units); each test works on a copy."""
    from mainstream.training.bench import generate

    site = tmp_path_factory.mktemp("site")
    _run(site, "setup")
    generate(site / "big.csv", rows=300_000, people=30_000, year=YEAR, seed=1)
    generate(site / "a.csv", rows=30_000, people=3_000, year=YEAR, seed=2)
    generate(site / "b.csv", rows=30_000, people=3_000, year=YEAR, seed=3)
    return site


@pytest.fixture
def site(template, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(template, copy, ignore=shutil.ignore_patterns("*.csv"))
    for name in ("big.csv", "a.csv", "b.csv"):
        (copy / name).symlink_to(template / name)
    return copy


def test_killing_the_worker_mid_import_leaves_no_rows_no_stuck_job_and_no_upload(site):
    (job_id,) = _queue(site, site / "big.csv")
    assert _job(site, job_id)["status"] == "queued" and len(_uploads(site)) == 1
    worker = _worker(site)
    progress = site / "var" / "jobs" / f"training-{job_id}.json"
    try:
        for _ in range(1200):
            if progress.exists():
                data = json.loads(progress.read_text(encoding="utf-8") or "{}")
                if data.get("phase") == "reading" and data.get("rows", 0) > 0:
                    break
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.05)
        else:
            pytest.fail("the import never reported progress")
        worker.send_signal(signal.SIGKILL)  # no chance to clean up: a crash, the OOM killer, a pulled plug
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert _job(site, job_id)["status"] == "reading"  # what a crash leaves: the job looks alive
    assert _query(site, "SELECT COUNT(*) FROM training_trainingrecord") == [(0,)]  # but nothing was committed
    assert _uploads(site)  # and the upload, ID numbers in clear, is still on disk

    started = _run(site, "worker", "--once")  # the next worker to start cleans up first

    assert "中斷" in started.stdout
    job = _job(site, job_id)
    assert job["status"] == "failed" and "未寫入任何資料" in job["message"]
    assert _uploads(site) == [] and not progress.exists()
    assert _query(site, "SELECT COUNT(*) FROM training_trainingrecord") == [(0,)]
    assert _query(site, "SELECT COUNT(*) FROM imports_importrun") == [(0,)]
    assert _query(site, "SELECT status FROM django_tasks_database_dbtaskresult") == [("FAILED",)]


def test_two_imports_started_at_once_on_sqlite_both_finish(site):
    first, second = _queue(site, site / "a.csv", site / "b.csv")
    workers = [_worker(site, "--once", "--max-tasks", "1") for _ in range(2)]  # each claims one: both run at once
    outputs = [w.communicate(timeout=600)[0] for w in workers]
    assert all(w.returncode == 0 for w in workers), outputs
    a, b = _job(site, first), _job(site, second)
    assert (a["status"], b["status"]) == ("done", "done"), (a, b, outputs)
    assert a["created"] + b["created"] == _query(site, "SELECT COUNT(*) FROM training_trainingrecord")[0][0] > 0
    assert "database is locked" not in "".join(outputs)
    assert _uploads(site) == []


WRITE = """
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from mainstream.units.models import Role
user = get_user_model().objects.get(username="office")
client = Client()
client.force_login(user)
response = client.post("/training/policy/", {"off_roster": "exclude"})
print(response.status_code)
"""


def test_a_web_write_during_an_import_succeeds_or_asks_to_try_again(site):
    (job_id,) = _queue(site, site / "big.csv")
    worker = _worker(site, "--once")
    progress = site / "var" / "jobs" / f"training-{job_id}.json"
    try:
        for _ in range(1200):
            if progress.exists() and json.loads(progress.read_text(encoding="utf-8") or "{}").get("rows", 0) > 0:
                break
            time.sleep(0.05)
        env = _env(site) | {"MAINSTREAM_DEBUG": "1"}
        write = subprocess.run(
            [sys.executable, "-c", WRITE], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        assert write.returncode == 0, write.stderr[-2000:]
        assert write.stdout.split()[-1] in ("200", "302", "503")  # done, or "請稍後再試"; never 500
        worker.communicate(timeout=600)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert _job(site, job_id)["status"] == "done"
