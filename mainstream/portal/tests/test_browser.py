"""The public zone pages in a real browser, without log-in: axe-core (from the axe-playwright-python
package, injected by Playwright — no CDN) finds no violation on any of them, on a phone-sized screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mainstream.measures.models import Measure

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture
def phone():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-TW", viewport={"width": 390, "height": 844}, is_mobile=True)
        yield context.new_page()
        browser.close()


def _published(registry):  # type: ignore[no-untyped-def]
    from mainstream.reports import services
    from mainstream.reports.models import Report

    Measure.objects.create(unit=registry["勞動局"], year=110, title="職場平權講座", category=5, item=1)
    Measure.objects.create(unit=registry["勞動局"], year=109, title="親職講座", category=5, item=3)
    out = {}
    for unit, kind in ((registry["勞動局"], Report.Kind.RESULT), (registry["性平辦"], Report.Kind.CITY)):
        report = services.report_open(unit=unit, year=110, kind=kind)
        services.narrative_save(report=report, title="推動亮點", body="辦理職場性別平等講座。")
        services.report_adopt(report=report, adopted_on=date(2022, 3, 1), meeting_title="111 年第 1 次會議")
        out[kind] = services.report_publish(report=report, pdf=False)
    draft = services.report_open(unit=registry["社會局"], year=110, kind=Report.Kind.RESULT)
    return out, draft


@pytest.mark.django_db(transaction=True)
def test_public_pages_have_no_axe_violations_and_need_no_login(live_server, phone, registry):
    published, draft = _published(registry)
    axe = _axe_script()
    pages = ["/zone/", "/zone/勞動局/", "/zone/社會局/", *[f"/zone/documents/{r.pk}/" for r in published.values()]]
    for url in pages:
        response = phone.goto(live_server.url + url)
        assert response.status == 200, url
        assert "/login/" not in phone.url
        assert phone.evaluate("document.documentElement.lang") == "zh-Hant-TW"
        phone.evaluate(axe)
        result = phone.evaluate(
            "axe.run(document).then(r => r.violations.map(v => ({id: v.id, help: v.help, "
            "nodes: v.nodes.map(n => n.target.join(' '))})))"
        )
        assert result == [], f"{url}: {result}"
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{url} scrolls sideways by {overflow}px on a phone"
    body = phone.goto(f"{live_server.url}/zone/documents/{published['city_report'].pk}/")
    assert body.status == 200 and phone.locator("svg title").count() >= 7  # one chart per tool
    assert phone.goto(f"{live_server.url}/zone/documents/{draft.pk}/").status == 404
