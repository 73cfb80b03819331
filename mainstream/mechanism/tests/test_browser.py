"""In a real browser: the meeting page shows whether the meeting is valid as the attendance is filled in."""

from __future__ import annotations

from datetime import date

import pytest

from mainstream.mechanism.models import Attendance

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
def test_validity_updates_as_attendance_is_entered(live_server, page, make_user, plan):
    from mainstream.mechanism.services import MeetingData, MemberData, meeting_record, member_record, taskforce_sync

    taskforce_sync(plan=plan)
    from mainstream.mechanism.models import TaskForce

    tf = TaskForce.objects.get(code="勞動局")
    start = date(2021, 1, 1)
    for name, sex, kind in (
        ("召集人", "男", "internal"),
        ("外一", "女", "external"),
        ("外二", "男", "external"),
        ("內一", "女", "internal"),
    ):
        member_record(data=MemberData(tf, name, sex, kind, name == "召集人", "", "", None, (), start))
    meeting, _ = meeting_record(data=MeetingData(tf, "110年第1次會議", date(2021, 2, 5), True))
    make_user("liaison", "勞動局", password="pw-test-1234")

    page.goto(f"{live_server.url}/mechanism/meetings/{meeting.id}/")
    page.get_by_label("帳號").fill("liaison1")
    page.get_by_label("密碼").fill("pw-test-1234")
    page.get_by_role("button", name="登入").click()
    page.get_by_role("heading", level=1).filter(has_text="110年第1次會議").wait_for()

    status = page.locator("#validity")
    assert "無效" in status.inner_text()
    page.get_by_label("召集人 出席情形").select_option(label="出席")
    page.get_by_label("外一 出席情形").select_option(label="出席")
    assert "府外委員出席 1 人，未達 2 人" in status.inner_text()
    page.get_by_label("外二 出席情形").select_option(label="當天臨時缺席")
    page.get_by_label("外二 書面意見收到日期").fill("2021-02-12")  # day 7
    page.get_by_label("外二 書面意見併入會議紀錄").check()
    assert "有效：府外委員 外二 於會後 7 日內提出書面意見" in status.inner_text()
    page.get_by_label("外二 書面意見收到日期").fill("2021-02-13")  # day 8
    assert "外二書面意見於會後 8 日送達，逾 7 日" in status.inner_text()
    page.get_by_label("外二 書面意見收到日期").fill("2021-02-12")
    page.get_by_role("button", name="儲存出席情形").click()
    page.get_by_text("已儲存出席情形").wait_for()
    assert "有效" in page.locator("#validity").inner_text()
    assert Attendance.objects.filter(meeting=meeting).count() == 3
