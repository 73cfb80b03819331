"""Lockout and password history (附表十 身分驗證; numbers in settings: MAINSTREAM_LOCKOUT_*)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import LoginFailure, PasswordState


def client_address(request) -> str | None:  # type: ignore[no-untyped-def]
    """The client's address: REMOTE_ADDR (a reverse proxy must set it, e.g. gunicorn's forwarded-allow-ips)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _window_start():  # type: ignore[no-untyped-def]
    return timezone.now() - timedelta(minutes=settings.MAINSTREAM_LOCKOUT_MINUTES)


def login_locked(*, username: str, address: str | None) -> bool:
    """Locked: ≥ MAINSTREAM_LOCKOUT_FAILURES failures within MAINSTREAM_LOCKOUT_MINUTES for the account or the address."""
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    limit = settings.MAINSTREAM_LOCKOUT_FAILURES
    if username and recent.filter(username=username).count() >= limit:
        return True
    return bool(address) and recent.filter(address=address).count() >= limit


def login_failure_record(*, username: str, address: str | None) -> bool:
    """Record a failure; True when this failure is the one that locks the account or the address."""
    from mainstream.audit.services import audit_record

    was_locked = login_locked(username=username, address=address)
    LoginFailure.objects.create(username=username[:150], address=address)
    audit_record(
        by=None,
        username=username[:150],  # recorded under the name tried
        action="account.login_failed",
        target="auth.user",
        summary=f"登入失敗：{username[:100]}（{address or '未知位址'}）",
        changes={"username": username[:150], "address": address},
    )
    if not was_locked and login_locked(username=username, address=address):
        audit_record(
            by=None,
            username=username[:150],
            action="account.lockout",
            target="auth.user",
            summary=f"帳號或位址鎖定 {settings.MAINSTREAM_LOCKOUT_MINUTES} 分鐘：{username[:100]}（{address or '未知位址'}）",
            changes={"username": username[:150], "address": address},
        )
        return True
    return False


def password_state_get(user) -> PasswordState:  # type: ignore[no-untyped-def]
    state, _ = PasswordState.objects.get_or_create(user=user)
    return state


def password_must_change(user) -> bool:  # type: ignore[no-untyped-def]
    return PasswordState.objects.filter(user=user, must_change=True).exists()


def password_require_change(*, user, by) -> None:  # type: ignore[no-untyped-def]
    """Mark the password as initial: it must be changed at the next login (附表十: 初始密碼須變更)."""
    from mainstream.audit.services import audit_record

    state = password_state_get(user)
    state.must_change = True
    state.save(update_fields=["must_change"])
    audit_record(
        by=by, action="account.password_initial", obj=user, summary=f"設定初始密碼（首次登入須變更）：{user.username}"
    )


def unlock_filter(username: str) -> Q:
    return Q(username=username)


def _unit_key(name: str) -> str:
    """Names compared without spaces and with 台 written 臺 (臺北市 is the city's own spelling)."""
    return "".join(name.split()).replace("台", "臺")


def sso_unit_find(value: str):  # type: ignore[no-untyped-def]
    """The registry's unit named by the SSO unit claim (or by the unit map file for that claim's value): its short
    name, full name or an alias of the plan file."""
    from mainstream.units.models import Unit

    key = _unit_key(value)
    if not key:
        return None
    for unit in Unit.objects.all():
        if key in {_unit_key(unit.short_name), _unit_key(unit.full_name), *(_unit_key(a) for a in unit.aliases or [])}:
            return unit
    return None


def _claim_text(claims: dict, name: str) -> str:  # type: ignore[type-arg]
    value = claims.get(name)
    if isinstance(value, list) and len(value) == 1:  # some providers send a one-item list
        value = value[0]
    return value.strip() if isinstance(value, str) else ""


@transaction.atomic
def sso_user_resolve(*, claims: dict, username_claim: str, unit_claim: str):  # type: ignore[no-untyped-def, type-arg]
    """The account a single sign-on logs in (issue 14, item 11), or ``SsoRefused``.

    - The account named by ``username_claim`` is logged in as it is: its roles are never changed (SSO never grants
      the office's, an oversight unit's or the superuser's rights; those are given locally, in the admin).
    - An inactive account is refused.
    - No such account: a new one is created as a liaison (機關性平聯絡人) of the unit named by ``unit_claim`` — only
      if that unit is an executing unit of the registry; else refused and nothing is created. The new account has no
      local password (it cannot log in with one, nor reset one).
    Creation is in the audit trail (``account.sso_create``, with ``account.create`` and ``account.role_grant``).
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.validators import UnicodeUsernameValidator
    from django.core.exceptions import ValidationError

    from mainstream.audit.services import audit_record
    from mainstream.units.models import Role, Unit

    from .sso import SsoRefused

    user_model = get_user_model()
    username = _claim_text(claims, username_claim)
    if not username:
        raise SsoRefused(
            "no_username", "單一登入未提供帳號名稱，無法登入，請洽性平辦。", detail=f"claim {username_claim} missing"
        )
    try:
        UnicodeUsernameValidator()(username)
        if len(username) > user_model._meta.get_field("username").max_length:
            raise ValidationError("too long")
    except ValidationError as exc:
        raise SsoRefused(
            "bad_username", "單一登入提供的帳號名稱不符本系統規則，無法登入，請洽性平辦。", detail=username[:150]
        ) from exc
    user = user_model.objects.filter(username=username).first()
    if user is not None:
        if not user.is_active:
            raise SsoRefused("inactive", "此帳號已停用，無法登入；如需使用請洽性平辦。", username=username)
        return user
    unit_name = _claim_text(claims, unit_claim)
    if not unit_name:
        raise SsoRefused(
            "no_unit",
            "單一登入未提供您所屬的機關，無法建立帳號，請洽性平辦。",
            username=username,
            detail=f"claim {unit_claim} missing",
        )
    unit_map = getattr(settings, "MAINSTREAM_OIDC_UNIT_MAP", {}) or {}
    unit = sso_unit_find(unit_map.get(unit_name, unit_name))
    if unit is None:
        raise SsoRefused(
            "unknown_unit",
            f"您所屬的機關「{unit_name[:40]}」不在本系統的機關名冊中，無法以單一登入建立帳號，請洽性平辦。",
            username=username,
            detail=unit_name[:100],
        )
    if unit.kind != Unit.Kind.EXECUTING:
        raise SsoRefused(
            "office_unit",
            "性平辦人員的帳號由性平辦於本系統內建立，請以本系統帳號密碼登入。",
            username=username,
            detail=unit_name[:100],
        )
    user = user_model(username=username, is_active=True, is_staff=False, is_superuser=False)
    email = _claim_text(claims, "email")
    if email and claims.get("email_verified") is not False:
        user.email = email[:254]
    user.first_name = _claim_text(claims, "name")[:150]
    user.set_unusable_password()
    user.save()
    Role.objects.create(user=user, kind=Role.Kind.LIAISON, unit=unit)
    audit_record(
        by=user,
        action="account.sso_create",
        obj=user,
        unit=unit,
        summary=f"以單一登入建立帳號：{username}（{unit} 機關性平聯絡人）",
        changes={"username": username, "unit": unit.short_name, "role": str(Role.Kind.LIAISON)},
    )
    return user


def sso_refusal_record(*, reason: str, detail: str, username: str, address: str | None) -> None:
    """A refused single sign-on in the audit trail (附表十 事件日誌): why, under the name the provider gave."""
    from mainstream.audit.services import audit_record

    audit_record(
        by=None,
        username=username[:150] or "單一登入",
        action="account.sso_refused",
        target="auth.user",
        summary=f"單一登入遭拒：{username[:60] or '（未知帳號）'}（{reason}；{address or '未知位址'}）",
        changes={"reason": reason, "detail": detail[:300], "address": address},
    )
