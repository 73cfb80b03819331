"""Error pages in Chinese inside the site's layout, and no URL answers 500 for an unknown unit, year or record.

Every URL pattern of the site is requested with values that name nothing (unit 不存在, record 999999, year 117,
garbage query strings), as the office and as a unit liaison: each answer is a page in the layout, never a 500.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

VALID = {"short": "勞動局", "unit": "勞動局", "year": "110", "kind": "result", "fmt": "odt", "tool": "training"}
BOGUS = {"int": ["999999", "0"], "str": ["不存在"], "path": ["不存在/x"], "slug": ["nope"]}


def _routes(patterns=None, prefix=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith("admin/"):
                continue
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _urls_naming_nothing():
    """Each route with one argument at a time replaced by a value that names nothing."""
    for route in sorted(set(_routes())):
        args = re.findall(r"<(?:(\w+):)?(\w+)>", route)
        for i in range(len(args) or 1):
            for bogus in BOGUS.get((args[i][0] or "str") if args else "str", ["x"]) if args else [None]:
                url = route
                for j, (conv, name) in enumerate(args):
                    value = bogus if j == i else VALID.get(name, "1" if conv == "int" else "x")
                    url = re.sub(r"<(?:\w+:)?" + name + ">", value, url, count=1)
                yield "/" + url


@pytest.mark.django_db
def test_no_url_answers_500_for_what_does_not_exist(make_user, settings):
    settings.DEBUG = False
    failures = []
    for kind, unit in (("admin", "性平辦"), ("liaison", "勞動局")):
        client = Client(raise_request_exception=False)
        client.force_login(make_user(kind, unit))
        for url in _urls_naming_nothing():
            for query in ("", "?year=117&as_of=zz&unit=不存在&page=99999&sort=zz"):
                response = client.get(url + query)
                if response.status_code >= 500:
                    failures.append((kind, url + query, response.status_code))
    assert failures == []


@pytest.mark.django_db
def test_a_forbidden_page_is_in_chinese_inside_the_layout_with_the_reason(make_user, client, settings):
    settings.DEBUG = False
    client.force_login(make_user("liaison", "勞動局"))
    response = client.get("/todo/社會局/")
    assert response.status_code in (403, 404)
    html = response.content.decode()
    assert 'nav aria-label="主選單"' in html  # the menu is there
    assert "回首頁" in html
    assert "Forbidden" not in html
    if response.status_code == 403:
        assert "您沒有此機關資料的權限" in html  # the reason the code gave


@pytest.mark.django_db
def test_an_unknown_page_is_a_chinese_404_with_a_way_back(make_user, client, settings):
    settings.DEBUG = False
    client.force_login(make_user("admin", "性平辦"))
    response = client.get("/scorecard/不存在/training/?year=110", HTTP_REFERER="http://testserver/scorecard/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到此頁" in html and "查無此機關" in html
    assert 'href="http://testserver/scorecard/"' in html  # back to where the user came from (same site only)
    response = client.get("/no-such-page/", HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in response.content.decode()


def test_a_server_error_page_renders_without_the_request_context(rf):
    from mainstream.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "系統發生錯誤" in html and "回首頁" in html


@pytest.mark.django_db
def test_an_english_message_is_replaced_by_a_chinese_reason(rf):
    from django.http import Http404

    from mainstream.errors import reason_for_users

    assert reason_for_users(Http404("No Meeting matches the given query."), 404).startswith("找不到此頁")
    assert reason_for_users(Http404("查無此會議"), 404) == "查無此會議"
