"""Template context: the navigation a user sees follows their access."""

from __future__ import annotations

from mainstream.plan.loader import current_plan

from .access import access_for


def navigation(request):  # type: ignore[no-untyped-def]
    access = access_for(getattr(request, "user", None))
    return {"access": access, "plan": current_plan()}
