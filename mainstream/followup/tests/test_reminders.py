"""Reminders (issue 16, item 2): the office reminds chosen units of chosen open duties through the liaison circle
(read receipts) and by e-mail; automatic reminders N days before a deadline; every reminder recorded; calendar feeds
with a secret address."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from mainstream.audit.models import AuditEvent
from mainstream.followup.models import Reminder
from mainstream.followup.services import deadline_set, followup_settings_save
from mainstream.mechanism.models import NoticeReceipt

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user):
    return make_user("admin", "性平辦")


def _send(client, office, **filters):
    client.force_login(office)
    params = {"year": "110", "as_of": "111/01/10", **filters}
    page = client.get(reverse("followup:reminder_new"), params)
    assert page.status_code == 200
    units = [u for u, _ in page.context["units"]]
    items = [it["key"] for _, its in page.context["units"] for it in its]
    return page, client.post(
        reverse("followup:reminder_new"), {**params, "to": units, "item": items, "message": "請儘速辦理"}
    )


def test_the_office_reminds_units_and_their_liaisons_read_it(make_user, client, office, registry):
    labor = make_user("liaison", "勞動局")
    labor.email = "labor@example.gov.tw"
    labor.save()
    social = make_user("liaison", "社會局")
    page, response = _send(client, office, status="unmet", unit="勞動局", tool="measures")
    assert response.status_code == 302
    reminder = Reminder.objects.get()
    assert reminder.unit.short_name == "勞動局" and not reminder.automatic
    assert [i.rule for i in reminder.items.all()] == ["measures.categories", "measures.items"]
    assert reminder.notice.kind == "reminder" and [u.short_name for u in reminder.notice.units.all()] == ["勞動局"]
    assert "請儘速辦理" in reminder.notice.body and "期限 110/12/31" in reminder.notice.body
    # by e-mail to the liaison who has an address (the tests' mail backend is a real one, in memory)
    assert [m.to for m in mail.outbox] == [["labor@example.gov.tw"]] and reminder.emails == 1
    assert AuditEvent.objects.filter(action="reminder.send").count() == 1

    # the liaison of 勞動局 sees it; 社會局's liaison does not
    client.force_login(labor)
    notices = client.get("/mechanism/notices/")
    assert "〔催辦〕勞動局 110 年應辦事項 2 項" in notices.content.decode()
    client.force_login(social)
    assert "〔催辦〕勞動局" not in client.get("/mechanism/notices/").content.decode()
    assert client.post(f"/mechanism/notices/{reminder.notice_id}/read/").status_code == 404

    client.force_login(labor)
    client.post(f"/mechanism/notices/{reminder.notice_id}/read/")
    assert NoticeReceipt.objects.filter(notice=reminder.notice, user=labor).exists()
    client.force_login(office)
    batch = client.get(reverse("followup:reminder_batch", args=[reminder.batch]))
    assert batch.context["reminders"][0].read[0][0] == labor.username
    readers = client.get(f"/mechanism/notices/{reminder.notice_id}/readers/")
    assert {r.unit for r in readers.context["read"] + readers.context["unread"]} == {"勞動局"}


def test_a_met_duty_cannot_be_reminded_and_nothing_chosen_sends_nothing(client, office, registry):
    client.force_login(office)
    params = {"year": "110", "as_of": "111/01/10", "unit": "勞動局"}
    response = client.post(reverse("followup:reminder_new"), {**params, "to": [], "item": []})
    assert response.status_code == 200 and not Reminder.objects.exists()
    assert "請選擇要催辦的機關及事項" in response.content.decode()


def test_a_liaison_sees_its_own_units_reminders_only(make_user, client, office, registry):
    _send(client, office, status="unmet", tool="measures", group="A")
    assert Reminder.objects.count() > 2
    client.force_login(make_user("liaison", "社會局"))
    page = client.get(reverse("followup:reminders"))
    assert {r.unit.short_name for r in page.context["listing"].items} == {"社會局"}
    other = Reminder.objects.exclude(unit__short_name="社會局").first()
    assert client.get(reverse("followup:reminder_batch", args=[other.batch])).status_code == 200  # its own part
    only_other = Reminder.objects.filter(batch=other.batch).exclude(unit__short_name="社會局")
    assert only_other.exists()


def test_automatic_reminders_n_days_before_a_deadline_once_each(make_user, office, registry, capsys):
    followup_settings_save(due_soon_days=30, reminder_days=[14, 3], by=office)
    deadline_set(year=111, rule="measures.items", due=date(2022, 11, 30), by=office)
    make_user("liaison", "勞動局")
    call_command("remind", "--as-of", "111/11/10", "--year", "111")  # 20 days before: nothing yet
    assert not Reminder.objects.exists()
    call_command("remind", "--as-of", "111/11/18", "--year", "111")  # 12 days: the 14-day reminder
    sent = Reminder.objects.filter(automatic=True, days_before=14)
    assert sent.count() == 48 or sent.count() == len({r.unit_id for r in sent})
    assert {i.rule for r in sent for i in r.items.all()} == {"measures.items"}
    before = Reminder.objects.count()
    call_command("remind", "--as-of", "111/11/19", "--year", "111")  # the same reminder is not sent twice
    assert Reminder.objects.count() == before
    call_command("remind", "--as-of", "111/11/28", "--year", "111")  # 2 days: the 3-day reminder
    assert Reminder.objects.filter(days_before=3).count() == sent.count()
    out = capsys.readouterr().out
    assert "期限前 14 日：已催辦" in out and "期限前 3 日：已催辦" in out


def test_the_database_refuses_a_second_automatic_reminder_of_the_same_duty_unit_and_deadline(office, registry):
    """Two runs of `mainstream remind` at once (a timer and a person by hand) both find the duty not yet reminded:
    the second one's writes are refused whole (no second notice, no second record)."""
    from django.db import IntegrityError, transaction

    from mainstream.followup.selectors import duty_rows
    from mainstream.followup.services import reminder_send
    from mainstream.mechanism.models import Notice

    deadline_set(year=111, rule="measures.items", due=date(2022, 11, 30), by=office)
    as_of = date(2022, 11, 18)
    rows = [r for r in duty_rows(None, year=111, as_of=as_of, unit="勞動局") if r.finding.rule == "measures.items"]
    assert rows and rows[0].status == "in_progress"
    reminder_send(year=111, as_of=as_of, rows=rows, automatic=True, days_before=14, by=None)
    notices = Notice.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        reminder_send(year=111, as_of=as_of, rows=rows, automatic=True, days_before=14, by=None)
    assert Reminder.objects.count() == 1 and Notice.objects.count() == notices
    # the office may still remind the same duty by hand, and the 3-day reminder is another one
    reminder_send(year=111, as_of=as_of, rows=rows, automatic=True, days_before=3, by=None)
    reminder_send(year=111, as_of=as_of, rows=rows, message="再請辦理", by=office)
    assert Reminder.objects.count() == 3


def test_no_e_mail_where_no_mail_server_is_configured(settings, make_user, client, office, registry, capsys):
    settings.EMAIL_BACKEND = (
        "django.core.mail.backends.console.EmailBackend"  # the default without MAINSTREAM_EMAIL_HOST
    )
    labor = make_user("liaison", "勞動局")
    labor.email = "labor@example.gov.tw"
    labor.save()
    _send(client, office, status="unmet", unit="勞動局", tool="measures")
    reminder = Reminder.objects.get()
    assert reminder.emails == 0 and reminder.notice is not None  # the liaison circle still carries it
    assert "labor@example.gov.tw" not in capsys.readouterr().out  # nothing handed to a mail backend


def test_remind_takes_the_day_from_mainstream_as_of(settings, office, registry, capsys):
    settings.MAINSTREAM_AS_OF = "111/11/25"
    followup_settings_save(due_soon_days=30, reminder_days=[7], by=office)
    deadline_set(year=111, rule="measures.items", due=date(2022, 11, 30), by=office)
    call_command("remind", "--year", "111", "--dry-run")
    assert "期限前 7 日：將催辦" in capsys.readouterr().out and not Reminder.objects.exists()


def test_a_calendar_feed_by_secret_address(make_user, client, registry):
    liaison = make_user("liaison", "勞動局")
    client.force_login(liaison)
    page = client.post(reverse("followup:calendar"))
    url = page.context["url"]
    assert "/followup/calendar/" in url and url.endswith(".ics")
    client.logout()
    feed = client.get(url.split("testserver", 1)[1])
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    text = feed.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "〔期限〕勞動局" in text
    assert "社會局" not in text
    client.force_login(liaison)
    client.post(reverse("followup:calendar"), {"what": "revoke"})
    client.logout()
    assert client.get(url.split("testserver", 1)[1]).status_code == 404
    assert client.get("/followup/calendar/not-a-token.ics").status_code == 404
