"""Authentication with the lockout of 附表十: a locked account or address is refused even with the right password."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .services import client_address, login_locked


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):  # type: ignore[no-untyped-def]
        if password is None:
            return None  # not a password login (the single sign-on's callback): the SSO backend answers it
        if username is None:
            username = kwargs.get("username", "")
        if login_locked(username=username or "", address=client_address(request)):
            if request is not None:
                request.login_locked = True
            raise PermissionDenied  # stops every backend; user_login_failed is still sent (and recorded)
        return super().authenticate(request, username=username, password=password, **kwargs)
