"""Template context: the navigation a user sees follows their access."""

from __future__ import annotations

from mainstream.plan.selectors import plan_in_force_default

from .access import access_for


def navigation(request):  # type: ignore[no-untyped-def]
    user = getattr(request, "user", None)
    access = access_for(user)
    unread = 0
    if access.is_authenticated and not access.read_all:  # liaisons see the circle's notices on every page
        from mainstream.mechanism.selectors import notices_unread

        unread = len(notices_unread(user))
    return {"access": access, "plan": plan_in_force_default(), "unread_notices": unread}
