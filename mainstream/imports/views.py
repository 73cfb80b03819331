"""Imports in the web UI: one page per kind with its templates and an upload form."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from mainstream.units.access import require_writer

from .schema import discover_kinds
from .services import import_file
from .template_files import FORMATS, template_build

MAX_UPLOAD = 200 * 1024 * 1024


@login_required
def index(request):  # type: ignore[no-untyped-def]
    kinds = sorted(discover_kinds().values(), key=lambda k: k.title)
    return render(request, "imports/index.html", {"kinds": kinds})


def _kind(name: str):  # type: ignore[no-untyped-def]
    kinds = discover_kinds()
    if name not in kinds:
        raise Http404("沒有這種匯入")
    return kinds[name]


@login_required
def template(request, kind: str, fmt: str):  # type: ignore[no-untyped-def]
    spec = _kind(kind)
    if fmt not in FORMATS:
        raise Http404("不支援的格式")
    response = HttpResponse(template_build(spec, fmt), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename=\"{kind}.{fmt}\"; filename*=UTF-8''{kind}.{fmt}"
    return response


@login_required
def upload(request, kind: str):  # type: ignore[no-untyped-def]
    spec = _kind(kind)
    if spec.upload_url:  # a kind with its own runner (e.g. a million training rows) imports as a background job
        return redirect(spec.upload_url)
    result = None
    if request.method == "POST":
        require_writer(request.user)  # before the upload is read or stored
    if request.method == "POST" and request.FILES.get("file"):
        uploaded = request.FILES["file"]
        suffix = Path(uploaded.name).suffix.lower()
        if uploaded.size > MAX_UPLOAD:
            return render(request, "imports/upload.html", {"kind": spec, "too_big": True}, status=400)
        with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            for chunk in uploaded.chunks():
                tmp.write(chunk)
            tmp.flush()
            result = import_file(
                kind=spec,
                path=tmp.name,
                by=request.user,
                filename=uploaded.name,
                dry_run=bool(request.POST.get("dry_run")),
            )
    status = 400 if result is not None and not result.ok else 200
    return render(request, "imports/upload.html", {"kind": spec, "result": result}, status=status)


# -- every import's summary, and undo (issue 16, item 4) ------------------------------------------
@login_required
def runs(request):  # type: ignore[no-untyped-def]
    from mainstream.listing import listing_of

    from .services import import_run_list

    kinds = {k.name: k.title for k in discover_kinds().values()}
    kind = request.GET.get("kind", "")
    listing = listing_of(
        request, import_run_list(request.user, kind=kind if kind in kinds else ""), sort="-started", per_page=50
    )
    return render(request, "imports/runs.html", {"listing": listing, "kinds": sorted(kinds.items()), "kind": kind})


@login_required
def run(request, pk: int):  # type: ignore[no-untyped-def]
    from django.contrib import messages

    from mainstream.units.access import access_for

    from .services import UndoRefused, import_run_get, import_undo

    found = import_run_get(request.user, pk)
    if request.method == "POST":
        try:
            import_undo(run=found, reason=request.POST.get("reason", ""), by=request.user)
        except UndoRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已撤銷此次匯入")
        return redirect("imports:run", pk=pk)
    kinds = {k.name: k.title for k in discover_kinds().values()}
    return render(
        request,
        "imports/run.html",
        {
            "run": found,
            "kind_title": kinds.get(found.kind, found.kind),
            "can_undo": access_for(request.user).is_admin and found.undone_at is None and found.status == "done",
        },
    )
