"""The scoping matrix: who sees and changes what, for every core view and command that touches unit data.

A liaison of 勞動局 never sees or changes another unit's records; the auditor reads all and writes nothing.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from mainstream.audit.services import audit_record
from mainstream.measures.models import Measure
from mainstream.measures.services import MeasureData, measure_record
from mainstream.units.access import access_for, unit_records_visible_to


@pytest.fixture
def measures(registry):
    labor = measure_record(data=MeasureData(registry["勞動局"], 110, "勞動局的措施", 1, 1, date(2021, 3, 5)))[0]
    social = measure_record(data=MeasureData(registry["社會局"], 110, "社會局的措施", 1, 1, date(2021, 3, 5)))[0]
    return {"勞動局": labor, "社會局": social}


@pytest.fixture
def users(make_user):
    return {
        "admin": make_user("admin", "性平辦"),
        "labor": make_user("liaison", "勞動局"),
        "hakka": make_user("liaison", "客委會"),
        "accounting": make_user("oversight", "主計處", tools=["budget"]),
        "measures_office": make_user("oversight", "性平辦", tools=["measures"]),
        "auditor": make_user("auditor"),
    }


def test_a_liaison_reads_only_its_own_unit(users, measures):
    visible = unit_records_visible_to(users["labor"], Measure.objects.all())
    assert {m.title for m in visible} == {"勞動局的措施"}


def test_a_composite_group_partner_shares_the_task_force_not_the_partners_own_records(users, registry):
    """Issue 16, item 9: B1 組 shares one task force (joint records, scoped through ``taskforce__units``); the
    partner unit's own records (roster, training, measures, budget) stay its own."""
    from mainstream.mechanism.models import TaskForce

    access = access_for(users["hakka"])
    assert not access.can_read_unit(registry["原民會"].id)
    assert not access.can_read_unit(registry["勞動局"].id)
    tf = TaskForce.objects.create(
        code="B1組-test", name="B1組性平小組", group=registry["客委會"].group, unit=registry["原民會"]
    )
    tf.units.set([registry["原民會"], registry["客委會"]])
    visible = unit_records_visible_to(users["hakka"], TaskForce.objects.all(), "units")
    assert tf in visible  # the joint task force, led by the partner, is shared
    own = unit_records_visible_to(users["hakka"], Measure.objects.filter(unit=registry["原民會"]))
    assert not own.exists()


@pytest.mark.parametrize(
    "who, unit, allowed",
    [
        ("admin", "社會局", True),
        ("labor", "勞動局", True),
        ("labor", "社會局", False),
        ("auditor", "勞動局", False),
        ("accounting", "勞動局", False),  # budget is its tool, measures is not
        ("measures_office", "勞動局", True),
    ],
)
def test_who_may_record_a_measure(users, registry, who, unit, allowed):
    data = MeasureData(registry[unit], 111, "新措施", 2, 1)
    if allowed:
        measure_record(data=data, by=users[who])
        assert Measure.objects.filter(title="新措施", unit=registry[unit]).exists()
    else:
        with pytest.raises(PermissionDenied):
            measure_record(data=data, by=users[who])
        assert not Measure.objects.filter(title="新措施").exists()


def _login(client, user):
    client.force_login(user)
    return client


def test_scorecard_rows_follow_access(client, users, measures):
    body = _login(client, users["labor"]).get("/scorecard/?year=110").content.decode()
    assert "勞動局待辦事項" in body and "社會局待辦事項" not in body
    body = _login(client, users["auditor"]).get("/scorecard/?year=110").content.decode()
    assert "勞動局待辦事項" in body and "社會局待辦事項" in body


@pytest.mark.parametrize(
    "url",
    ["/scorecard/社會局/measures/?year=110", "/todo/社會局/?year=110"],
)
def test_a_liaison_cannot_open_another_units_findings(client, users, measures, url):
    assert _login(client, users["labor"]).get(url).status_code == 404
    assert _login(client, users["auditor"]).get(url).status_code == 200


def test_a_liaison_cannot_open_or_edit_another_units_measure(client, users, measures):
    c = _login(client, users["labor"])
    other = measures["社會局"].pk
    assert c.get(f"/measures/{other}/").status_code == 403
    assert c.get(f"/measures/{other}/edit/").status_code == 403
    assert c.get(f"/measures/{measures['勞動局'].pk}/").status_code == 200
    listing = c.get("/measures/").content.decode()
    assert "勞動局的措施" in listing and "社會局的措施" not in listing


def test_the_measure_form_offers_only_units_the_user_may_write(client, users, measures, registry):
    c = _login(client, users["labor"])
    response = c.post(
        "/measures/new/", {"unit": registry["社會局"].id, "year": 110, "title": "偷渡", "category_item": "1.1"}
    )
    assert response.status_code == 200  # the form refuses the choice
    assert not Measure.objects.filter(title="偷渡").exists()


def test_the_audit_trail_is_scoped(client, users, registry):
    audit_record(by=None, action="x", unit=registry["社會局"], summary="社會局的異動")
    audit_record(by=None, action="x", unit=registry["勞動局"], summary="勞動局的異動")
    body = _login(client, users["labor"]).get("/audit/").content.decode()
    assert "勞動局的異動" in body and "社會局的異動" not in body


def test_anonymous_users_are_sent_to_log_in(client, measures):
    for url in ["/scorecard/", "/measures/", "/audit/", "/imports/", f"/measures/{measures['勞動局'].pk}/"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/login/"), url


def test_every_write_is_recorded_with_who_and_what(users, registry):
    from mainstream.audit.models import AuditEvent

    measure_record(data=MeasureData(registry["勞動局"], 111, "記錄我", 5, 1), by=users["labor"])
    event = AuditEvent.objects.get(action="measure.create")
    assert event.user == users["labor"] and event.unit == registry["勞動局"]
    assert "記錄我" in event.summary and event.changes["category"] == [None, "5"]


def test_a_composite_group_partner_reads_the_analyses_reported_to_the_joint_task_force(users, registry):
    """Issue 16, item 9: group analyses are joint records — an analysis the partner reported to the group's task
    force is read by the other unit of the group; the partner's analysis not reported there stays its own."""
    from django.core.exceptions import PermissionDenied

    from mainstream.analysis.models import Analysis
    from mainstream.analysis.selectors import analysis_get, analysis_list
    from mainstream.mechanism.models import Meeting, TaskForce

    tf = TaskForce.objects.create(
        code="B1組-test", name="B1組性平小組", group=registry["客委會"].group, unit=registry["原民會"]
    )
    tf.units.set([registry["原民會"], registry["客委會"]])
    meeting = Meeting.objects.create(taskforce=tf, title="B1組第1次會議", date=date(2021, 5, 1))
    joint = Analysis.objects.create(
        unit=registry["原民會"], year=110, title="原住民族就業之性別分析", method="自行撰擬", meeting=meeting
    )
    own = Analysis.objects.create(unit=registry["原民會"], year=110, title="原民會自己的分析", method="自行撰擬")
    assert set(analysis_list(users["hakka"])) == {joint}
    assert analysis_get(users["hakka"], joint.pk) == joint
    with pytest.raises(PermissionDenied):
        analysis_get(users["hakka"], own.pk)
    assert joint not in analysis_list(users["labor"])  # not of the group: nothing
    assert not access_for(users["hakka"]).can_write_unit(registry["原民會"].id, "analysis")  # reading, not writing
