from django.contrib import admin

from .models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Read-only here: the catalogue is recorded through the statistics pages and imports (audited services)."""

    list_display = ["unit", "kind", "name", "parent", "added_on", "sex_variable"]
    list_filter = ["kind", "sex_variable"]
    search_fields = ["name"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
