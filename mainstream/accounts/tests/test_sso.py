"""Staff single sign-on (issue 14, item 11) against a real OpenID Connect provider running locally.

django-oauth-toolkit is the provider (RS256 key made here, PKCE, consent page) under /idp/ of the live server,
reached as http://127.0.0.1:PORT, while this system is reached as http://localhost:PORT — two hosts, so the provider's
session and ours are kept apart as in production. Each test drives the whole flow over HTTP with ``requests``: our
/oidc/authenticate/ → the provider's /idp/authorize/ (log in at the provider, approve) → our /oidc/callback/ (the code
exchanged for tokens by our server, the ID token checked against the provider's JWKS, userinfo read) → logged in.
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlencode, urlsplit, urlunsplit

from mainstream.audit.models import AuditEvent

from .sso_flow import CLIENT_ID, Flow


def _refusals():  # type: ignore[no-untyped-def]
    return list(AuditEvent.objects.filter(action="account.sso_refused").order_by("id"))


def test_a_staff_member_of_a_known_unit_becomes_its_liaison_and_sees_only_its_unit(sso, django_user_model):
    from mainstream.units.access import access_for
    from mainstream.units.models import Role, Unit

    sso.person("idp-chen", city_account="chen.labor", unit="臺北市政府勞動局", name="陳小明", email="chen@example.gov")
    login_page = sso.page("/login/")
    assert "以臺北市單一登入" in login_page.text and 'href="/oidc/authenticate/' in login_page.text

    answer = sso.sign_in("idp-chen")
    assert answer.status_code == 302 and answer.headers["Location"] == "/", answer.headers.get("Location")
    user = django_user_model.objects.get(username="chen.labor")
    assert sso.session_user_id() == str(user.pk)
    assert sso.session().get("oidc_id_token")  # kept for the provider's logout (id_token_hint)
    assert not user.has_usable_password() and not user.is_staff and not user.is_superuser
    assert (user.first_name, user.email) == ("陳小明", "chen@example.gov")
    roles = list(Role.objects.filter(user=user).values_list("kind", "unit__short_name"))
    assert roles == [("liaison", "勞動局")]
    access = access_for(user)
    assert access.read_units == {Unit.objects.get(short_name="勞動局").id} and not access.read_all
    # in the pages: its own unit's to-do page, not another unit's
    assert sso.page("/todo/勞動局/").status_code == 200
    assert sso.page("/todo/社會局/").status_code == 404  # another unit: not even named
    home = sso.page("/todo/勞動局/")
    assert home.status_code == 200 and "陳小明" in home.text  # the header names the account
    assert "變更密碼" not in home.text  # no local password to change
    from django.core import mail
    from django.test import Client

    Client().post("/accounts/password/reset/", {"email": "chen@example.gov"})
    assert mail.outbox == []  # nor a reset link to ask for
    actions = set(AuditEvent.objects.filter(user=user).values_list("action", flat=True))
    assert {"account.sso_create", "account.sso_login"} <= actions
    assert AuditEvent.objects.filter(action="account.role_grant", target_id=str(Role.objects.get(user=user).pk))

    # the second time, the same account is logged in and nothing new is created
    second = Flow(sso.rp, sso.idp)
    assert second.sign_in("idp-chen").headers["Location"] == "/"
    assert django_user_model.objects.filter(username="chen.labor").count() == 1
    assert Role.objects.filter(user=user).count() == 1


def test_an_unknown_unit_is_refused_and_no_account_is_created(sso, django_user_model):
    sso.person("idp-lin", city_account="lin.nowhere", unit="臺北市政府不存在局")
    answer = sso.sign_in("idp-lin")
    assert answer.status_code == 302 and answer.headers["Location"] == "/login/"
    page = sso.page("/login/")
    assert page.status_code == 200
    assert "您所屬的機關「臺北市政府不存在局」不在本系統的機關名冊中" in page.text and 'role="alert"' in page.text
    assert not django_user_model.objects.filter(username="lin.nowhere").exists()
    assert sso.session_user_id() is None
    assert "oidc_id_token" not in sso.session()  # the refused login's ID token is not kept
    refusal = _refusals()[-1]
    assert refusal.changes["reason"] == "unknown_unit" and refusal.username == "lin.nowhere"
    from mainstream.accounts.models import LoginFailure

    assert not LoginFailure.objects.filter(username="").exists()  # no password guess: the lockout does not count it
    # the message is shown once
    assert "不在本系統的機關名冊中" not in sso.page("/login/").text


def test_a_missing_unit_claim_and_the_office_unit_are_refused(sso, django_user_model):
    sso.person("idp-wu", city_account="wu.nounit")
    assert sso.sign_in("idp-wu").headers["Location"] == "/login/"
    assert "單一登入未提供您所屬的機關" in sso.page("/login/").text
    sso.person("idp-ho", city_account="ho.office", unit="性平辦")
    other = Flow(sso.rp, sso.idp)
    assert other.sign_in("idp-ho").headers["Location"] == "/login/"
    assert "性平辦人員的帳號由性平辦於本系統內建立" in other.page("/login/").text
    assert not django_user_model.objects.filter(username__in=["wu.nounit", "ho.office"]).exists()
    assert [e.changes["reason"] for e in _refusals()] == ["no_unit", "office_unit"]


def test_an_existing_office_user_keeps_its_role_and_sso_never_promotes(sso, make_user, django_user_model):
    from mainstream.units.models import Role

    office = make_user("admin", "性平辦")
    liaison = make_user("liaison", "社會局")
    # the provider says 勞動局 for the office user, and claims admin rights for the liaison: neither changes a role
    sso.person("idp-office", city_account=office.username, unit="勞動局")
    sso.person("idp-social", city_account=liaison.username, unit="性平辦", roles=["admin"], is_superuser=True)
    assert sso.sign_in("idp-office").headers["Location"] == "/"
    assert sso.session_user_id() == str(office.pk)
    assert list(Role.objects.filter(user=office).values_list("kind", "unit__short_name")) == [("admin", "性平辦")]
    assert sso.page("/admin/").status_code in (200, 302)  # the office keeps what it had
    other = Flow(sso.rp, sso.idp)
    assert other.sign_in("idp-social").headers["Location"] == "/"
    liaison.refresh_from_db()
    assert list(Role.objects.filter(user=liaison).values_list("kind", "unit__short_name")) == [("liaison", "社會局")]
    assert not liaison.is_superuser and not liaison.is_staff
    assert other.page("/todo/勞動局/").status_code == 404


def test_an_inactive_account_is_refused(sso, make_user):
    user = make_user("liaison", "勞動局")
    user.is_active = False
    user.save()
    sso.person("idp-gone", city_account=user.username, unit="勞動局")
    assert sso.sign_in("idp-gone").headers["Location"] == "/login/"
    assert "此帳號已停用" in sso.page("/login/").text
    assert sso.session_user_id() is None
    assert _refusals()[-1].changes["reason"] == "inactive"


def test_a_tampered_state_is_refused(sso, django_user_model):
    sso.person("idp-chen", city_account="chen.labor", unit="勞動局")
    callback = sso.approve(sso.to_provider(), "idp-chen")
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    query["state"] = ["forged" + query["state"][0][6:]]
    forged = urlunsplit(parts._replace(query=urlencode({k: v[0] for k, v in query.items()})))
    answer = sso.get(forged)
    assert answer.status_code == 302 and answer.headers["Location"] == "/login/"
    assert "登入請求已失效或不符" in sso.page("/login/").text
    assert sso.session_user_id() is None
    assert not django_user_model.objects.filter(username="chen.labor").exists()
    assert _refusals()[-1].changes["reason"] == "state"
    # a callback in another browser (no state in its session) is refused too
    stranger = Flow(sso.rp, sso.idp)
    assert stranger.get(callback).headers["Location"] == "/login/"
    assert "登入請求已失效或不符" in stranger.page("/login/").text
    assert not django_user_model.objects.filter(username="chen.labor").exists()


def test_a_replayed_code_is_refused(sso, django_user_model):
    """A code is used once: the same callback again is refused (its state is used up), and the code carried into
    another browser's own login (a stolen code with a valid state there) is refused by the provider."""
    sso.person("idp-chen", city_account="chen.labor", unit="勞動局")
    callback = sso.approve(sso.to_provider(), "idp-chen")
    assert sso.get(callback).headers["Location"] == "/"
    again = sso.get(callback)  # its state was used up: refused, and the session logged out
    assert again.headers["Location"] == "/login/"
    assert sso.session_user_id() is None
    assert _refusals()[-1].changes["reason"] == "state"

    thief = Flow(sso.rp, sso.idp)
    own_state = parse_qs(urlsplit(thief.to_provider()).query)["state"][0]
    code = parse_qs(urlsplit(callback).query)["code"][0]
    answer = thief.get(f"{sso.rp}/oidc/callback/?{urlencode({'code': code, 'state': own_state})}")
    assert answer.headers["Location"] == "/login/"
    assert thief.session_user_id() is None
    assert _refusals()[-1].changes["reason"] == "token_exchange"
    assert "單一登入未通過驗證" in thief.page("/login/").text


def test_the_provider_saying_no_is_refused_with_a_message(sso):
    sso.person("idp-chen", city_account="chen.labor", unit="勞動局")
    authorize = sso.to_provider()
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    answer = sso.get(f"{sso.rp}/oidc/callback/?error=access_denied&state={state}")
    assert answer.headers["Location"] == "/login/"
    assert "單一登入未完成" in sso.page("/login/").text
    assert _refusals()[-1].changes["reason"] == "provider_error"


def test_sso_sessions_skip_the_initial_password_and_keep_the_timeouts(sso, make_user):
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from mainstream.accounts.services import password_require_change

    user = make_user("liaison", "勞動局")
    password_require_change(user=user, by=None)
    sso.person("idp-new", city_account=user.username, unit="勞動局")
    todo = "/todo/" + quote("勞動局") + "/"
    assert sso.sign_in("idp-new", next_url=todo).headers["Location"] == todo
    assert sso.page("/todo/勞動局/").status_code == 200  # not sent to 變更密碼
    # the absolute lifetime applies the same: an old login is logged out
    key = next(c.value for c in sso.http.cookies if c.name == "sessionid" and "localhost" in c.domain)
    store = SessionStore(session_key=key)
    store["mainstream_auth_at"] = int(store["mainstream_auth_at"]) - settings.MAINSTREAM_SESSION_ABSOLUTE_SECONDS - 1
    store.save()
    answer = sso.page("/todo/勞動局/")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login/")
    assert sso.session_user_id() is None


def test_an_enrolled_authenticator_is_still_asked_after_sso(sso, make_user):
    import time

    from mainstream.accounts import totp
    from mainstream.accounts.models import TotpDevice

    office = make_user("admin", "性平辦")
    secret = totp.secret_new()
    TotpDevice.objects.create(user=office, secret=secret)
    sso.person("idp-office", city_account=office.username, unit="性平辦")
    answer = sso.sign_in("idp-office")
    assert answer.headers["Location"] == "/accounts/totp/"
    assert sso.session_user_id() is None
    page = sso.page("/accounts/totp/")
    fields = Flow.form(page.text)
    fields["code"] = totp.code_at(totp.secret_bytes(secret), time.time())
    answer = sso.post(f"{sso.rp}/accounts/totp/", fields)
    assert answer.status_code == 302 and sso.session_user_id() == str(office.pk)
    assert AuditEvent.objects.filter(user=office, action="account.sso_login").exists()


def test_logout_ends_our_session_and_goes_to_the_providers_logout(sso):
    sso.person("idp-chen", city_account="chen.labor", unit="勞動局")
    assert sso.sign_in("idp-chen").headers["Location"] == "/"
    token = Flow.form(sso.page("/todo/勞動局/").text)["csrfmiddlewaretoken"]
    answer = sso.post(f"{sso.rp}/logout/", {"csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    target = urlsplit(answer.headers["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{sso.idp}/idp/logout/"
    query = parse_qs(target.query)
    assert query["client_id"] == [CLIENT_ID] and query["id_token_hint"]
    assert query["post_logout_redirect_uri"] == [f"{sso.rp}/login/"]
    assert sso.session_user_id() is None
    assert AuditEvent.objects.filter(action="account.logout", username="chen.labor").exists()


def test_a_provider_that_cannot_be_reached_gives_a_message_not_a_500(sso):
    from django.test import override_settings

    from mainstream.accounts import sso as sso_module

    sso_module.discovery_forget()
    with override_settings(MAINSTREAM_OIDC_ISSUER="http://127.0.0.1:9/idp"):  # nothing listens on the discard port
        answer = sso.get(f"{sso.rp}/oidc/authenticate/")
    assert answer.status_code == 302 and answer.headers["Location"] == "/login/"
    assert "目前無法連線臺北市單一登入服務" in sso.page("/login/").text
    assert _refusals()[-1].changes["reason"] == "provider_unavailable"


def test_a_provider_naming_units_by_code_is_mapped_by_the_unit_map_file(sso, django_user_model, tmp_path):
    """The city's directory may send 機關代碼: MAINSTREAM_OIDC_UNIT_MAP_FILE maps each code to a unit of the registry."""
    from django.test import override_settings

    from mainstream.accounts.oidc_config import oidc_settings
    from mainstream.units.models import Role

    unit_map = tmp_path / "units.yaml"
    unit_map.write_text("379130000C: 勞動局\n379100000G: 不存在局\n", encoding="utf-8")
    built = oidc_settings(
        {
            "MAINSTREAM_OIDC_ISSUER": sso.idp + "/idp",
            "MAINSTREAM_OIDC_CLIENT_ID": CLIENT_ID,
            "MAINSTREAM_OIDC_UNIT_MAP_FILE": str(unit_map),
        },
        [],
    )
    assert built["MAINSTREAM_OIDC_UNIT_MAP"] == {"379130000C": "勞動局", "379100000G": "不存在局"}
    sso.person("idp-kao", city_account="kao.labor", unit="379130000C")
    sso.person("idp-tsai", city_account="tsai.nowhere", unit="379100000G")
    with override_settings(MAINSTREAM_OIDC_UNIT_MAP=built["MAINSTREAM_OIDC_UNIT_MAP"]):
        assert sso.sign_in("idp-kao").headers["Location"] == "/"
        other = Flow(sso.rp, sso.idp)
        assert other.sign_in("idp-tsai").headers["Location"] == "/login/"
    user = django_user_model.objects.get(username="kao.labor")
    assert list(Role.objects.filter(user=user).values_list("kind", "unit__short_name")) == [("liaison", "勞動局")]
    assert not django_user_model.objects.filter(username="tsai.nowhere").exists()
