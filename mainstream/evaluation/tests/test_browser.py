"""In a real browser (Playwright driving Debian's chromium): log in, open the scorecard, drill into a cell."""

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
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-TW")
        yield context.new_page()
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_a_liaison_logs_in_and_drills_into_a_scorecard_cell(live_server, page, make_user, registry):
    make_user("liaison", "勞動局", password="pw-test-1234")
    for n, category in enumerate([1, 2, 3], start=1):
        measure_record(data=MeasureData(registry["勞動局"], 110, f"措施{n}", category, 1, date(2021, 3, n)))

    page.goto(f"{live_server.url}/scorecard/?year=110")
    page.get_by_label("帳號").fill("liaison1")
    page.get_by_label("密碼").fill("pw-test-1234")
    page.get_by_role("button", name="登入").click()

    page.wait_for_url("**/scorecard/**")
    assert page.get_by_role("heading", level=1).inner_text() == "110 年 應辦事項考核總表"
    row = page.get_by_role("row").filter(has_text="勞動局待辦事項")
    assert row.count() == 1
    assert page.get_by_role("row").filter(has_text="社會局待辦事項").count() == 0

    row.get_by_role("cell").nth(6).get_by_role("link").click()  # the measures column
    page.get_by_role("heading", level=1, name="臺北市政府勞動局：推展性別平等工作策略及具體措施（110 年）").wait_for()
    body = page.locator("main").inner_text()
    assert "推展性別平等工作策略及具體措施類別數" in body
    assert "陸、一、(一)" in body
    assert "3／5" in body  # 3 categories of the 5 that group A needs
    page.get_by_role("link", name="（2）1. 措施2").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "措施2"


@pytest.mark.django_db(transaction=True)
def test_the_core_pages_meet_wcag_21_aa(live_server, page, make_user, registry, axe_violations):
    make_user("admin", "性平辦", password="pw-test-1234")
    measure_record(data=MeasureData(registry["勞動局"], 110, "措施", 1, 1, date(2021, 3, 1)))
    page.goto(f"{live_server.url}/login/")
    assert axe_violations(page) == []
    page.get_by_label("帳號").fill("admin1")
    page.get_by_label("密碼").fill("pw-test-1234")
    page.get_by_role("button", name="登入").click()
    page.wait_for_url("**/scorecard/**")
    for url in [
        "/scorecard/?year=110",
        "/scorecard/勞動局/measures/?year=110",
        "/todo/勞動局/?year=110",
        "/imports/",
        "/imports/measures/",
        "/measures/",
        "/measures/new/",
        "/audit/",
    ]:
        page.goto(live_server.url + url)
        assert axe_violations(page) == [], url
