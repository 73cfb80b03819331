"""An attacker's sweep of writes (issue 14, items 6 and 8): a unit liaison POSTs to every address of the site that
names a record or a unit, filled with another unit's records on the demo year, and changes nothing — no row added
or removed anywhere, none of the other unit's records changed, no write audited under the liaison's name.

The records are the other unit's own (社會局's measures, analyses, assessments, budget lines, indicators,
publications, reports, courses, task force, meetings, liaisons …), so a page that checks only "is this user a
liaison" and not "of which unit" is caught, including by an edit that changes a row without adding one.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client

from mainstream.audit.models import AuditEvent
from mainstream.tests.test_error_pages import _routes
from mainstream.units.models import Unit

VICTIM, ATTACKER = "社會局", "勞動局"
YEAR = 111
# The record a route's first argument names, by the route's prefix: (model, the field naming its unit).
RECORDS = {
    "analysis/cross/": ("analysis.CrossAnalysis", None),
    "analysis/": ("analysis.Analysis", "unit"),
    "budget/": ("budget.BudgetLine", "unit"),
    "impact/": ("impact.Assessment", "unit"),
    "measures/": ("measures.Measure", "unit"),
    "statistics/": ("statistics.Indicator", "unit"),
    "publicity/lexicon/": ("publicity.LexiconEntry", None),
    "publicity/": ("publicity.Publication", "unit"),
    "reports/feedback/": ("reports.FeedbackResponse", "unit"),
    "reports/penalties/": ("reports.PenaltyGround", "unit"),
    "reports/published/": ("reports.Report", "unit"),
    "training/courses/": ("training.Course", "organiser"),
    "mechanism/meetings/": ("mechanism.Meeting", "taskforce__unit"),
    "mechanism/liaisons/": ("mechanism.Liaison", "unit"),
    "imports/runs/": (None, None),
    "training/import/jobs/": (None, None),
    "mechanism/notices/": (None, None),
    "zone/": (None, None),
}
KEYS = {
    "short": VICTIM,
    "unit": VICTIM,
    "year": str(YEAR),
    "kind": "result_report",
    "tool": "measures",
    "fmt": "ods",
    "round_key": "111-112",
    "action": "confirm",
}
SKIP = ("accounts/password/reset/<", "followup/calendar/<", "followup/reminders/<", "zone/", "login/", "logout/")


def _record_id(route: str) -> str | None:
    prefix = next((p for p in sorted(RECORDS, key=len, reverse=True) if route.startswith(p)), None)
    if prefix is None or RECORDS[prefix][0] is None:
        return None
    label, field = RECORDS[prefix]
    model = apps.get_model(label)
    rows = model.objects.filter(**{field: Unit.objects.get(short_name=VICTIM)}) if field else model.objects.all()
    first = rows.order_by("pk").first()
    return None if first is None else str(first.pk)


def victim_urls() -> list[str]:
    from mainstream.mechanism.models import TaskForce

    taskforce = TaskForce.objects.filter(unit__short_name=VICTIM).first()
    urls = []
    for route in sorted(set(_routes())):
        if "<" not in route or route.startswith(SKIP):
            continue
        url, ok = route, True
        for _conv, name in re.findall(r"<(?:(\w+):)?(\w+)>", route):
            if name == "code":
                value = taskforce.code if taskforce else None
            elif name in KEYS:
                value = KEYS[name]
            else:
                value = _record_id(route)
            if value is None:
                ok = False
                break
            url = re.sub(r"<(?:\w+:)?" + name + ">", value, url, count=1)
        if ok:
            urls.append("/" + url)
    return urls


def _unit_field(model) -> str | None:  # type: ignore[no-untyped-def]
    for field in model._meta.get_fields():
        if isinstance(field, models.ForeignKey) and field.related_model is Unit and field.name in ("unit", "organiser"):
            return field.name
    return None


def state() -> dict[str, str]:
    """Row counts of every table, and a digest of every record the victim unit owns."""
    victim = Unit.objects.get(short_name=VICTIM)
    out = {}
    for model in apps.get_models():
        if model._meta.app_label == "sessions":
            continue
        out[model._meta.label] = str(model.objects.count())
        field = _unit_field(model)
        if field and model.__module__.startswith("mainstream."):
            rows = list(model.objects.filter(**{field: victim}).order_by("pk").values())
            body = json.dumps(rows, default=str, sort_keys=True, ensure_ascii=False).encode()
            out[model._meta.label + " of " + VICTIM] = hashlib.sha256(body).hexdigest()
    return out


class _Forms(HTMLParser):
    """The POST forms of a page: (action, {name: value}) with each field's current value, as a browser would send."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "").lower() == "post":
                self.forms.append((a.get("action", ""), {}))
            else:
                self.forms.append(("", {"__get__": "1"}))
            return
        if not self.forms or not a.get("name"):
            return
        fields = self.forms[-1][1]
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[name] = a.get("value", "on")
            elif kind == "file":
                fields[name] = "__file__"
            elif kind not in ("submit", "button", "reset"):
                value = a.get("value", "")
                fields[name] = value + "（改）" if kind == "text" and value else value
        elif tag == "select":
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select and ("selected" in a or not fields.get(self._select)):
            fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._textarea and self.forms:
            self.forms[-1][1][self._textarea] += data + "（改）"


def office_forms(urls: list[str]) -> list[tuple[str, dict]]:
    """Every POST form the office sees on the victim's pages, filled as they stand with the text changed."""
    from django.contrib.auth import get_user_model

    office = get_user_model().objects.filter(roles__kind="admin").first()
    client = Client(raise_request_exception=False)
    client.force_login(office)
    out = []
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode())
        for action, fields in parser.forms:
            if "__get__" in fields or action.startswith(("http", "//", "/logout", "/login")):
                continue
            fields.pop("csrfmiddlewaretoken", None)
            out.append((action or url, fields))
    return out


def _post(client: Client, action: str, fields: dict):  # type: ignore[no-untyped-def]
    data = {k: (io.BytesIO(b"x") if v == "__file__" else v) for k, v in fields.items()}
    return client.post(action, data)


@pytest.fixture
def demo(db):
    call_command("setup", demo=True, stdout=io.StringIO())


@pytest.mark.django_db
def test_a_liaison_posting_to_another_units_records_changes_nothing(demo, make_user):
    attacker = make_user("liaison", ATTACKER)
    client = Client(raise_request_exception=False)
    client.force_login(attacker)
    urls = victim_urls()
    for expected in ("/measures/", "/analysis/", "/impact/", "/mechanism/meetings/", "/todo/社會局/"):
        assert any(u.startswith(expected) for u in urls), expected  # the sweep reaches the victim's records
    assert len(urls) > 40
    for url in urls:  # pages that load shipped data on first read do it now, not during the writes
        client.get(url)
    before = state()
    data = {
        "title": "他機關寫入",
        "name": "他機關寫入",
        "body": "x",
        "reason": "x",
        "year": str(YEAR),
        "unit": str(Unit.objects.get(short_name=ATTACKER).pk),
        "adopted_on": "111/03/01",
        "meeting_title": "x",
        "file": io.BytesIO(b"x"),
    }
    changed, errors = [], []
    for url in urls:
        response = client.post(url, data)
        if response.status_code >= 500:
            errors.append((url, response.status_code))
        after = state()
        if after != before:
            changed.append((url, sorted(k for k in after if after[k] != before[k])))
            before = after
    writes = AuditEvent.objects.filter(user=attacker).exclude(action__startswith="account.")
    assert changed == [] and errors == []
    assert list(writes.values_list("action", flat=True)) == []


@pytest.mark.django_db
def test_a_liaison_replaying_the_offices_forms_on_another_units_records_changes_nothing(
    demo, make_user, record_property
):
    """The forms the office sees on 社會局's pages (edit, adopt, confirm, attendance, agenda, minutes …), each with its
    current values and changed text, sent by 勞動局's liaison: nothing changes. The same forms sent by 社會局's own
    liaison do write (a few of them: the sweep can see a write; the count is printed, on the demo year)."""
    forms = office_forms(victim_urls())
    assert len(forms) > 10
    attacker = make_user("liaison", ATTACKER)
    client = Client(raise_request_exception=False)
    client.force_login(attacker)
    before, changed, errors = state(), [], []
    for action, fields in forms:
        response = _post(client, action, fields)
        if response.status_code >= 500:
            errors.append((action, response.status_code))
        after = state()
        if after != before:
            changed.append((action, sorted(k for k in after if after[k] != before[k])))
            before = after
    assert changed == [] and errors == []
    assert not AuditEvent.objects.filter(user=attacker).exclude(action__startswith="account.").exists()

    owner = Client(raise_request_exception=False)
    owner.force_login(make_user("liaison", VICTIM))
    wrote = 0
    for action, fields in forms:
        before = state()
        _post(owner, action, fields)
        wrote += state() != before
    record_property(
        "summary",
        f"{len(forms)} forms the office sees on 社會局's pages, replayed: 0 writes by 勞動局's liaison, {wrote} by "
        "社會局's own (the rest fail validation as replayed, or are the office's own) — demo year, our own data",
    )
    assert wrote >= 2, wrote  # the owner's own liaison writes with the very same forms: the sweep can see a write
