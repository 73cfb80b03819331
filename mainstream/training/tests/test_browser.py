"""In a real browser: a liaison uploads an export, the JS progress bar follows the background job to the end."""

from __future__ import annotations

import re

import pytest

from mainstream.training.ids import check_digit

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
def test_upload_shows_progress_until_done(live_server, page, make_user, registry, tmp_path, monkeypatch):
    from mainstream.training import views

    monkeypatch.setattr(views, "BACKGROUND", False)  # the in-memory test database is not shared with threads
    make_user("liaison", "勞動局", password="pw-test-1234")
    rows = ["身分證字號,姓名,服務機關,課程名稱,學習時數,完成日期,學習方式,課程類別"]
    for n in range(300):
        rows.append(f"{check_digit(f'A1{n:07d}')},人員{n},勞動局,CEDAW 概論,3,111/03/05,數位,基礎")
    export = tmp_path / "export.csv"
    export.write_text("\n".join(rows), encoding="utf-8")

    page.goto(f"{live_server.url}/training/import/")
    page.get_by_label("帳號").fill("liaison1")
    page.get_by_label("密碼").fill("pw-test-1234")
    page.get_by_role("button", name="登入").click()
    page.wait_for_url("**/training/import/")
    page.get_by_label("檔案").set_input_files(str(export))
    page.get_by_label("年度").select_option("111")
    page.get_by_role("button", name="上傳並匯入").click()
    page.wait_for_url("**/training/import/jobs/**")
    status = page.get_by_role("status")
    status.filter(has_text="新增 300 筆").wait_for(timeout=10_000)
    assert page.locator("progress").get_attribute("value") == "100"
    assert not re.search(r"[A-Z][12]\d{8}", page.locator("main").inner_text())  # no ID number on the page


def _axe_violations(page) -> list:  # type: ignore[no-untyped-def]
    from pathlib import Path

    import axe_playwright_python

    page.evaluate((Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8"))
    return page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
        ".then(r => r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))})))"
    )


@pytest.mark.django_db(transaction=True)
def test_a_liaison_adds_a_course_for_two_classes_by_keyboard_labels(live_server, page, make_user, registry):
    """The course form (伍、二、(三)、1 對象類別) in a real browser: fields found by their labels, the categories as a
    group of checkboxes; the saved course shows its categories; form and course page pass axe-core (WCAG 2.1 AA)."""
    make_user("liaison", "勞動局", password="pw-test-1234")
    page.goto(f"{live_server.url}/training/courses/new/?year=111")
    page.get_by_label("帳號").fill("liaison1")
    page.get_by_label("密碼").fill("pw-test-1234")
    page.get_by_role("button", name="登入").click()
    page.wait_for_url("**/training/courses/new/**")
    assert _axe_violations(page) == []
    page.get_by_label("年度").select_option("111")
    page.get_by_label("課程名稱").fill("職場性別平等實務")
    page.get_by_label("時數").fill("3")
    page.get_by_role("group", name="對象類別").get_by_label("職工（第 4 類）").check()
    page.get_by_role("group", name="對象類別").get_by_label("社群小編（第 5 類）").check()
    page.get_by_role("button", name="儲存").click()
    page.wait_for_url("**/training/courses/*/")
    assert "職工、社群小編" in page.locator("main").inner_text()
    assert _axe_violations(page) == []
