"""Meetings entered and edited in the UI (issue 16, item 7), not only by importing a CSV."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from mainstream.audit.models import AuditEvent
from mainstream.mechanism.models import AgendaItem, Attendance, Meeting, TaskForce
from mainstream.mechanism.services import MemberData, member_record, taskforce_sync

pytestmark = pytest.mark.django_db


@pytest.fixture
def taskforce(plan, registry):
    taskforce_sync(plan=plan)
    tf = TaskForce.objects.get(code="勞動局")
    member_record(data=MemberData(tf, "外一", "女", "external", False, "", "", None, (), date(2021, 1, 1)))
    return tf


def test_a_liaison_creates_a_meeting_then_records_attendance(make_user, client, taskforce):
    client.force_login(make_user("liaison", "勞動局"))
    assert "新增會議" in client.get(reverse("mechanism:taskforce", args=["勞動局"])).content.decode()
    response = client.post(
        reverse("mechanism:meeting_new", args=["勞動局"]),
        {"title": "111年第1次會議", "date": "111/03/05", "result_report": "on"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("mechanism:meeting", args=[meeting.id])
    assert (meeting.title, meeting.date) == ("111年第1次會議", date(2022, 3, 5))
    assert list(meeting.agenda.values_list("kind", flat=True)) == [AgendaItem.Kind.RESULT_REPORT]
    assert AuditEvent.objects.filter(action="meeting.create").exists()
    member = taskforce.members.get()
    page = client.post(reverse("mechanism:meeting", args=[meeting.id]), {f"status-{member.id}": "present"})
    assert page.status_code == 302
    assert Attendance.objects.get().status == "present"
    shown = client.get(reverse("mechanism:meeting", args=[meeting.id])).content.decode()
    assert "有效會議判定" in shown and "✗ 無效" in shown  # one member: not enough external members


def test_the_same_day_twice_and_a_bad_date_are_refused_with_reasons(make_user, client, taskforce):
    client.force_login(make_user("liaison", "勞動局"))
    url = reverse("mechanism:meeting_new", args=["勞動局"])
    client.post(url, {"title": "第1次", "date": "111/03/05"})
    again = client.post(url, {"title": "第1次", "date": "111/3/5"})
    assert "已有會議" in again.content.decode() and Meeting.objects.count() == 1
    bad = client.post(url, {"title": "第2次", "date": "111/02/30"})
    assert "開會日期" in bad.content.decode() and 'value="第2次"' in bad.content.decode()


def test_editing_a_meeting_moves_its_date_and_agenda(make_user, client, taskforce):
    client.force_login(make_user("liaison", "勞動局"))
    client.post(reverse("mechanism:meeting_new", args=["勞動局"]), {"title": "第1次", "date": "111/03/05"})
    meeting = Meeting.objects.get()
    client.post(
        reverse("mechanism:meeting_edit", args=[meeting.id]),
        {"title": "第1次會議", "date": "111/03/12", "work_plan": "on"},
    )
    meeting.refresh_from_db()
    assert (meeting.title, meeting.date) == ("第1次會議", date(2022, 3, 12))
    assert list(meeting.agenda.values_list("kind", flat=True)) == [AgendaItem.Kind.WORK_PLAN]


def test_another_units_liaison_and_the_auditor_cannot(make_user, client, taskforce):
    client.force_login(make_user("liaison", "社會局"))
    assert client.get(reverse("mechanism:meeting_new", args=["勞動局"])).status_code == 403
    client.force_login(make_user("auditor"))
    assert (
        client.post(reverse("mechanism:meeting_new", args=["勞動局"]), {"title": "x", "date": "111/1/1"}).status_code
        == 403
    )
    assert not Meeting.objects.exists()
