"""In a real browser, issue 16's walk: a liaison creates a meeting in the UI, fills in its attendance and sees its
validity, live while filling in and as saved."""

from __future__ import annotations

from datetime import date

import pytest

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
        yield browser.new_context(locale="zh-TW").new_page()
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_a_liaison_creates_a_meeting_with_attendance_and_sees_its_validity(
    live_server, page, make_user, plan, axe_violations
):
    from mainstream.mechanism.models import Attendance, Meeting, TaskForce
    from mainstream.mechanism.services import MemberData, member_record, taskforce_sync

    taskforce_sync(plan=plan)
    tf = TaskForce.objects.get(code="勞動局")
    for name, sex, kind in (("召集人", "男", "internal"), ("外一", "女", "external"), ("外二", "男", "external")):
        member_record(data=MemberData(tf, name, sex, kind, name == "召集人", "", "", None, (), date(2021, 1, 1)))
    make_user("liaison", "勞動局", password="pw-test-1234")

    page.goto(f"{live_server.url}/mechanism/taskforces/勞動局/?year=111")
    page.get_by_label("帳號").fill("liaison1")
    page.get_by_label("密碼").fill("pw-test-1234")
    page.get_by_role("button", name="登入").click()
    page.get_by_role("link", name="新增會議").click()
    page.get_by_role("heading", level=1, name="新增會議：勞動局 性平小組").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("會議名稱").fill("111年第1次會議")
    page.get_by_label("開會日期（民國）").fill("111/03/05")
    page.get_by_label("提報前一年度成果報告（每年第一次會議）").check()
    page.get_by_role("button", name="新增會議並登錄出席情形").click()

    page.get_by_role("heading", level=1).filter(has_text="111年第1次會議").wait_for()
    validity = page.locator("#validity")
    assert "無效" in validity.inner_text()
    page.get_by_label("召集人 出席情形").select_option(label="出席")
    page.get_by_label("外一 出席情形").select_option(label="出席")
    assert "無效" in validity.inner_text() and "尚未儲存" in validity.inner_text()  # one external member only
    page.get_by_label("外二 出席情形").select_option(label="出席")
    assert "✓ 有效" in validity.inner_text() and "尚未儲存" in validity.inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="儲存出席情形").click()
    page.get_by_text("已儲存出席情形").wait_for()
    assert "✓ 有效" in page.locator("#validity").inner_text()
    assert "尚未儲存" not in page.locator("#validity").inner_text()
    meeting = Meeting.objects.get()
    assert (meeting.title, meeting.date) == ("111年第1次會議", date(2022, 3, 5))
    assert Attendance.objects.filter(meeting=meeting, status="present").count() == 3

    page.get_by_role("link", name="← 勞動局 性平小組").click()
    row = page.get_by_role("row").filter(has_text="111年第1次會議")
    assert "✓ 有效" in row.inner_text()
