"""The help page: one view adapting the request to ``help_get``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import help_get


@login_required
def help_page(request):  # type: ignore[no-untyped-def]
    return render(request, "help/help.html", {"page": help_get(request.user)})
