from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import LoginFailure, PasswordState
from .services import password_require_change


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """The office unlocks an account or address by deleting its failures (each delete is in the audit trail)."""

    list_display = ["username", "address", "at"]
    search_fields = ["username", "address"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(PasswordState)
class PasswordStateAdmin(admin.ModelAdmin):
    list_display = ["user", "must_change", "changed_at"]
    fields = ["user", "must_change", "changed_at"]
    readonly_fields = ["user", "changed_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class InitialPasswordUserAdmin(UserAdmin):
    """An account created (or a password set) by the office carries an initial password to change at first login."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        if not change:
            password_require_change(user=obj, by=request.user)

    def user_change_password(self, request, id, form_url=""):  # type: ignore[no-untyped-def]
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            password_require_change(user=User.objects.get(pk=id), by=request.user)
        return response
