"""Self-service password change and the reset by one-time, time-limited link (PASSWORD_RESET_TIMEOUT)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

T = "accounts/"
urlpatterns = [
    path("totp/", views.totp_verify, name="totp_verify"),
    path("totp/setup/", views.totp_setup, name="totp_setup"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(template_name=T + "password_change.html"),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name=T + "message.html", extra_context={"message": "密碼已變更。"}
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name=T + "password_reset.html",
            email_template_name=T + "password_reset_email.txt",
            subject_template_name=T + "password_reset_subject.txt",
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name=T + "message.html",
            extra_context={"message": "若該電子郵件有對應的帳號，重設連結已寄出；連結只能使用一次，並會逾時失效。"},
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name=T + "password_change.html", success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name=T + "message.html", extra_context={"message": "密碼已重設，請以新密碼登入。"}
        ),
        name="password_reset_complete",
    ),
]
