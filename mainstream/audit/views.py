from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .selectors import audit_list


@login_required
def history(request):  # type: ignore[no-untyped-def]
    """Who changed what, when: scoped to the units the user may see."""
    unit_id = request.GET.get("unit")
    events = audit_list(
        request.user,
        unit_id=int(unit_id) if unit_id and unit_id.isdigit() else None,
        target_type=request.GET.get("type", ""),
        target_id=request.GET.get("id", ""),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/history.html", {"page": page})
