"""Two connections writing audit rows at the same time keep the chain linear (issue 14, item 5).

Each thread opens its own connection and appends rows inside its own transaction, holding it open a moment after the
append so that the two writers overlap. A fork — two rows naming the same predecessor — or a row out of chain order
fails the test, as it fails ``mainstream audit verify``. Without the lock on the chain head the first test forks on
PostgreSQL (seen).

On PostgreSQL (``make test-pg``) the writers run in this process on the test database. The test database on SQLite
lives in memory, where two connections meet table locks instead of SQLite's busy wait, so on SQLite the same writers
run in a child process on a database file configured as in production (WAL, IMMEDIATE transactions).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from mainstream.audit.models import AuditChainHead, AuditEvent
from mainstream.audit.services import audit_record, audit_verify

ROOT = Path(__file__).resolve().parents[3]
WRITERS = 2
ROWS_EACH = 15


def _write(name: str, start: threading.Barrier, errors: list[BaseException]) -> None:
    from django.db import connection as own  # this thread's own connection

    try:
        start.wait(timeout=30)
        for i in range(ROWS_EACH):
            with transaction.atomic():
                audit_record(by=None, action="test.concurrent", target="test", summary=f"{name} 第{i}筆")
                time.sleep(0.002)  # hold the transaction open: the other writer must wait for the chain head
    except BaseException as exc:
        errors.append(exc)
    finally:
        own.close()


def _run_writers() -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)
    threads = [threading.Thread(target=_write, args=(f"寫入者{n}", start, errors)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _assert_linear() -> None:
    rows = list(AuditEvent.objects.filter(action="test.concurrent").order_by("id"))
    assert len(rows) == WRITERS * ROWS_EACH
    every = list(AuditEvent.objects.order_by("id").values_list("prev_hash", "hash"))
    claimed = Counter(prev for prev, _ in every)
    forks = {prev: n for prev, n in claimed.items() if n > 1}
    assert not forks, f"{len(forks)} rows are claimed as predecessor by more than one row"
    for (_, before), (prev, _) in zip(every, every[1:], strict=False):
        assert prev == before  # in id order, each row chains to the row before it
    assert AuditChainHead.objects.get(pk=1).last_hash == every[-1][1]
    assert audit_verify() == []
    out = StringIO()
    call_command("audit", "verify", stdout=out)


in_memory = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite in memory: see test_on_a_sqlite_file_two_writers_keep_the_chain_linear",
)


@in_memory
@pytest.mark.django_db(transaction=True)
def test_two_connections_writing_at_once_keep_the_chain_linear():
    audit_record(by=None, action="test.first", target="test", summary="起點")  # the chain has a head and a row
    errors = _run_writers()
    assert not errors, errors
    _assert_linear()


@in_memory
@pytest.mark.django_db(transaction=True)
def test_writers_racing_to_create_a_missing_chain_head_do_not_fork():
    """The head row comes from migration 0002; if it is gone (a flushed database), the first two writers race to
    create it. Neither fails and the chain stays linear, continuing from the last row on record."""
    audit_record(by=None, action="test.first", target="test", summary="起點")
    AuditChainHead.objects.all().delete()
    errors = _run_writers()
    assert not errors, errors
    _assert_linear()


def test_on_a_sqlite_file_two_writers_keep_the_chain_linear(tmp_path):
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
        "from mainstream.audit.services import audit_record\n"
        "from mainstream.audit.tests import test_chain_concurrent as t\n"
        "audit_record(by=None, action='test.first', target='test', summary='起點')\n"
        "errors = t._run_writers(); assert not errors, errors\n"
        "t._assert_linear()\n"
        "print('linear')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAINSTREAM_")}
    env.update({"DJANGO_SETTINGS_MODULE": "mainstream.settings", "MAINSTREAM_VAR_DIR": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0 and result.stdout.strip().endswith("linear"), result.stdout + result.stderr
