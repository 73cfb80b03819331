"""Login with the optional second factor (TOTP) and its enrolment. Views only adapt the request."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from mainstream.audit.services import audit_record

from . import totp
from .models import TotpDevice
from .services import client_address, login_failure_record, login_locked

PENDING_SECONDS = 300


class LoginView(auth_views.LoginView):
    """Password first; an account with an authenticator then gives its code at /accounts/totp/."""

    template_name = "login.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        from .sso_views import SESSION_ERROR, sso_enabled

        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = sso_enabled()
        context["sso_error"] = self.request.session.pop(SESSION_ERROR, "")
        return context

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        user = form.get_user()
        if TotpDevice.objects.filter(user=user).exists():
            self.request.session["mainstream_totp_user"] = user.pk
            self.request.session["mainstream_totp_backend"] = user.backend
            self.request.session["mainstream_totp_since"] = int(time.time())
            self.request.session["mainstream_totp_next"] = self.get_success_url()
            return redirect("totp_verify")
        return super().form_valid(form)


def totp_verify(request):  # type: ignore[no-untyped-def]
    pk = request.session.get("mainstream_totp_user")
    if pk is None or time.time() - request.session.get("mainstream_totp_since", 0) > PENDING_SECONDS:
        return redirect("login")
    user = get_user_model().objects.get(pk=pk)
    device = TotpDevice.objects.get(user=user)
    error = ""
    if request.method == "POST":
        address = client_address(request)
        step = None
        if not login_locked(username=user.username, address=address):
            step = totp.code_step(device.secret, request.POST.get("code", ""), time.time(), last_step=device.last_step)
        if step is None:
            login_failure_record(username=user.username, address=address)
            error = "驗證碼不正確或已使用過，請再試一次。"
        else:
            device.last_step = step
            device.save(update_fields=["last_step"])
            user.backend = request.session["mainstream_totp_backend"]
            target = request.session.get("mainstream_totp_next") or "/"
            for key in ["mainstream_totp_user", "mainstream_totp_backend", "mainstream_totp_since"]:
                request.session.pop(key, None)
            login(request, user)
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "/"
            return redirect(target)
    return render(request, "accounts/totp_verify.html", {"error": error}, status=200)


@login_required
def totp_setup(request):  # type: ignore[no-untyped-def]
    """Enrol an authenticator: the secret is kept in the session until a first code proves the app has it."""
    secret = request.session.get("mainstream_totp_pending_secret")
    if secret is None:
        secret = request.session["mainstream_totp_pending_secret"] = totp.secret_new()
    error = ""
    if request.method == "POST":
        step = totp.code_step(secret, request.POST.get("code", ""), time.time())
        if step is None:
            error = "驗證碼不正確，請確認手機時間後再試一次。"
        else:
            TotpDevice.objects.update_or_create(user=request.user, defaults={"secret": secret, "last_step": step})
            audit_record(by=request.user, action="account.totp_enable", obj=request.user, summary="啟用雙因素驗證")
            request.session.pop("mainstream_totp_pending_secret", None)
            return redirect("home")
    context = {
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "uri": totp.provisioning_uri(secret, request.user.username),
        "enrolled": TotpDevice.objects.filter(user=request.user).exists(),
        "error": error,
    }
    return render(request, "accounts/totp_setup.html", context)
