"""In a real browser: the office uploads a successor plan file, reads the diff and confirms; the pages pass axe-core
(WCAG 2.1 AA)."""

from __future__ import annotations

import re

import pytest

from mainstream.plan.models import PlanVersion

from .test_periods import successor

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-TW")
        yield context.new_page()
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_the_office_uploads_reads_the_diff_and_confirms(live_server, page, make_user, axe_violations, tmp_path):
    make_user("admin", password="pw-test-1234")
    admin = PlanVersion._meta.apps.get_model("auth", "User").objects.get()
    path = tmp_path / "plan-113-116.yaml"
    path.write_text(successor(), encoding="utf-8")
    page.goto(f"{live_server.url}/plan/upload/")
    page.get_by_label("帳號").fill(admin.username)
    page.get_by_label("密碼").fill("pw-test-1234")
    page.get_by_role("button", name="登入").click()
    page.get_by_label("計畫檔（YAML，UTF-8）").set_input_files(str(path))
    page.get_by_role("button", name="檢查並比較").click()
    table = page.get_by_role("table", name="差異")
    table.wait_for()
    assert "training.workers.per_year" in table.inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="確認加入 113-116 第 1 版").click()
    page.get_by_text("已加入計畫 113-116 第 1 版").wait_for()
    assert PlanVersion.objects.filter(plan_id="113-116").exists()
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_a_liaison_filters_the_coverage_page_and_follows_an_interpretation(
    live_server, page, make_user, axe_violations
):
    make_user("liaison", "勞動局", password="pw-test-1234")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get()
    page.goto(f"{live_server.url}/plan/coverage/")
    page.get_by_label("帳號").fill(user.username)
    page.get_by_label("密碼").fill("pw-test-1234")
    page.get_by_role("button", name="登入").click()
    page.get_by_role("table", name=re.compile("應辦義務")).wait_for()
    assert axe_violations(page) == []
    page.get_by_label("判定方式").select_option(label="系統無法判定")
    page.get_by_label("計畫章").select_option("柒")
    page.get_by_role("button", name="篩選").click()
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "專區網頁" in rows.first.inner_text()
    page.get_by_label("判定方式").select_option(label="規則判定")
    page.get_by_role("button", name="篩選").click()
    page.get_by_role("link", name="計畫解釋（柒、一、(一)）").click()
    page.wait_for_url(re.compile(r"/plan/interpretations/#reports-due$"))
    assert "以性平辦每年訂定的期限為準" in page.locator("#reports-due").inner_text()
    assert axe_violations(page) == []
