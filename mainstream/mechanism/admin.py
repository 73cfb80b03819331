"""Master data of the mechanism kept by the office in the admin (audited)."""

from django.contrib import admin

from mainstream.audit.admin import AuditedAdmin

from .models import TaskForce, WrpcSubcommitteeMeeting, WrpcTerm


@admin.register(WrpcTerm)
class WrpcTermAdmin(AuditedAdmin):
    list_display = ["number", "start", "end"]


@admin.register(WrpcSubcommitteeMeeting)
class WrpcSubcommitteeMeetingAdmin(AuditedAdmin):
    list_display = ["date", "title"]


@admin.register(TaskForce)
class TaskForceAdmin(AuditedAdmin):
    """Task forces are derived from the plan (`mainstream setup`); the admin only shows them."""

    list_display = ["name", "group"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
