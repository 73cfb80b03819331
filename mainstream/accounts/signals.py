"""Security events into the audit trail (附表十 事件日誌): logins, failed logins, logouts, password changes, accounts
created, role and superuser grants, and every admin delete (single and bulk)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save

from mainstream.audit.services import audit_record

from .services import client_address, login_failure_record


def _logged_in(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from .oidc_config import SSO_BACKEND

    via_sso = getattr(user, "backend", "") == SSO_BACKEND
    if request is not None and hasattr(request, "session"):
        request.session["mainstream_auth_at"] = int(timezone.now().timestamp())  # the absolute lifetime, SSO too
        request.session["mainstream_sso"] = via_sso  # no local password asked: the initial-password rule waits
    audit_record(
        by=user,
        action="account.sso_login" if via_sso else "account.login",
        obj=user,
        summary=f"{'以臺北市單一登入' if via_sso else ''}登入（{client_address(request) or '未知位址'}）",
    )


def _logged_out(sender, request, user, **kwargs):  # type: ignore[no-untyped-def]
    if user is not None:
        audit_record(by=user, action="account.logout", obj=user, summary="登出")


def _login_failed(sender, credentials, request=None, **kwargs):  # type: ignore[no-untyped-def]
    if "username" not in credentials:
        return  # a refused single sign-on is no password guess: recorded as account.sso_refused by its view
    login_failure_record(username=str(credentials.get("username", "")), address=client_address(request))


def _user_pre_save(sender, instance, **kwargs):  # type: ignore[no-untyped-def]
    before = sender.objects.filter(pk=instance.pk).values("is_superuser", "is_staff", "is_active").first()
    instance._security_before = before


def _user_post_save(sender, instance, created, **kwargs):  # type: ignore[no-untyped-def]
    if kwargs.get("raw"):
        return
    if created:
        audit_record(by=None, action="account.create", obj=instance, summary=f"建立帳號：{instance.username}")
    before = getattr(instance, "_security_before", None) or {
        "is_superuser": False,
        "is_staff": False,
        "is_active": True,
    }
    for field, grant, revoke in [
        ("is_superuser", "account.superuser_grant", "account.superuser_revoke"),
        ("is_staff", "account.staff_grant", "account.staff_revoke"),
    ]:
        if bool(getattr(instance, field)) != bool(before[field]):
            action = grant if getattr(instance, field) else revoke
            audit_record(
                by=None,
                action=action,
                obj=instance,
                summary=f"{instance.username}：{field} → {getattr(instance, field)}",
            )


def _role_post_save(sender, instance, created, **kwargs):  # type: ignore[no-untyped-def]
    if kwargs.get("raw"):
        return
    audit_record(
        by=None,
        action="account.role_grant" if created else "account.role_change",
        obj=instance,
        unit=instance.unit,
        summary=f"{'授予' if created else '修改'}角色：{instance.user.username} {instance.get_kind_display()} {instance.unit or ''}",
        changes={"kind": instance.kind, "tools": instance.tools},
    )


def _role_post_delete(sender, instance, **kwargs):  # type: ignore[no-untyped-def]
    audit_record(
        by=None,
        action="account.role_revoke",
        target="units.role",
        summary=f"撤銷角色：{instance.user_id} {instance.get_kind_display()} {instance.unit_id or ''}",
    )


_original_log_deletions = admin.ModelAdmin.log_deletions


def _log_deletions(self, request, queryset):  # type: ignore[no-untyped-def]
    """Every delete in the admin (the delete page and the bulk action) is in the audit trail, one row per record."""
    for obj in queryset:
        audit_record(
            by=request.user,
            action="admin.delete",
            obj=obj,
            summary=f"刪除{obj._meta.verbose_name}「{str(obj)[:200]}」",
        )
    return _original_log_deletions(self, request, queryset)


def connect() -> None:
    from django.db.models.signals import post_delete

    from mainstream.units.models import Role

    user_model = get_user_model()
    user_logged_in.connect(_logged_in, dispatch_uid="mainstream.accounts.login")
    user_logged_out.connect(_logged_out, dispatch_uid="mainstream.accounts.logout")
    user_login_failed.connect(_login_failed, dispatch_uid="mainstream.accounts.login_failed")
    pre_save.connect(_user_pre_save, sender=user_model, dispatch_uid="mainstream.accounts.user_pre")
    post_save.connect(_user_post_save, sender=user_model, dispatch_uid="mainstream.accounts.user_post")
    post_save.connect(_role_post_save, sender=Role, dispatch_uid="mainstream.accounts.role_post")
    post_delete.connect(_role_post_delete, sender=Role, dispatch_uid="mainstream.accounts.role_delete")
    admin.ModelAdmin.log_deletions = _log_deletions  # type: ignore[method-assign]
