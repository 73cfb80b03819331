"""Web writes during an import: a locked database gives a clear "try again" page (503), never a 500 (issue 13)."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from mainstream.ops.middleware import DatabaseBusyMiddleware, is_busy


def _locked_error(tmp_path) -> str:
    """The message SQLite really gives when another connection holds the write lock."""
    path = tmp_path / "x.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    other = sqlite3.connect(path, timeout=0.05)
    with pytest.raises(sqlite3.OperationalError) as exc:
        other.execute("INSERT INTO t VALUES (2)")
    holder.execute("ROLLBACK")
    return str(exc.value)


@pytest.mark.django_db
def test_a_locked_database_answers_try_again_not_500(tmp_path):
    message = _locked_error(tmp_path)

    def view(request):
        raise OperationalError(message)

    request = RequestFactory().post("/measures/new/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = DatabaseBusyMiddleware(view)(request)
    assert response.status_code == 503
    assert response["Retry-After"]
    text = response.content.decode()
    assert "請稍後再試" in text and "沒有寫入任何資料" in text


def test_other_database_errors_still_fail_loudly():
    assert not is_busy(OperationalError("no such table: x"))

    def view(request):
        raise OperationalError("no such table: x")

    with pytest.raises(OperationalError):
        DatabaseBusyMiddleware(view)(RequestFactory().get("/"))
