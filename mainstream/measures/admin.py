from django.contrib import admin

from .models import Measure


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    """Read-only here: measures are recorded through the measures pages and imports (audited services)."""

    list_display = ["year", "unit", "category", "item", "title"]
    list_filter = ["year", "category"]
    search_fields = ["title"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
