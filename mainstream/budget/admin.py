from django.contrib import admin

from .models import BudgetGuidance, BudgetLine, BudgetSubmission


class ReadOnly(admin.ModelAdmin):
    """Read-only here: the budget is recorded through the budget pages and imports (audited services)."""

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnly):
    list_display = ["year", "unit", "programme", "amount", "new"]
    list_filter = ["year", "new"]
    search_fields = ["programme"]


@admin.register(BudgetSubmission)
class BudgetSubmissionAdmin(ReadOnly):
    list_display = ["year", "unit", "submitted_on"]
    list_filter = ["year"]


@admin.register(BudgetGuidance)
class BudgetGuidanceAdmin(ReadOnly):
    list_display = ["year", "updated_on"]
