"""Read-only means no write of any kind (issue 14, item 8).

The auditor (and a user with no role) reads what its role allows and writes nothing: no read receipt, no training
import job (whose upload was stored under var/ before), no import of any kind, and every POST to every page leaves
the database as it was. The refusal is decided in units.access (``require_writer``) and enforced by the services;
pages refuse before they read an uploaded file.
"""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.test import Client

from mainstream.units.access import access_for, require_writer


@pytest.fixture
def auditor(make_user):
    return make_user("auditor")


@pytest.fixture
def notice(make_user):
    from mainstream.mechanism.services import notice_post

    return notice_post(kind="news", title="性別平等新知", by=make_user("admin", "性平辦"))


def test_require_writer_refuses_read_only_roles(make_user, auditor, django_user_model):
    nobody = django_user_model.objects.create_user("norole", password="pw-test-1234")
    for user in (auditor, nobody):
        assert not access_for(user).writes_anything
        with pytest.raises(PermissionDenied):
            require_writer(user)
    for user in (
        make_user("liaison", "勞動局"),
        make_user("admin", "性平辦"),
        make_user("oversight", "人事處", tools=["training"]),
    ):
        require_writer(user)
    require_writer(None)  # a system write (a command run by the operator)


def test_the_auditor_writes_no_read_receipt(client, auditor, notice):
    from mainstream.mechanism.models import NoticeReceipt
    from mainstream.mechanism.services import notice_acknowledge

    with pytest.raises(PermissionDenied):
        notice_acknowledge(notice=notice, by=auditor)
    client.force_login(auditor)
    assert client.post(f"/mechanism/notices/{notice.id}/read/").status_code == 403
    assert not NoticeReceipt.objects.exists()


def test_the_auditor_starts_no_training_import(client, auditor, tmp_path):
    from mainstream.training.models import ImportJob
    from mainstream.training.services import import_job_start

    source = tmp_path / "t.csv"
    source.write_text("身分證字號,姓名\n", encoding="utf-8")
    with pytest.raises(PermissionDenied):
        import_job_start(source=source, filename="t.csv", year=111, by=auditor, background=False)
    assert source.exists()  # not moved under var/
    client.force_login(auditor)
    upload = io.BytesIO(b"x" * 1024)
    upload.name = "big.csv"
    assert client.post("/training/import/", {"file": upload, "year": "111"}).status_code == 403
    assert not ImportJob.objects.exists()


def test_the_auditor_imports_nothing(client, auditor, tmp_path, registry):
    from mainstream.imports.services import import_file
    from mainstream.measures.models import Measure

    path = tmp_path / "m.csv"
    path.write_text("年度,機關,類別,項目,名稱\n110,勞動局,一,1,稽核員的措施\n", encoding="utf-8")
    result = import_file(kind="measures", path=path, by=auditor)
    assert not result.ok and "唯讀" in result.errors[0].reason
    client.force_login(auditor)
    upload = io.BytesIO(path.read_bytes())
    upload.name = "m.csv"
    assert client.post("/imports/measures/", {"file": upload}).status_code == 403
    assert not Measure.objects.exists()


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label != "sessions"}


@pytest.mark.django_db
def test_every_post_by_the_auditor_changes_nothing(make_user, notice):
    """POST to every page of the site (records named by the first of their kind) as the auditor."""
    from mainstream.tests.test_error_pages import _routes
    from mainstream.units.tests.test_scoping_matrix import list_and_aggregate_urls

    auditor = make_user("auditor")
    client = Client(raise_request_exception=False)
    client.force_login(auditor)
    urls = [u.split("?")[0] for u in list_and_aggregate_urls()]
    urls += [f"/mechanism/notices/{notice.id}/read/"]
    urls += [
        "/"
        + r.replace("<int:pk>", "1")
        .replace("<str:short>", "勞動局")
        .replace("<int:year>", "110")
        .replace("<str:kind>", "result")
        for r in _routes()
        if "<int:pk>" in r or "<str:short>" in r
    ]
    urls = sorted(u for u in set(urls) if not u.startswith(("/logout", "/login")) and "<" not in u)
    for url in urls:  # pages that load shipped data on first read (the publicity checklist) do it now
        client.get(url)
    before = _counts()
    changed = []
    for url in urls:
        client.post(url, {"title": "稽核員寫入", "body": "x", "year": "110", "unit": "1", "file": io.BytesIO(b"x")})
        after = _counts()
        if after != before:
            changed.append((url, {k: (before[k], after[k]) for k in after if after[k] != before[k]}))
            before = after
    assert changed == []
