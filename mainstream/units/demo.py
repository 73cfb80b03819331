"""Demo logins: one per role (printed by `make demo`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from .models import Role, Unit

DEMO_PASSWORD = "demo-2021"
DEMO_USERS = [
    # username, full name, role, unit, tools
    ("office", "性平辦 管理者", Role.Kind.ADMIN, "性平辦", []),
    ("labor", "勞動局 性平聯絡人", Role.Kind.LIAISON, "勞動局", []),
    ("social", "社會局 性平聯絡人", Role.Kind.LIAISON, "社會局", []),
    ("hakka", "客委會 性平聯絡人（B1 組）", Role.Kind.LIAISON, "客委會", []),
    ("personnel", "人事處（性別意識培力主責）", Role.Kind.OVERSIGHT, "人事處", ["training"]),
    ("accounting", "主計處（性別統計、預算主責）", Role.Kind.OVERSIGHT, "主計處", ["statistics", "analysis", "budget"]),
    ("auditor", "稽核（唯讀）", Role.Kind.AUDITOR, None, []),
]


def demo_users() -> list[tuple[str, str, str]]:
    return [(u, name, Role.Kind(kind).label) for u, name, kind, _, _ in DEMO_USERS]


def demo_load() -> str:
    User = get_user_model()
    for username, full_name, kind, unit, tools in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = kind == Role.Kind.ADMIN
            user.is_superuser = kind == Role.Kind.ADMIN
            user.save()
        Role.objects.get_or_create(
            user=user,
            kind=kind,
            unit=Unit.objects.get(short_name=unit) if unit else None,
            defaults={"tools": tools},
        )
    return f"{len(DEMO_USERS)} 個示範帳號"
