"""In a real browser: a liaison of 勞動局 records a gender budget line and submits it; 主計處 then sees the
unit as met in the totals. The statistics and budget pages pass axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mainstream.budget.models import BudgetSubmission

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


def _login(page, url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill("pw-test-1234")
    page.get_by_role("button", name="登入").click()


def _axe_violations(page) -> list:  # type: ignore[no-untyped-def]
    import axe_playwright_python

    page.evaluate((Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8"))
    return page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
        ".then(r => r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))})))"
    )


@pytest.mark.django_db(transaction=True)
def test_a_liaison_records_and_submits_and_accounting_sees_it(live_server, page, make_user, registry):
    from mainstream.statistics.services import IndicatorData, indicator_record

    indicator_record(data=IndicatorData(registry["勞動局"], "indicator", "職災勞工人數", date(2021, 3, 5), source="x"))
    liaison = make_user("liaison", "勞動局")
    accounting = make_user("oversight", "主計處", tools=["statistics", "budget"])

    _login(page, f"{live_server.url}/budget/new/?year=111", liaison.username)
    page.get_by_label("機關").select_option(label="勞動局")
    page.get_by_label("預算年度").select_option(label="111 年度")
    page.get_by_label("計畫名稱").fill("中高齡婦女再就業")
    page.get_by_label("金額（新臺幣元）").fill("1200000")
    page.get_by_label("性別目標說明").fill("提升中高齡女性勞動參與率")
    page.get_by_label("本年度新增計畫").check()
    page.get_by_role("button", name="儲存").click()
    page.get_by_role("cell", name="中高齡婦女再就業").wait_for()
    assert "未提交" in page.get_by_role("row").filter(has_text="中高齡婦女再就業").inner_text()
    page.get_by_role("button", name="提交 111 年度性別預算").click()
    page.get_by_text("勞動局 111 年度性別預算已提交").wait_for()
    assert BudgetSubmission.objects.filter(unit=registry["勞動局"], year=111).exists()

    page.context.clear_cookies()
    _login(page, f"{live_server.url}/budget/totals/?year=111", accounting.username)
    row = page.get_by_role("row").filter(has_text="勞動局")
    assert "1,200,000" in row.inner_text() and "達成" in row.inner_text()
    for url in (
        "/budget/totals/?year=111",
        "/budget/?year=111",
        "/budget/guidance/?year=111",
        "/statistics/?year=110",
        "/statistics/entries/",
        "/statistics/new/",
    ):
        page.goto(live_server.url + url)
        assert _axe_violations(page) == [], url
