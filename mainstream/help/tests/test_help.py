"""The help page tells each role what to do this month, how to read a verdict and whom to ask."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_liaison_sees_its_own_units_open_duties_and_whom_to_ask(make_user, plan):
    client = Client()
    client.force_login(make_user("liaison", "勞動局"))
    html = client.get("/help/").content.decode()
    assert "機關性平聯絡人" in html
    assert "本機關" in html and "/todo/勞動局/" in html
    assert "尚未完成的應辦事項" in html  # nothing recorded yet: every duty of the year is open
    for tool in plan.tools:
        assert tool.name in html  # each tool's oversight unit is named (參、二)
    assert "社會局待辦" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "unit", "words"),
    [
        ("admin", "性平辦", "性平辦管理者"),
        ("auditor", None, "唯讀"),
        ("oversight", "人事處", "主責管考單位"),
    ],
)
def test_each_role_has_its_own_help(make_user, kind, unit, words):
    client = Client()
    client.force_login(make_user(kind, unit, tools=["training"] if kind == "oversight" else None))
    response = client.get("/help/")
    assert response.status_code == 200
    html = response.content.decode()
    assert words in html
    assert "如何看懂考核結果" in html and "有問題找誰" in html


@pytest.mark.django_db
def test_help_needs_a_login(client):
    assert client.get("/help/").status_code == 302
