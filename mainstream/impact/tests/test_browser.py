"""In a real browser: a liaison records a gender analysis with its file, then follows a case's timeline."""

from datetime import date

import pytest

from mainstream.impact.models import Expert
from mainstream.impact.services import AssessmentData, assessment_record

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
def test_a_liaison_records_an_analysis_and_reads_a_case_timeline(
    live_server, page, make_user, registry, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user("liaison", "勞動局", password="pw-test-1234")
    expert = Expert.objects.create(name="王小明", qualification="臺北市性別人才資料庫")
    case, _ = assessment_record(
        data=AssessmentData(
            registry["勞動局"],
            "就業服務自治條例修正案",
            "自治條例",
            "法案",
            gathered_on=date(2021, 2, 1),
            form_filled_on=date(2021, 2, 20),
            participation="專家學者",
            expert=expert,
            participation_on=date(2021, 3, 1),
        )
    )

    page.goto(f"{live_server.url}/analysis/new/")
    page.get_by_label("帳號").fill("liaison1")
    page.get_by_label("密碼").fill("pw-test-1234")
    page.get_by_role("button", name="登入").click()
    page.wait_for_url("**/analysis/new/")
    page.get_by_label("機關").select_option(label="勞動局")
    page.get_by_label("年度").select_option("110")
    page.get_by_label("題目").fill("中高齡女性再就業")
    page.get_by_label("性別", exact=True).check()
    page.get_by_label("年齡").check()
    page.get_by_label("性平小組報告日期").fill("110/06/15")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%demo\n")
    page.get_by_label("報告檔案").set_input_files(str(pdf))
    page.get_by_role("button", name="儲存").click()
    page.get_by_role("heading", level=1, name="中高齡女性再就業").wait_for()
    body = page.locator("main").inner_text()
    assert "已提報性平小組（列計）" in body and "110/06/15" in body
    assert page.get_by_role("link", name="report.pdf").count() == 1

    page.goto(f"{live_server.url}/impact/{case.pk}/")
    timeline = page.locator("ol.timeline").inner_text()
    assert "專家學者 王小明（臺北市性別人才資料庫）" in timeline
    assert "缺：尚未填寫參採情形" in timeline and "待法務局審核" in timeline

    axe = _axe_script()
    for url in ("/analysis/", "/analysis/new/", f"/impact/{case.pk}/", "/impact/", "/impact/new/", "/impact/experts/"):
        page.goto(live_server.url + url)
        page.evaluate(axe)
        violations = page.evaluate(
            "axe.run(document).then(r => r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))})))"
        )
        assert violations == [], f"{url}: {violations}"


def _axe_script() -> str:
    from pathlib import Path

    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
