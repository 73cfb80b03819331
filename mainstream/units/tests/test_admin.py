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
