"""Master data in the Django admin (localised). Every change is recorded in the audit trail."""

from django.contrib import admin

from mainstream.audit.services import audit_record

from .models import Group, LeadUnit, Role, Unit


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        audit_record(
            by=request.user,
            action=f"admin.{'update' if change else 'create'}",
            obj=obj,
            unit=obj if isinstance(obj, Unit) else getattr(obj, "unit", None),
            summary=f"{'修改' if change else '新增'}{obj._meta.verbose_name}「{obj}」",
            changes={f: str(form.cleaned_data.get(f)) for f in form.changed_data},
        )

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        audit_record(by=request.user, action="admin.delete", obj=obj, summary=f"刪除{obj._meta.verbose_name}「{obj}」")
        super().delete_model(request, obj)


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
