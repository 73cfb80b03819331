"""The Content-Security-Policy holds in a real browser (issue 14, item 4): walking the main pages of each role on the
demo year — the office (every page without a record in its address, the admin), a unit liaison, the read-only
auditor, the public zone without log-in, the publicity reader, the scorecard and its drill-down, and the forms that
run their own scripts — chromium reports no violation of the policy and no script error.

A violation is caught two ways: a ``securitypolicyviolation`` listener installed before any page script runs
(``add_init_script``), and chromium's console message "… violates the following Content Security Policy …".
"""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from mainstream.tests.test_error_pages import _routes

pytestmark = pytest.mark.browser

ROOT_TEMPLATES = settings.BASE_DIR / "mainstream"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + (e.sourceFile || "")
    + ":" + e.lineNumber + " " + (e.sample || ""));
});
"""

SKIP = ("logout/",)  # would end the session being walked


def _plain_routes() -> list[str]:
    return sorted({f"/{r}" for r in _routes() if "<" not in r and not r.startswith(SKIP)})


class Walker:
    """One browser context per role; records every violation and script error with the page it happened on."""

    def __init__(self, browser, base_url: str):  # type: ignore[no-untyped-def]
        self.browser, self.base = browser, base_url
        self.problems: list[str] = []
        self.seen = 0

    def walk(self, role: str, user, urls: list[str], act=None) -> None:  # type: ignore[no-untyped-def]
        context = self.browser.new_context(locale="zh-TW")
        client = Client()
        if user is not None:
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": self.base}])
        context.add_init_script(LISTEN)
        page = context.new_page()
        current = {"url": ""}
        page.on(
            "console",
            lambda m: (
                self.problems.append(f"{role} {current['url']}: console: {m.text}")
                if "Content Security Policy" in m.text
                else None
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"{role} {current['url']}: script error: {e}"))
        for url in urls:
            current["url"] = url
            answer = client.get(url)  # addresses that answer a GET with no page (405, a file) are not walked
            if answer.status_code == 405 or "text/html" not in answer.headers.get("Content-Type", ""):
                continue
            response = page.goto(self.base + url, wait_until="load")
            assert response is not None and response.status < 500, (role, url, response and response.status)
            self.seen += 1
            if act is not None:
                act(page, url)
            self.problems += [f"{role} {url}: {v}" for v in page.evaluate("window.__csp || []")]
        context.close()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _keyed_pages(unit_short: str) -> list[str]:
    """Pages named by a record or key on the demo year: the scorecard's cells, a unit's to-do, a task force and its
    meeting (attendance script), a measure, a publicity item, the unit's report, the public zone's tables."""
    from mainstream.measures.models import Measure
    from mainstream.mechanism.models import Meeting, TaskForce
    from mainstream.publicity.models import Publication
    from mainstream.statistics.models import StatTable

    urls = [
        f"/todo/{unit_short}/",
        f"/training/units/{unit_short}/?year=111",
        f"/reports/{unit_short}/111/result_report/",
    ]
    urls += [f"/scorecard/{unit_short}/{tool}/?year=111" for tool in ("mechanism", "training", "measures")]
    tf = TaskForce.objects.filter(units__short_name=unit_short).first()
    if tf is not None:
        urls.append(f"/mechanism/taskforces/{tf.code}/")
        meeting = Meeting.objects.filter(taskforce=tf).order_by("-date").first()
        if meeting is not None:
            urls.append(f"/mechanism/meetings/{meeting.pk}/")
    measure = Measure.objects.filter(unit__short_name=unit_short).first()
    if measure is not None:
        urls.append(f"/measures/{measure.pk}/")
    item = Publication.objects.filter(unit__short_name=unit_short).first()
    if item is not None:
        urls.append(f"/publicity/{item.pk}/")
    from mainstream.imports.schema import discover_kinds

    urls += [f"/imports/{kind}/" for kind in sorted(discover_kinds())]  # the upload forms
    table = StatTable.objects.first()
    if table is not None:
        urls.append(f"/zone/statistics/{table.code}/")
    return urls


def _exercise(page, url: str) -> None:  # type: ignore[no-untyped-def]
    """Run the pages' own scripts: change an attendance (live validity), check text in the reader."""
    if url.startswith("/mechanism/meetings/"):
        status = page.locator("select[id^='status-']").first
        if status.count():
            status.select_option(status.locator("option").last.get_attribute("value"))
    if url.startswith("/publicity/read/") or url.startswith("/publicity/new/"):
        box = page.locator("textarea").first
        if box.count():
            box.fill("女性天生細心，適合擔任照顧工作。")
            page.locator("form button[type=submit], form input[type=submit]").first.click()
            page.wait_for_load_state("load")


@pytest.mark.django_db(transaction=True)
def test_no_page_of_any_role_violates_the_content_security_policy(live_server, browser, make_user):
    call_command("setup", demo=True, stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    office = make_user("admin", "性平辦")
    office.is_staff = office.is_superuser = True
    office.save()
    from mainstream.training.models import ImportJob

    job = ImportJob.objects.create(filename="訓練紀錄.csv", user=office, year=111, status=ImportJob.Status.DONE)
    walker = Walker(browser, live_server.url)
    everything = [f"{u}?year=111" if u.rstrip("/").count("/") >= 1 else u for u in _plain_routes()]
    admin_pages = [
        f"/training/import/jobs/{job.pk}/",
        "/admin/",
        "/admin/auth/user/",
        f"/admin/auth/user/{office.pk}/change/",
        "/admin/audit/auditevent/",
    ]
    walker.walk("office", office, everything + _keyed_pages("勞動局") + admin_pages, act=_exercise)
    liaison_pages = [u for u in everything if not u.startswith(("/plan/", "/admin/"))] + _keyed_pages("勞動局")
    walker.walk("liaison", make_user("liaison", "勞動局"), liaison_pages, act=_exercise)
    walker.walk("auditor", make_user("auditor"), ["/", "/scorecard/?year=111", "/publicity/read/", "/audit/"])
    walker.walk("reader", make_user("oversight", "人事處", tools=["training"]), ["/", "/training/?year=111"])
    public = ["/login/", "/accounts/password/reset/", "/zone/", "/zone/勞動局/", "/zone/statistics/"]
    walker.walk("public", None, public + [u for u in _keyed_pages("勞動局") if u.startswith("/zone/")])
    assert get_user_model().objects.count() >= 5 and walker.seen > 100
    assert walker.problems == []


def test_no_template_has_inline_style():
    """With ``style-src 'self'`` a style attribute or element is refused by the browser: styles live in files."""
    offenders = []
    for path in ROOT_TEMPLATES.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<style\b", text) or re.search(r"\sstyle\s*=", text):
            offenders.append(str(path.relative_to(ROOT_TEMPLATES)))
    assert offenders == []
    assert "unsafe-inline" not in settings.MAINSTREAM_CSP
