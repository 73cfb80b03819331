"""Passwords to 附表十: length 12 with the common-password and similarity checks, history of 3, the initial
password changed at first login, self-service change, and a one-time, time-limited reset link."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from mainstream.audit.models import AuditEvent


@pytest.mark.parametrize("password", ["short-pw-1", "password1234", "{username}-2021"])
def test_weak_passwords_are_refused(make_user, password):
    user = make_user("liaison", "勞動局")
    with pytest.raises(ValidationError):
        validate_password(password.format(username=user.username), user)


def test_the_last_three_passwords_cannot_be_reused(make_user):
    user = make_user("liaison", "勞動局")
    for pw in ["Tamsui-river-2021", "Beitou-spring-2021", "Daan-park-2021-x"]:
        validate_password(pw, user)
        user.set_password(pw)
        user.save()
    with pytest.raises(ValidationError, match="最近 3 次"):
        validate_password("Tamsui-river-2021", user)
    assert AuditEvent.objects.filter(action="account.password_change", target_id=str(user.pk)).count() >= 3


def _office_client(make_user):
    office = make_user("admin", "性平辦")
    office.is_staff = office.is_superuser = True
    office.save()
    client = Client()
    client.force_login(office)
    return client


def test_an_account_made_by_the_office_must_change_its_initial_password(make_user):
    office = _office_client(make_user)
    response = office.post(
        "/admin/auth/user/add/",
        {
            "username": "newliaison",
            "password1": "Initial-pass-2021",
            "password2": "Initial-pass-2021",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client = Client()
    assert client.post("/login/", {"username": "newliaison", "password": "Initial-pass-2021"}).status_code == 302
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/change/"
    assert client.get("/measures/").status_code == 302
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": "Initial-pass-2021",
            "new_password1": "Zhongshan-hall-2021",
            "new_password2": "Zhongshan-hall-2021",
        },
    )
    assert response.status_code == 302
    assert client.get("/", follow=True).redirect_chain[-1][0] != "/accounts/password/change/"


def test_self_service_change_refuses_a_short_password(client, make_user):
    user = make_user("liaison", "勞動局")
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": "pw-test-1234", "new_password1": "short-1", "new_password2": "short-1"},
    )
    assert response.status_code == 200 and "12" in response.content.decode()


def test_reset_by_a_one_time_link(client, make_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = make_user("liaison", "勞動局")
    user.email = "liaison@example.gov.tw"
    user.save()
    assert client.post("/accounts/password/reset/", {"email": user.email}).status_code == 302
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = {"new_password1": "Songshan-airport-2021", "new_password2": "Songshan-airport-2021"}
    assert client.post(form_url, new).status_code == 302
    assert Client().post("/login/", {"username": user.username, "password": new["new_password1"]}).status_code == 302
    # the link is used up
    again = Client().get(link, follow=True)
    assert "已使用過或已逾時" in again.content.decode()
