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
    # lines by sex over the years (the default when the columns are years); its numbers also in the text table
    page.goto(f"{live_server.url}/zone/statistics/G0101/?cols=年別")
    chart = page.get_by_role("img", name="臺北市勞動力參與率按性別及年別分（按性別折線圖）")
    assert chart.get_attribute("data-kind") == "line"
    derived = page.get_by_role("table", name="性比例（女=100")
    assert "129.1" in derived.inner_text() and "-14.9" in derived.inner_text()
    assert axe_violations(page) == []
    # the visible language switch, by keyboard, keeps the selection
    page.get_by_role("link", name="English").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**lang=en**")
    assert "cols=" in page.url
    assert "Female" in page.locator("main").inner_text()
    assert page.get_by_role("combobox", name="Chart").input_value() == "line"
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_the_comparison_and_unit_pages_meet_wcag_21_aa(live_server, page, axe_violations, registry):
    from mainstream.statistics.demo import stat_tables_demo

    stat_tables_demo()
    for url in ["/zone/statistics/compare/", "/zone/statistics/G0201/?區域=C0&區域=C1", "/zone/主計處/"]:
        page.goto(live_server.url + url)
        assert axe_violations(page) == [], url


@pytest.mark.django_db(transaction=True)
def test_the_chart_book_page_meets_wcag_21_aa_and_downloads_by_keyboard(live_server, page, axe_violations, make_user):
    from mainstream.statistics.demo import stat_tables_demo

    stat_tables_demo()
    user = make_user("oversight", "主計處", tools=["statistics"])
    page.goto(f"{live_server.url}/statistics/chartbook/")
    page.get_by_label("帳號").fill(user.username)
    page.get_by_label("密碼").fill("pw-test-1234")
    page.get_by_role("button", name="登入").click()
    page.get_by_role("heading", level=1, name="年度中英文性別統計圖表").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("checkbox", name="G0101").focus()
    page.keyboard.press("Space")
    with page.expect_download() as info:
        page.get_by_role("button", name="下載 ODT").focus()
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.endswith(".odt")
