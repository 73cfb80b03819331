"""Master data in the Django admin (localised). Every change is recorded in the audit trail."""

from django.contrib import admin

from mainstream.audit.admin import AuditedAdmin

from .models import Group, GroupMembership, LeadUnit, Role, Unit


@admin.register(Group)
class GroupAdmin(AuditedAdmin):
    list_display = ["code", "name", "composite"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["short_name", "full_name", "group", "level", "kind"]
    list_filter = ["group", "kind", "level"]
    search_fields = ["short_name", "full_name"]


@admin.register(LeadUnit)
class LeadUnitAdmin(AuditedAdmin):
    list_display = ["group", "year", "unit"]
    list_filter = ["year", "group"]


@admin.register(GroupMembership)
class GroupMembershipAdmin(admin.ModelAdmin):
    """Read only: written from the plans (a plan file changes groups, not this page)."""

    list_display = ["year", "unit", "group", "plan_id"]
    list_filter = ["year", "group", "plan_id"]
    search_fields = ["unit__short_name"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Role)
class RoleAdmin(AuditedAdmin):
    list_display = ["user", "kind", "unit", "tools"]
    list_filter = ["kind"]
