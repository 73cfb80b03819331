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
