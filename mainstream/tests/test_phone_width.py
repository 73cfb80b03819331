"""At phone width (390 px) no page scrolls sideways: wide tables scroll inside their own box, which the keyboard
can reach; the help and error pages pass axe-core (WCAG 2.1 AA). Playwright drives Debian's chromium."""

from datetime import date

import pytest

from mainstream.measures.services import MeasureData, measure_record

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def phone():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-TW", viewport={"width": 390, "height": 844})
        yield context.new_page()
        browser.close()


def _log_in(page, url, username):
    page.goto(f"{url}/login/")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill("pw-test-1234")
    page.get_by_role("button", name="登入").click()
    page.wait_for_url("**/scorecard/**")


@pytest.mark.django_db(transaction=True)
def test_no_page_scrolls_sideways_at_390_px(live_server, phone, make_user, registry, axe_violations):
    make_user("admin", "性平辦")
    measure_record(data=MeasureData(registry["勞動局"], 110, "措施", 1, 1, date(2021, 3, 1)))
    _log_in(phone, live_server.url, "admin1")
    wide = []
    for url in [
        "/scorecard/?year=110",
        "/scorecard/勞動局/measures/?year=110",
        "/todo/勞動局/?year=110",
        "/mechanism/",
        "/training/",
        "/statistics/",
        "/analysis/",
        "/impact/",
        "/budget/",
        "/measures/",
        "/publicity/",
        "/reports/",
        "/imports/",
        "/imports/measures/",
        "/audit/",
        "/help/",
        "/zone/",
    ]:
        phone.goto(live_server.url + url)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide.append((url, width))
    assert wide == []

    # the scorecard is wider than a phone: it scrolls inside its box, which the keyboard can reach by name
    phone.goto(live_server.url + "/scorecard/?year=110")
    box = phone.locator(".table-wrap:has(table.scorecard)").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert box.get_attribute("tabindex") == "0"
    assert "可左右捲動" in box.get_attribute("aria-label")
    assert axe_violations(phone) == []


@pytest.mark.django_db(transaction=True)
def test_help_and_error_pages_meet_wcag_21_aa(live_server, phone, make_user, axe_violations):
    make_user("liaison", "勞動局")
    _log_in(phone, live_server.url, "liaison1")
    for url in ["/help/", "/no-such-page/", "/todo/社會局/"]:
        phone.goto(live_server.url + url)
        assert phone.get_by_role("heading", level=1).count() == 1, url
        assert axe_violations(phone) == [], url
