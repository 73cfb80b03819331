from django.contrib import admin

from .models import AuditEvent
from .services import audit_record


class AuditedAdmin(admin.ModelAdmin):
    """Master data kept in the admin: every change is recorded in the audit trail like any service write."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        from mainstream.units.models import Unit

        audit_record(
            by=request.user,
            action=f"admin.{'update' if change else 'create'}",
            obj=obj,
            unit=obj if isinstance(obj, Unit) else getattr(obj, "unit", None),
            summary=f"{'修改' if change else '新增'}{obj._meta.verbose_name}「{obj}」",
            changes={f: str(form.cleaned_data.get(f)) for f in form.changed_data},
        )

    # deletes (the delete page and the bulk action) are audited for every model by mainstream.accounts.signals


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "unit", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "username"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
