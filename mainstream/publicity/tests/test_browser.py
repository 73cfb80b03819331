"""In a real browser: a press release goes draft → checklist → escalation → superior's confirmation → released,
and the office adds a lexicon entry that the next reading uses."""

from __future__ import annotations

import pytest

from mainstream.publicity.models import Publication

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "pw-test-1234"


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


def signed_in(browser, live_server, username):
    page = browser.new_context(locale="zh-TW").new_page()
    page.goto(f"{live_server.url}/login/?next=/publicity/")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(PASSWORD)
    page.get_by_role("button", name="登入").click()
    page.get_by_role("heading", level=1).filter(has_text="性別平等概念檢核表").wait_for()
    return page


def escalate(page, question, adviser, opinion, change=""):
    page.get_by_label("疑慮").fill(question)
    page.get_by_role("button", name="送出諮詢").click()
    page.get_by_label("提供意見者").fill(adviser)
    page.get_by_label("意見", exact=True).fill(opinion)
    page.get_by_label("修正情形").fill(change)
    page.get_by_role("button", name="記錄意見").click()
    page.get_by_text("已記錄諮詢意見及修正情形").wait_for()


@pytest.mark.django_db(transaction=True)
def test_draft_checklist_escalation_confirmation_release(live_server, browser, make_user):
    author = make_user("liaison", "勞動局", password=PASSWORD)
    superior = make_user("liaison", "勞動局", password=PASSWORD)

    page = signed_in(browser, live_server, author.username)
    page.get_by_role("link", name="新增新聞、文宣或活動").click()
    page.get_by_label("標題").fill("新任處長上任")
    page.get_by_label("草稿內容").fill("本局新任處長是一位女強人，上任三個月便完成組織改造。")
    page.get_by_role("button", name="建立草稿並由系統初檢").click()
    assert page.locator("mark.finding").first.inner_text().startswith("女強人")
    assert "企業領導者" in page.locator("ol.findings").inner_text()
    assert page.locator('input[name="answer-1"][value="no"]').is_checked()  # the reader's first pass
    assert page.get_by_role("button", name="確認", exact=True).count() == 0  # no confirmation before the checklist

    page.get_by_label("第 1 項說明").fill("「女強人」是否妥當，諮詢中")
    page.get_by_label("直屬長官（本機關使用者）").select_option(value=str(superior.pk))
    page.get_by_role("button", name="完成自行檢核，送直屬長官確認").click()
    assert page.locator("#status").inner_text() == "已自行檢核"

    escalate(page, "「女強人」是否妥當？", "性平聯絡人 陳專員", "請詢問性平聯繫圈")
    escalate(page, "「女強人」是否妥當？", "性平聯繫圈", "請提性平小組")
    escalate(page, "「女強人」是否妥當？", "性平小組 李委員", "宜改為「領導者」", "已改為「領導者」")
    levels = page.locator("table").nth(1).inner_text()
    assert levels.index("性平聯絡人") < levels.index("性平聯繫圈") < levels.index("性平小組")
    assert "承辦人及其他同仁不能代為確認" in page.content()

    boss = signed_in(browser, live_server, superior.username)
    boss.get_by_role("link", name="新任處長上任").click()
    assert boss.get_by_role("button", name="標示為已發佈").count() == 0  # not before the superior confirmed
    boss.get_by_role("button", name="確認", exact=True).click()
    assert boss.locator("#status").inner_text() == "直屬長官已確認"
    boss.get_by_label("發佈日期（空白為今天）").fill("110/03/05")
    boss.get_by_role("button", name="標示為已發佈").click()
    assert boss.locator("#status").inner_text() == "已發佈"

    p = Publication.objects.get(title="新任處長上任")
    assert p.status == "released" and p.confirmed_by == superior and p.author == author
    assert [(s.level, bool(s.change_made)) for s in p.escalations.all()] == [
        ("liaison", False),
        ("circle", False),
        ("taskforce", True),
    ]


@pytest.mark.django_db(transaction=True)
def test_office_adds_a_lexicon_entry_and_the_next_check_uses_it(live_server, browser, make_user):
    office = make_user("admin", password=PASSWORD)
    page = signed_in(browser, live_server, office.username)
    page.goto(f"{live_server.url}/publicity/read/")
    page.get_by_label("文字").fill("那個查某很兇。")
    page.get_by_role("button", name="檢視").click()
    page.get_by_text("未發現需注意的用語").wait_for()

    page.goto(f"{live_server.url}/publicity/lexicon/")
    page.get_by_text("新增詞庫條目").click()
    page.get_by_label("用語或樣式").fill("查某")
    page.get_by_label("類型", exact=True).select_option("bias")
    page.get_by_label("對應檢核項次").select_option("4")
    page.get_by_label("說明（為何需注意）").fill("以台語貶稱女性。")
    page.get_by_label("建議用語（以頓號分隔）").fill("女性、她")
    page.get_by_role("button", name="新增").click()
    page.get_by_text("已新增詞庫條目「查某」").wait_for()

    page.goto(f"{live_server.url}/publicity/read/")
    page.get_by_label("文字").fill("那個查某很兇。")
    page.get_by_role("button", name="檢視").click()
    assert page.locator("mark.finding").inner_text().startswith("查某")
    assert "女性、她" in page.locator("ol.findings").inner_text()
