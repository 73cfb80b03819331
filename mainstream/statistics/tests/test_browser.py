"""In a real browser (Playwright driving Debian's chromium): the public query page by keyboard, and axe-core."""

from pathlib import Path

import pytest

from mainstream.statistics.px import px_read
from mainstream.statistics.services import stat_table_import

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SEX_YEAR = Path(__file__).parent / "px" / "sex_year_big5.px"


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-TW")
        yield context.new_page()
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_the_query_page_works_by_keyboard_and_meets_wcag_21_aa(live_server, page, axe_violations):
    stat_table_import(cube=px_read(SEX_YEAR.read_bytes()), filename="sex_year_big5.px", by=None)
    page.goto(f"{live_server.url}/zone/statistics/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="G0101 臺北市勞動力參與率按性別及年別分").click()
    page.get_by_role("heading", level=1).wait_for()
    assert axe_violations(page) == []
    # keyboard only: tick 女 (F) and year 112, then submit
    page.get_by_role("checkbox", name="女").focus()
    page.keyboard.press("Space")
    page.get_by_role("checkbox", name="112").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="查詢").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**=2023**")
    assert "52.9" in page.get_by_role("table").inner_text()
    chart = page.get_by_role("img")
    assert "女 52.9" in chart.locator("desc").text_content()  # the chart's text alternative
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/zone/statistics/G0101/?lang=en")
    assert "Female" in page.locator("main").inner_text()
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_the_comparison_and_unit_pages_meet_wcag_21_aa(live_server, page, axe_violations, registry):
    from mainstream.statistics.demo import stat_tables_demo

    stat_tables_demo()
    for url in ["/zone/statistics/compare/", "/zone/statistics/G0201/?區域=C0&區域=C1", "/zone/主計處/"]:
        page.goto(live_server.url + url)
        assert axe_violations(page) == [], url
