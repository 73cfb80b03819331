"""Publication needs a confirmation (issue 14, item 10).

柒、一、(二): a report is passed by the unit's gender equality mechanism and published online. The unit records the
passing (its task force's meeting); putting the report on the public zone is confirmed by the office (性平辦) or an
oversight unit, and who confirmed it, and when, is recorded on the report and in the audit trail. A liaison asks for
publication; it cannot publish its own report.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mainstream.audit.models import AuditEvent
from mainstream.reports import services
from mainstream.reports.models import Report


@pytest.fixture
def adopted(registry, make_user):
    labor = make_user("liaison", "勞動局")
    report = services.report_open(unit=registry["勞動局"], year=110, kind=Report.Kind.RESULT, by=labor)
    services.report_adopt(
        report=report, adopted_on=date(2022, 3, 1), meeting_title="111 年第 1 次性平小組會議", by=labor
    )
    return labor, report


def test_a_liaison_cannot_publish_its_own_report(client, adopted):
    labor, report = adopted
    with pytest.raises(PermissionDenied):
        services.report_publish(report=report, by=labor, pdf=False)
    report.refresh_from_db()
    assert report.status == Report.Status.ADOPTED and not report.published_at
    assert client.get(f"/zone/documents/{report.pk}/").status_code == 404


def test_a_liaison_asks_and_the_office_confirms_and_both_are_recorded(client, adopted, make_user):
    labor, report = adopted
    services.report_publish_request(report=report, by=labor)
    report.refresh_from_db()
    assert report.status == Report.Status.ADOPTED  # asked, not published
    assert report.publish_requested_by == labor and report.publish_requested_at is not None
    assert AuditEvent.objects.filter(action="report.publish_request", user=labor).exists()
    assert client.get(f"/zone/documents/{report.pk}/").status_code == 404

    office = make_user("admin", "性平辦")
    services.report_publish(report=report, by=office, pdf=False)
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    assert report.publish_confirmed_by == office and report.publish_confirmed_at is not None
    event = AuditEvent.objects.get(action="report.publish")
    assert event.user == office and "確認" in event.summary
    assert client.get(f"/zone/documents/{report.pk}/").status_code == 200


def test_an_oversight_unit_may_confirm_the_auditor_may_not(adopted, make_user):
    _, report = adopted
    with pytest.raises(PermissionDenied):
        services.report_publish(report=report, by=make_user("auditor"), pdf=False)
    with pytest.raises(PermissionDenied):
        services.report_publish(report=report, by=make_user("liaison", "社會局"), pdf=False)
    services.report_publish(report=report, by=make_user("oversight", "人事處", tools=["training"]), pdf=False)
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED and report.publish_confirmed_by.username.startswith("oversight")


def test_a_draft_cannot_be_asked_for_or_confirmed(registry, make_user):
    labor = make_user("liaison", "勞動局")
    report = services.report_open(unit=registry["勞動局"], year=110, kind=Report.Kind.RESULT, by=labor)
    with pytest.raises(ValidationError):
        services.report_publish_request(report=report, by=labor)
    with pytest.raises(ValidationError):
        services.report_publish(report=report, by=make_user("admin", "性平辦"), pdf=False)


def test_the_pages_ask_for_the_liaison_and_publish_for_the_office(client, adopted, make_user):
    labor, report = adopted
    client.force_login(labor)
    page = client.get("/reports/勞動局/110/result/").content.decode()
    assert "申請公告" in page and "公告於性別平等專區" not in page
    client.post(f"/reports/published/{report.pk}/")
    report.refresh_from_db()
    assert report.status == Report.Status.ADOPTED and report.publish_requested_by == labor
    assert "已申請公告" in client.get("/reports/勞動局/110/result/").content.decode()

    client.force_login(make_user("admin", "性平辦"))
    assert "已通過（申請公告中）" in client.get("/reports/?year=110").content.decode()  # the office sees the request
    page = client.get("/reports/勞動局/110/result/").content.decode()
    assert "確認公告" in page
    client.post(f"/reports/published/{report.pk}/")
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    assert "確認" in client.get("/reports/勞動局/110/result/").content.decode()


def test_a_report_published_by_the_system_shows_without_a_confirmer(client, adopted):
    """The demo and commands publish with by=None: the page says it was confirmed, without a name."""
    labor, report = adopted
    services.report_publish(report=report, pdf=False)
    client.force_login(labor)
    response = client.get("/reports/勞動局/110/result/")
    assert response.status_code == 200 and "經確認公告" in response.content.decode()
