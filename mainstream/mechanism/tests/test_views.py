"""Pages of the mechanism: what each user sees and may change (scoping through units.access)."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mainstream.mechanism.models import Attendance, Notice, NoticeReceipt, TaskForceFiling
from mainstream.mechanism.selectors import penalty_grounds_meetings
from mainstream.mechanism.services import (
    MeetingData,
    MemberData,
    meeting_record,
    member_record,
    notice_post,
)

START = date(2021, 1, 1)


@pytest.fixture
def records(taskforces):
    """勞動局 and 社會局 each with 4 members and one meeting on 110/02/05; B1組 with one meeting."""
    out = {}
    for code in ("勞動局", "社會局", "B1組"):
        tf = taskforces[code]
        members = [
            member_record(data=MemberData(tf, f"{code}召集人", "男", "internal", True, "", "", None, (), START))[0],
            member_record(data=MemberData(tf, f"{code}外一", "女", "external", False, "", "", None, (), START))[0],
            member_record(data=MemberData(tf, f"{code}外二", "女", "external", False, "", "", None, (), START))[0],
            member_record(data=MemberData(tf, f"{code}外三", "男", "external", False, "", "", None, (), START))[0],
        ]
        meeting, _ = meeting_record(data=MeetingData(tf, "110年第1次會議", date(2021, 2, 5), True, False))
        out[code] = (tf, members, meeting)
    return out


def test_a_liaison_sees_only_their_task_force(client, make_user, records):
    client.force_login(make_user("liaison", "勞動局"))
    page = client.get("/mechanism/").content.decode()
    assert f"/mechanism/taskforces/{quote('勞動局')}/" in page and quote("社會局") not in page
    assert client.get("/mechanism/taskforces/勞動局/?year=110").status_code == 200
    assert client.get("/mechanism/taskforces/社會局/?year=110").status_code == 403
    other = records["社會局"][2]
    assert client.get(f"/mechanism/meetings/{other.id}/").status_code == 403
    assert client.get("/mechanism/taskforces/社會局/calendar.ics").status_code == 403
    assert client.get(f"/mechanism/meetings/{other.id}/minutes/file/").status_code == 403


def test_a_liaison_cannot_record_attendance_of_another_task_force(client, make_user, records):
    client.force_login(make_user("liaison", "勞動局"))
    tf, members, other = records["社會局"]
    response = client.post(f"/mechanism/meetings/{other.id}/", {f"status-{members[0].id}": "present"})
    assert response.status_code == 403
    assert Attendance.objects.count() == 0


def test_a_liaison_of_a_composite_group_sees_the_groups_task_force(client, make_user, records):
    client.force_login(make_user("liaison", "客委會"))
    assert client.get("/mechanism/taskforces/B1組/?year=110").status_code == 200
    assert client.get("/mechanism/taskforces/勞動局/?year=110").status_code == 403


def test_attendance_form_records_and_shows_validity(client, make_user, records):
    client.force_login(make_user("liaison", "勞動局"))
    tf, members, meeting = records["勞動局"]
    boss, ext1, ext2, ext3 = members
    response = client.post(
        f"/mechanism/meetings/{meeting.id}/",
        {
            f"status-{boss.id}": "present",
            f"status-{ext1.id}": "present",
            f"status-{ext2.id}": "no_show",
            f"opinion-{ext2.id}": "110/02/12",
            f"minutes-{ext2.id}": "on",
            f"status-{ext3.id}": "notice",
        },
    )
    assert response.status_code == 302
    a = Attendance.objects.get(member=ext2)
    assert (a.status, a.written_opinion_on, a.opinion_in_minutes) == ("no_show", date(2021, 2, 12), True)
    page = client.get(f"/mechanism/meetings/{meeting.id}/").content.decode()
    assert "有效：府外委員 勞動局外二 於會後 7 日內提出書面意見並併入會議紀錄，視為出席" in page
    assert "/static/mechanism/attendance.js" in page


def test_a_written_opinion_for_an_internal_member_is_refused(client, make_user, records):
    client.force_login(make_user("liaison", "勞動局"))
    tf, members, meeting = records["勞動局"]
    client.post(
        f"/mechanism/meetings/{meeting.id}/",
        {f"status-{members[0].id}": "present", f"opinion-{members[0].id}": "110/02/06"},
    )
    assert Attendance.objects.count() == 0  # no opinion field is shown for internal members, and none is stored


def test_minutes_upload_checks_the_file_and_serves_it_to_readers_only(client, make_user, records, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tf, members, meeting = records["勞動局"]
    client.force_login(make_user("liaison", "勞動局"))
    bad = SimpleUploadedFile("minutes.pdf", b"not a pdf")
    client.post(f"/mechanism/meetings/{meeting.id}/minutes/", {"minutes": bad})
    meeting.refresh_from_db()
    assert not meeting.minutes
    good = SimpleUploadedFile("110年第1次會議紀錄.pdf", b"%PDF-1.4 minutes")
    client.post(f"/mechanism/meetings/{meeting.id}/minutes/", {"minutes": good})
    meeting.refresh_from_db()
    assert meeting.minutes and meeting.minutes_name == "110年第1次會議紀錄.pdf"
    assert client.get(f"/mechanism/meetings/{meeting.id}/minutes/file/").status_code == 200
    client.force_login(make_user("liaison", "社會局"))
    assert client.get(f"/mechanism/meetings/{meeting.id}/minutes/file/").status_code == 403


def test_calendar_feed_lists_the_meetings(client, make_user, records):
    client.force_login(make_user("liaison", "勞動局"))
    response = client.get("/mechanism/taskforces/勞動局/calendar.ics")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "DTSTART;VALUE=DATE:20210205" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_penalty_page_is_for_the_office_and_lists_short_task_forces(client, make_user, records):
    client.force_login(make_user("liaison", "勞動局"))
    assert client.get("/mechanism/penalties/?year=110").status_code == 403
    grounds = penalty_grounds_meetings(110, as_of=date(2022, 1, 10))
    assert len(grounds) == 28  # nobody held a valid meeting in 110 here
    labor = next(g for g in grounds if g.taskforce == "勞動局")
    assert (labor.clause, labor.actual, labor.required, labor.units) == ("捌、二、(一)", 0, 4, ("勞動局",))
    assert penalty_grounds_meetings(110, as_of=date(2021, 12, 31)) == []  # the year is not over yet
    client.force_login(make_user("admin"))
    assert client.get("/mechanism/penalties/?year=110").status_code == 200


def test_notices_are_acknowledged_and_the_office_sees_who_has_not_read(client, make_user, registry):
    office = make_user("admin")
    labor, social = make_user("liaison", "勞動局"), make_user("liaison", "社會局")
    notice = notice_post(kind="news", title="性別平等新知", by=office)
    client.force_login(labor)
    assert "性別平等新知" in client.get("/mechanism/notices/").content.decode()
    client.post(f"/mechanism/notices/{notice.id}/read/")
    assert NoticeReceipt.objects.filter(notice=notice, user=labor).exists()
    assert "沒有未讀訊息" in client.get("/mechanism/notices/").content.decode()
    assert client.get(f"/mechanism/notices/{notice.id}/readers/").status_code == 403
    assert client.post("/mechanism/notices/", {"kind": "news", "title": "x"}).status_code == 403
    assert Notice.objects.count() == 1  # a liaison cannot post
    client.force_login(office)
    page = client.get(f"/mechanism/notices/{notice.id}/readers/").content.decode()
    unread_part = page.split("未讀")[1].split("已讀")[0]
    assert social.username in unread_part or "社會局" in unread_part
    assert "勞動局" not in unread_part


def test_evaluate_reports_every_task_force_rule_for_all_28(records):
    from mainstream.evaluation.services import findings_evaluate

    findings = [f for f in findings_evaluate(year=110, as_of=date(2022, 1, 10)) if f.subject_type == "taskforce"]
    rules = {f.rule for f in findings}
    assert rules == {
        "mechanism.taskforce." + r
        for r in (
            "convener",
            "external_members",
            "external_term",
            "internal_members",
            "wrpc_member",
            "liaison_members",
            "gender_ratio",
            "meetings",
            "before_subcommittee",
            "results_report",
            "work_plan",
        )
    }
    # 「A群性平小組應…於每次…小組會議前召開」: the 11 of A only; E1組 has no 府內委員 duty (「/」)
    only = {"mechanism.taskforce.before_subcommittee": 11, "mechanism.taskforce.internal_members": 27}
    for rule in rules:
        expected = only.get(rule, 28)
        assert len({f.subject for f in findings if f.rule == rule}) == expected
    assert TaskForceFiling.objects.count() == 0


def test_liaison_pages_are_scoped(client, make_user, registry):
    from mainstream.mechanism.services import LiaisonData, liaison_record

    mine, _ = liaison_record(data=LiaisonData(registry["勞動局"], "王承辦", "女", "科員", "staff", START, None))
    theirs, _ = liaison_record(data=LiaisonData(registry["社會局"], "李承辦", "男", "科員", "staff", None, None))
    client.force_login(make_user("liaison", "勞動局"))
    page = client.get("/mechanism/liaisons/").content.decode()
    assert "王承辦" in page and "李承辦" not in page
    assert client.get(f"/mechanism/liaisons/{mine.id}/").status_code == 200
    assert client.get(f"/mechanism/liaisons/{theirs.id}/").status_code == 404


def test_a_free_agenda_item_links_to_a_record_and_is_scoped(client, make_user, records):
    tf, members, meeting = records["勞動局"]
    client.force_login(make_user("liaison", "社會局"))
    assert client.post(f"/mechanism/meetings/{meeting.id}/agenda/", {"title": "x"}).status_code == 403
    client.force_login(make_user("liaison", "勞動局"))
    client.post(f"/mechanism/meetings/{meeting.id}/agenda/", {"title": "育兒友善職場措施", "link": "/measures/1/"})
    client.post(f"/mechanism/meetings/{meeting.id}/agenda/", {"title": "外部連結", "link": "http://example.com/"})
    assert [(a.kind, a.title, a.link) for a in meeting.agenda.all()] == [
        ("result_report", "前一年度成果報告", ""),
        ("other", "育兒友善職場措施", "/measures/1/"),
    ]
