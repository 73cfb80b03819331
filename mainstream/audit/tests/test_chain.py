"""The audit trail is append-only and chained: each row carries the hash of the previous (issue 14, item 5).

附表十 asks that security events be logged and the log protected; `mainstream audit verify` finds an edited or a
deleted row.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mainstream.audit.models import AuditEvent
from mainstream.audit.services import audit_record, audit_verify


@pytest.fixture
def three(db):
    return [audit_record(by=None, action="test.write", target="test", summary=f"第{i}筆") for i in range(3)]


def test_each_row_carries_the_hash_of_the_previous(three):
    rows = list(AuditEvent.objects.order_by("id"))
    assert rows[0].hash and rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash
    assert audit_verify() == []
    call_command("audit", "verify")


def test_verify_detects_an_edited_row(three):
    AuditEvent.objects.filter(pk=three[1].pk).update(summary="改過的摘要")  # a direct UPDATE, as an attacker would
    problems = audit_verify()
    assert problems and str(three[1].pk) in problems[0]
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_verify_detects_a_deleted_row(three):
    AuditEvent.objects.filter(pk=three[1].pk)._raw_delete(AuditEvent.objects.db)
    problems = audit_verify()
    assert problems and str(three[2].pk) in problems[0]


def test_rows_are_append_only(three):
    event = three[0]
    event.summary = "改"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_verify_reports_a_chain_head_missing_under_rows(three):
    from mainstream.audit.models import AuditChainHead

    AuditChainHead.objects.all().delete()
    assert any("鏈頭遺失" in p for p in audit_verify())
    audit_record(by=None, action="test.write", target="test", summary="接續")  # the head is made from the last row
    assert audit_verify() == []
    rows = list(AuditEvent.objects.order_by("id"))
    assert rows[-1].prev_hash == rows[-2].hash
