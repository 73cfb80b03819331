"""Upload page of the ``stat-table`` import: a PX file or the long format, all or nothing with the reasons."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from mainstream.units.access import access_for

from .services import stat_table_import
from .tables import stat_table_file_read

MAX_UPLOAD = 200 * 1024 * 1024


@login_required
def table_upload(request):  # type: ignore[no-untyped-def]
    if not access_for(request.user).can_write_unit(None, tool="statistics"):
        raise PermissionDenied("統計表由主計處或性平辦匯入")
    context: dict = {}
    if request.method == "POST" and request.FILES.get("file"):
        uploaded = request.FILES["file"]
        if uploaded.size > MAX_UPLOAD:
            context["reasons"] = ["檔案超過 200 MB"]
        else:
            with tempfile.NamedTemporaryFile(suffix=Path(uploaded.name).suffix.lower()) as tmp:
                for chunk in uploaded.chunks():
                    tmp.write(chunk)
                tmp.flush()
                cube, reasons = stat_table_file_read(tmp.name, uploaded.name)
            if cube is None:
                context["reasons"] = reasons
            else:
                table, revision = stat_table_import(cube=cube, filename=uploaded.name, by=request.user)
                context.update(table=table, revision=revision, cells=len(cube.values))
        context["filename"] = uploaded.name
    return render(request, "statistics/table_upload.html", context, status=400 if context.get("reasons") else 200)
