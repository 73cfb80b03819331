"""In a real browser (Playwright driving Debian's chromium), issue 16's walk: the office filters the scorecard to the
unmet duties of group A, exports it as ODS and sends a reminder; the liaison sees it and reads it; the office sees
that it was read."""

from __future__ import annotations

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
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _login(browser, url: str, username: str):  # type: ignore[no-untyped-def]
    page = browser.new_context(locale="zh-TW", accept_downloads=True).new_page()
    page.goto(url)
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill("pw-test-1234")
    page.get_by_role("button", name="登入").click()
    return page


@pytest.mark.django_db(transaction=True)
def test_the_office_filters_exports_and_reminds_and_the_liaison_reads_it(
    live_server, browser, make_user, registry, tmp_path, axe_violations
):
    from mainstream.followup.models import Reminder
    from mainstream.imports.readers import read_rows
    from mainstream.mechanism.models import NoticeReceipt

    office = make_user("admin", "性平辦", password="pw-test-1234")
    liaison = make_user("liaison", "勞動局", password="pw-test-1234")

    page = _login(browser, f"{live_server.url}/scorecard/?year=110&as_of=111/01/10", office.username)
    page.wait_for_url("**/scorecard/**")
    page.get_by_label("狀態", exact=True).select_option(label="未達成")
    page.get_by_label("群組", exact=True).select_option("A")
    page.get_by_role("button", name="查詢").click()
    page.wait_for_url("**status=unmet**")
    heading = page.get_by_role("heading", name="應辦事項清單")
    count = int(heading.inner_text().split("（")[1].split(" ")[0])
    assert count > 0
    duties = page.locator("table.duties tbody tr")
    assert all("未達成" in t for t in duties.all_inner_texts())
    assert page.locator("table.scorecard th.group-head").all_inner_texts() == [
        t for t in page.locator("table.scorecard th.group-head").all_inner_texts() if "A" in t
    ]
    assert axe_violations(page) == []

    with page.expect_download() as info:
        page.get_by_role("link", name="ODS 試算表").click()
    path = tmp_path / "scorecard.ods"
    info.value.save_as(path)
    cells = [values for _, values in read_rows(path)]
    assert "狀態：未達成" in cells[2][0] and "群組：A" in cells[2][0]
    header = next(i for i, row in enumerate(cells) if row and row[0] == "群組")
    exported = [r for r in cells[header + 1 :] if any(r)]
    assert len(exported) == count
    # row by row, the file holds what the page lists: group, unit, tool, duty, status and due date, in its order
    on_page = duties.evaluate_all("rows => rows.map(r => Array.from(r.cells, c => c.innerText.split('\\n')[0].trim()))")
    assert [(r[0], r[1], r[2], r[3], r[5], r[8]) for r in exported[: len(on_page)]] == [
        (r[0], r[1], r[2], r[3], r[5].split(" ", 1)[1], r[7]) for r in on_page
    ]

    page.get_by_role("link", name="催辦所列機關").click()
    page.get_by_role("heading", level=1, name="催辦 110 年應辦事項").wait_for()
    for box in page.locator("input[name=to]").all():  # only 勞動局 this time
        if box.get_attribute("value") != "勞動局":
            box.uncheck()
    page.get_by_label("催辦說明").fill("請於月底前補正。")
    page.get_by_role("button", name="送出催辦").click()
    page.get_by_role("heading", level=1, name="催辦明細").wait_for()
    assert "已催辦 勞動局" in page.locator(".messages").inner_text()
    assert "未讀 1 人" in page.locator("main").inner_text()
    reminder = Reminder.objects.get()
    assert reminder.unit.short_name == "勞動局"

    liaison_page = _login(browser, f"{live_server.url}/scorecard/", liaison.username)
    liaison_page.wait_for_url("**/scorecard/**")
    banner = liaison_page.get_by_role("status").filter(has_text="性平聯繫圈有 1 則新通知")
    banner.get_by_role("link", name="請閱讀並確認").click()
    card = liaison_page.locator("article").filter(has_text="〔催辦〕勞動局 110 年應辦事項")
    assert "請於月底前補正。" in card.inner_text()
    assert axe_violations(liaison_page) == []
    card.get_by_role("button", name="已閱讀").click()
    liaison_page.get_by_role("heading", name="未讀訊息（0 則）").wait_for()
    assert NoticeReceipt.objects.filter(notice=reminder.notice, user=liaison).exists()

    page.reload()
    assert "已讀 1 人" in page.locator("main").inner_text()
