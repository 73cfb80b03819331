"""The role × unit × URL matrix over list and aggregate pages (issue 14, item 6).

Object pages are covered by tests/test_error_pages.py and test_scoping.py; a list or an aggregate page can leak
another unit's records while its object pages scope correctly (the courses under /training/oversight/workers/).
On the demo year, every list and aggregate page is requested as a unit liaison (a single unit and a composite
group) and must not show the title of any record owned by a unit the liaison may not read; the office, an
oversight unit and the auditor get every page without a server error. The pages named by a unit or a key (a unit's
to-do, progress and training page, the scorecard's cells, its reports, the city report, the rewards rounds) and the
ODS/XLSX exports of every list page (the scorecard's, the statistics tables', the training oversight shares') are
swept the same way, the files read sheet by sheet.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client

from mainstream.tests.test_error_pages import _routes
from mainstream.training.selectors import OVERSIGHT_SHARES
from mainstream.units.access import access_for
from mainstream.units.models import Unit

# Pages that are public by design (the public zone) or not lists of records.
NOT_LISTS = ("login/", "logout/", "zone/", "help/", "plan/")
UNIT_FIELDS = ("unit", "organiser")
TITLE_FIELDS = ("title", "name")
# Records public by design, whoever owns them: the gender statistics' indicators and tables are listed on the public
# zone, and the analysis form offers every unit's indicators to link (issue 15, items 4 and 6).
PUBLIC_MODELS = ("statistics.indicator", "statistics.stattable")


def list_and_aggregate_urls(year: int = 111) -> list[str]:
    """Every route without a record in its path, plus the aggregate pages named by a key (oversight shares)."""
    urls = []
    for route in sorted(set(_routes())):
        if "<" in route or route.startswith(NOT_LISTS):
            continue
        urls.append(f"/{route}?year={year}")
    urls += [f"/training/oversight/{share}/?year={year}" for share in OVERSIGHT_SHARES]
    return urls


def keyed_aggregate_urls(units: list[str], year: int = 111) -> list[str]:
    """Aggregate pages named by a unit or a key rather than a record: a unit's to-do and progress, its training page,
    the scorecard's cells of every tool, its reports and their comparison, the city report and the rewards rounds."""
    from mainstream.plan.selectors import plan_in_force

    tools = [t.code for t in plan_in_force(year).tools]
    urls = []
    for unit in units:
        urls += [f"/todo/{unit}/?year={year}", f"/todo/{unit}/progress/?year={year}"]
        urls += [f"/training/units/{unit}/?year={year}"]
        urls += [f"/scorecard/{unit}/{tool}/?year={year}" for tool in tools]
        urls += [f"/reports/{unit}/{year}/{kind}/" for kind in ("result_report", "work_plan")]
        urls += [f"/reports/{unit}/{year}/compare/", f"/reports/{unit}/{year}/plan/items/"]
    urls += [f"/reports/city/{year}/", "/reports/rewards/109-110/", "/reports/rewards/111-112/"]
    return urls


def export_urls(client: Client, urls: list[str]) -> list[str]:
    """The ODS and XLSX exports (``format=``) each page offers."""
    out = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and b"format=ods" in response.content:
            out += [f"{url}&format=ods", f"{url}&format=xlsx"]
    return out


def response_text(response) -> str:  # type: ignore[no-untyped-def]
    """What a person reads in an answer: the text of a page, or of every sheet of an ODS/XLSX file."""
    kind = response.headers.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "html" in kind:
        return _text(body.decode())
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts = [archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml")]
        return html.unescape(_text(" ".join(parts)))
    return ""


def owned_titles() -> list[tuple[str, int]]:
    """(title, owning unit id) of every record of every model with a unit and a title."""
    out = []
    for model in apps.get_models():
        if not model.__module__.startswith("mainstream.") or model._meta.label_lower in PUBLIC_MODELS:
            continue
        fields = {f.name: f for f in model._meta.get_fields()}
        unit_field = next(
            (
                n
                for n in UNIT_FIELDS
                if isinstance(fields.get(n), models.ForeignKey) and fields[n].related_model is Unit
            ),
            None,
        )
        title_field = next((n for n in TITLE_FIELDS if isinstance(fields.get(n), models.CharField)), None)
        if unit_field is None or title_field is None:
            continue
        out += [(t, u) for t, u in model.objects.values_list(title_field, f"{unit_field}_id") if t and u]
    return out


def foreign_titles(user) -> set[str]:
    """Titles (6+ characters) only units the user may not read own: none may appear on the user's pages.

    A unit's name is public (the plan's clauses name 家庭教育中心, whose task force carries the same name), and so is
    a title found inside a public record's name (工務局's measure 公園親子廁所 inside the indicator 公園親子廁所數)."""
    access = access_for(user)
    titles = owned_titles()
    mine = {t for t, u in titles if access.can_read_unit(u)}
    public = set(Unit.objects.values_list("short_name", flat=True)) | set(
        Unit.objects.values_list("full_name", flat=True)
    )
    published = " ".join(
        name
        for label in PUBLIC_MODELS
        for name in apps.get_model(label).objects.values_list("title" if "table" in label else "name", flat=True)
    )
    return {
        t
        for t, u in titles
        if not access.can_read_unit(u) and t not in mine | public and len(t) >= 6 and t not in published
    }


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def demo(db):
    call_command("setup", demo=True, stdout=io.StringIO())


@pytest.mark.django_db
def test_list_and_aggregate_pages_show_a_liaison_no_other_units_records(demo, make_user):
    urls = list_and_aggregate_urls()
    assert "/training/oversight/workers/?year=111" in urls and "/training/courses/?year=111" in urls
    leaks = []
    for kind, unit in (("liaison", "勞動局"), ("liaison", "客委會")):
        user = make_user(kind, unit)
        foreign = foreign_titles(user)
        assert any("衛生局" in t for t in foreign)  # the demo has records the liaison must not see
        client = Client()
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
                continue
            text = _text(response.content.decode())
            leaks += [(unit, url, t) for t in foreign if t in text]
    assert leaks == [], "\n".join(map(str, leaks))


@pytest.mark.django_db
def test_keyed_aggregate_pages_and_exports_show_a_liaison_no_other_units_records(demo, make_user):
    """Issue 14, item 6, widened: the pages named by a unit (its own, another, the composite partner), and the ODS and
    XLSX exports of every list page, as the liaison would download them."""
    leaks, answered = [], {"page": 0, "file": 0}
    for unit in ("勞動局", "客委會"):
        user = make_user("liaison", unit)
        foreign = foreign_titles(user)
        client = Client()
        client.force_login(user)
        urls = keyed_aggregate_urls([unit, "衛生局", "原民會"]) + export_urls(client, list_and_aggregate_urls())
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            if response.status_code != 200:
                continue
            text = response_text(response)
            answered["file" if "format=" in url else "page"] += 1
            leaks += [(unit, url, t) for t in foreign if t in text]
    assert answered["page"] > 20 and answered["file"] >= 10  # the sweep reached pages and files
    office = Client()
    office.force_login(make_user("admin", "性平辦"))
    seen = " ".join(response_text(office.get(u)) for u in export_urls(office, list_and_aggregate_urls()))
    assert any(t in seen for t in foreign)  # the files are read: the office's copies hold what the liaison's must not
    assert leaks == [], "\n".join(map(str, leaks))


@pytest.mark.django_db
def test_reading_roles_get_every_list_page(demo, make_user):
    for kind, unit, tools in (
        ("admin", "性平辦", None),
        ("oversight", "人事處", ["training"]),
        ("auditor", None, None),
    ):
        client = Client()
        client.force_login(make_user(kind, unit, tools=tools))
        for url in list_and_aggregate_urls() + keyed_aggregate_urls(["勞動局", "客委會"]):
            assert client.get(url).status_code < 500, (kind, url)


@pytest.mark.django_db
def test_a_composite_group_partner_shares_joint_pages_not_the_partners_own_records(demo, make_user):
    """Issue 16, item 9 (docs/access.md): 客委會's liaison opens B1 組's task force and its meetings; 原民會's own
    measures and staff are not theirs (refused on the object page, absent from the list pages above)."""
    from mainstream.measures.models import Measure
    from mainstream.mechanism.models import Meeting, TaskForce

    hakka, partner = Unit.objects.get(short_name="客委會"), Unit.objects.get(short_name="原民會")
    tf = TaskForce.objects.filter(units=hakka).filter(units=partner).first()
    assert tf is not None  # the demo's composite group
    user = make_user("liaison", "客委會")
    client = Client()
    client.force_login(user)
    assert client.get(f"/mechanism/taskforces/{tf.code}/").status_code == 200
    meeting = Meeting.objects.filter(taskforce=tf).first()
    if meeting is not None:
        assert client.get(f"/mechanism/meetings/{meeting.pk}/").status_code == 200
    assert not access_for(user).can_read_unit(partner.id)
    own = Measure.objects.filter(unit=partner).first()
    if own is not None:
        assert client.get(f"/measures/{own.pk}/").status_code in (403, 404)
        assert client.get(f"/measures/{own.pk}/edit/").status_code in (403, 404)
