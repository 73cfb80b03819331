"""Links and redirects (issue 14, item 7).

A link a user typed or imported is either an http(s) address or a path on this site; ``javascript:``, ``data:``,
``//evil.example`` (another host, scheme-relative) and ``/\\evil.example`` are refused when written (services and
imports) and never rendered as a live link (a link stored before this check shows as text). A failed report form
goes back only to a page of this site, never to whatever Referer the request carried.
"""

from __future__ import annotations

import csv
from datetime import date
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError

from mainstream.links import link_check, link_is_safe

BAD = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox",
    "//evil.example",
    "//evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "http:evil.example",
    "https://",
    "ftp://files.example/",
    "file:///etc/passwd",
]
GOOD_EXTERNAL = ["https://gender.taipei/", "http://www.example.gov.tw/a?b=1#c"]
GOOD_INTERNAL = ["/measures/1/", "/reports/勞動局/110/result/"]


@pytest.mark.parametrize("value", BAD)
def test_unsafe_links_are_refused(value):
    assert not link_is_safe(value)
    with pytest.raises(ValidationError):
        link_check(value)


@pytest.mark.parametrize("value", GOOD_EXTERNAL + GOOD_INTERNAL + [""])
def test_http_links_and_site_paths_are_kept(value):
    assert link_check(value) == value


@pytest.mark.parametrize("value", GOOD_EXTERNAL)
def test_a_site_only_link_refuses_other_sites(value):
    with pytest.raises(ValidationError):
        link_check(value, site_only=True)


@pytest.mark.parametrize("value", ["javascript:alert(1)", "//evil.example", "data:text/html,x"])
def test_the_office_cannot_post_a_notice_with_an_unsafe_link(make_user, value):
    from mainstream.mechanism.models import Notice
    from mainstream.mechanism.services import notice_post

    with pytest.raises(ValidationError):
        notice_post(kind="news", title="新知", link=value, by=make_user("admin", "性平辦"))
    assert not Notice.objects.exists()


@pytest.fixture
def meeting(registry, plan):
    from mainstream.mechanism.models import TaskForce
    from mainstream.mechanism.services import MeetingData, meeting_record, taskforce_sync

    taskforce_sync(plan=plan)
    tf = TaskForce.objects.get(code="勞動局")
    return meeting_record(data=MeetingData(tf, "110年第1次會議", date(2021, 2, 5), True, False))[0]


@pytest.mark.parametrize("value", ["//evil.example", "/\\evil.example", "javascript:alert(1)"])
def test_an_agenda_link_to_another_site_is_refused(meeting, make_user, client, value):
    from mainstream.mechanism.services import agenda_item_add

    labor = make_user("liaison", "勞動局")
    with pytest.raises(ValidationError):
        agenda_item_add(meeting=meeting, title="外部", link=value, by=labor)
    client.force_login(labor)
    client.post(f"/mechanism/meetings/{meeting.id}/agenda/", {"title": "偷渡", "link": value})
    assert not meeting.agenda.filter(title__in=["外部", "偷渡"]).exists()


def test_a_measure_with_a_javascript_link_is_refused_by_the_service_and_the_import(registry, tmp_path):
    from mainstream.imports.services import import_file
    from mainstream.measures.models import Measure
    from mainstream.measures.services import MeasureData, measure_record

    with pytest.raises(ValidationError):
        measure_record(data=MeasureData(registry["勞動局"], 110, "措施", 1, 1, link="javascript:alert(1)"))
    path = tmp_path / "m.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [
                ["年度", "機關", "類別", "項目", "名稱", "辦理日期", "說明", "連結"],
                ["110", "勞動局", "一", "1", "好措施", "110/03/05", "", "https://gender.taipei/"],
                ["110", "勞動局", "一", "2", "壞措施", "110/03/05", "", "javascript:alert(1)"],
            ]
        )
    result = import_file(kind="measures", path=path)
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "連結")]
    assert not Measure.objects.exists()


def test_links_stored_before_the_check_are_never_live(client, make_user, registry, meeting):
    """Rows written before the check (or straight into the database) show their link as text, not as <a href>."""
    from django.utils import timezone

    from mainstream.measures.models import Measure
    from mainstream.mechanism.models import AgendaItem, Notice

    Notice.objects.create(kind="news", title="舊訊息", link="javascript:alert(1)", posted_at=timezone.now())
    AgendaItem.objects.create(meeting=meeting, title="舊議程", link="//evil.example", order=20)
    measure = Measure.objects.create(
        unit=registry["勞動局"], year=110, title="舊措施", category=1, item=1, link="javascript:alert(2)"
    )
    client.force_login(make_user("liaison", "勞動局"))
    pages = [
        client.get("/mechanism/notices/").content.decode(),
        client.get(f"/mechanism/meetings/{meeting.id}/").content.decode(),
        client.get(f"/measures/{measure.id}/").content.decode(),
    ]
    assert "舊訊息" in pages[0] and "舊議程" in pages[1] and "舊措施" in pages[2]
    for page in pages:
        assert 'href="javascript:' not in page and 'href="//evil.example' not in page


def test_a_failed_report_form_never_redirects_to_another_site(client, make_user, registry):
    client.force_login(make_user("liaison", "勞動局"))
    url = "/reports/勞動局/110/result/narrative/"
    response = client.post(url, {"title": "", "body": ""}, HTTP_REFERER="https://evil.example/phish")
    assert response.status_code == 302
    assert "evil.example" not in response.url
    response = client.post(url, {"title": "", "body": ""}, HTTP_REFERER="//evil.example/phish")
    assert "evil.example" not in response.url
    response = client.post(url, {"title": "", "body": ""}, HTTP_REFERER="http://testserver/reports/勞動局/110/result/")
    assert unquote(response.url) == "http://testserver/reports/勞動局/110/result/"
