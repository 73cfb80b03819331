from django.contrib import admin

from mainstream.audit.admin import AuditedAdmin

from .models import Expert


@admin.register(Expert)
class ExpertAdmin(AuditedAdmin):
    """The registry of qualified gender-equality experts (伍、五、(一)、3)."""

    list_display = ["name", "qualification"]
    search_fields = ["name"]
