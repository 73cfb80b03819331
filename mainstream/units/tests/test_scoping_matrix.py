"""The role × unit × URL matrix over list and aggregate pages (issue 14, item 6).

Object pages are covered by tests/test_error_pages.py and test_scoping.py; a list or an aggregate page can leak
another unit's records while its object pages scope correctly (the courses under /training/oversight/workers/).
On the demo year, every list and aggregate page is requested as a unit liaison (a single unit and a composite
group) and must not show the title of any record owned by a unit the liaison may not read; the office, an
oversight unit and the auditor get every page without a server error.
"""

from __future__ import annotations

import io
import re

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


def list_and_aggregate_urls(year: int = 111) -> list[str]:
    """Every route without a record in its path, plus the aggregate pages named by a key (oversight shares)."""
    urls = []
    for route in sorted(set(_routes())):
        if "<" in route or route.startswith(NOT_LISTS):
            continue
        urls.append(f"/{route}?year={year}")
    urls += [f"/training/oversight/{share}/?year={year}" for share in OVERSIGHT_SHARES]
    return urls


def owned_titles() -> list[tuple[str, int]]:
    """(title, owning unit id) of every record of every model with a unit and a title."""
    out = []
    for model in apps.get_models():
        if not model.__module__.startswith("mainstream."):
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
    """Titles (6+ characters) only units the user may not read own: none may appear on the user's pages."""
    access = access_for(user)
    titles = owned_titles()
    mine = {t for t, u in titles if access.can_read_unit(u)}
    return {t for t, u in titles if not access.can_read_unit(u) and t not in mine and len(t) >= 6}


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
    assert leaks == []


@pytest.mark.django_db
def test_reading_roles_get_every_list_page(demo, make_user):
    for kind, unit, tools in (
        ("admin", "性平辦", None),
        ("oversight", "人事處", ["training"]),
        ("auditor", None, None),
    ):
        client = Client()
        client.force_login(make_user(kind, unit, tools=tools))
        for url in list_and_aggregate_urls():
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
