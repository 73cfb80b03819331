"""Single sign-on in a real browser (issue 14, item 11): chromium follows the whole flow against the live provider —
the button on our login page, the provider's log-in and consent, back logged in as the unit's liaison, then the
logout on to the provider — with no Content-Security-Policy violation, and our login page (with the button, and with
a refusal's message) passes axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import re

import pytest

from .sso_flow import IDP_PASSWORD
from .test_csp_browser import CHROMIUM_ARGS, LISTEN

pytestmark = pytest.mark.browser


@pytest.fixture
def page():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-TW")
        context.add_init_script(LISTEN)
        page = context.new_page()
        page.csp_console = []  # type: ignore[attr-defined]
        page.on(
            "console",
            lambda m: page.csp_console.append(m.text) if "Content Security Policy" in m.text else None,  # type: ignore[attr-defined]
        )
        yield page
        browser.close()


def _violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    return list(page.evaluate("window.__csp || []")) + list(page.csp_console)


def test_a_liaison_signs_in_through_the_city_and_out_again_in_a_browser(sso, page, axe_violations, django_user_model):
    sso.person("idp-chen", city_account="chen.labor", unit="勞動局", name="陳小明")
    page.goto(f"{sso.rp}/login/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="以臺北市單一登入").click()
    page.wait_for_url(re.compile(r"http://127\.0\.0\.1:\d+/login/\?next=/idp/authorize/"))  # the provider's log-in
    page.get_by_label("帳號").fill("idp-chen")
    page.get_by_label("密碼").fill(IDP_PASSWORD)
    page.get_by_role("button", name="登入").click()
    page.locator("input[name=allow]").click()  # the provider's consent page
    page.wait_for_url(re.compile(rf"{re.escape(sso.rp)}/scorecard/"))  # a liaison's home
    assert "陳小明" in page.locator("header").inner_text()
    assert django_user_model.objects.get(username="chen.labor").roles.get().unit.short_name == "勞動局"
    assert _violations(page) == []

    page.get_by_role("button", name="登出").click()
    page.wait_for_load_state("load")
    assert page.url.startswith(f"{sso.idp}/idp/logout/") or page.url.startswith(f"{sso.rp}/login/"), page.url
    assert _violations(page) == []  # form-action lets the logout go on to the provider
    page.goto(f"{sso.rp}/todo/勞動局/")
    assert page.url.startswith(f"{sso.rp}/login/")  # logged out here


def test_a_refusal_is_read_on_an_accessible_login_page(sso, page, axe_violations):
    sso.person("idp-lin", city_account="lin.nowhere", unit="臺北市政府不存在局")
    page.goto(f"{sso.rp}/login/")
    page.get_by_role("link", name="以臺北市單一登入").click()
    page.get_by_label("帳號").fill("idp-lin")
    page.get_by_label("密碼").fill(IDP_PASSWORD)
    page.get_by_role("button", name="登入").click()
    page.locator("input[name=allow]").click()
    page.wait_for_url(f"{sso.rp}/login/")
    assert "不在本系統的機關名冊中" in page.get_by_role("alert").inner_text()
    assert axe_violations(page) == []
    assert _violations(page) == []
