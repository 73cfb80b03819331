"""The localised admin keeps master data, and every change there is in the audit trail."""

from mainstream.audit.models import AuditEvent
from mainstream.mechanism.models import WrpcTerm


def test_the_office_adds_a_wrpc_term_in_the_admin_and_it_is_audited(client, make_user):
    office = make_user("admin", "性平辦")
    office.is_staff = office.is_superuser = True
    office.save()
    client.force_login(office)
    for url in [
        "/admin/",
        "/admin/units/unit/",
        "/admin/mechanism/wrpcterm/",
        "/admin/impact/expert/",
        "/admin/mechanism/taskforce/",
    ]:
        assert client.get(url).status_code == 200, url
    assert "基本資料維護" in client.get("/admin/").content.decode()
    response = client.post("/admin/mechanism/wrpcterm/add/", {"number": 11, "start": "2021-01-01", "end": "2022-12-31"})
    assert response.status_code == 302
    assert WrpcTerm.objects.get(number=11).end.year == 2022
    event = AuditEvent.objects.get(action="admin.create")
    assert event.user == office and "女權會屆次" in event.summary


def test_the_admin_reads_and_takes_roc_dates(client, make_user):
    """Dates in the admin are ROC dates, as on every other page (no Western calendar picker)."""
    office = make_user("admin", "性平辦")
    office.is_staff = office.is_superuser = True
    office.save()
    client.force_login(office)
    response = client.post("/admin/mechanism/wrpcterm/add/", {"number": 12, "start": "110/1/1", "end": "111/12/31"})
    assert response.status_code == 302
    term = WrpcTerm.objects.get(number=12)
    assert (term.start.isoformat(), term.end.isoformat()) == ("2021-01-01", "2022-12-31")
    listing = client.get("/admin/mechanism/wrpcterm/").content.decode()
    assert "111/12/31" in listing and "2022" not in listing
    form = client.get(f"/admin/mechanism/wrpcterm/{term.pk}/change/").content.decode()
    assert 'value="110/01/01"' in form
    refused = client.post("/admin/mechanism/wrpcterm/add/", {"number": 13, "start": "110/13/40", "end": "111/12/31"})
    assert refused.status_code == 200 and "不是有效的日期" in refused.content.decode()
