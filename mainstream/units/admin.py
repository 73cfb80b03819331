"""Master data in the Django admin (localised). Every change is recorded in the audit trail."""

from django.contrib import admin

from mainstream.audit.admin import AuditedAdmin

from .models import Group, LeadUnit, Role, Unit


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


@admin.register(Role)
class RoleAdmin(AuditedAdmin):
    list_display = ["user", "kind", "unit", "tools"]
    list_filter = ["kind"]
