"""The office's plan pages: the stored plans and versions; upload a plan file, see what it changes, confirm.

Office administrators only (``units.access.require_admin``). The uploaded text waits in the session between the
diff and the confirmation; confirming stores exactly the text that was shown (checked by its checksum).
"""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mainstream.units.access import require_admin

from .diff import plan_diff
from .loader import PlanError, plan_warnings
from .selectors import YearNotCovered, plan_in_force, plan_of, plan_version_get, plan_version_list
from .services import plan_add, plan_validate

SESSION_KEY = "plan_upload"
MAX_SIZE = 2 * 1024 * 1024


@login_required
def index(request):  # type: ignore[no-untyped-def]
    require_admin(request.user)
    return render(request, "plan/index.html", {"versions": plan_version_list()})


@login_required
def upload(request):  # type: ignore[no-untyped-def]
    """Validate an uploaded plan file and show what it would change (nothing is stored yet)."""
    require_admin(request.user)
    context = dict(versions=plan_version_list())
    if request.method != "POST":
        return render(request, "plan/upload.html", context)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        context["error"] = "請選擇計畫檔（YAML）"
        return render(request, "plan/upload.html", context, status=400)
    if uploaded.size > MAX_SIZE:
        context["error"] = "計畫檔過大（上限 2 MB）"
        return render(request, "plan/upload.html", context, status=400)
    try:
        text = uploaded.read().decode("utf-8")
    except UnicodeDecodeError:
        context["error"] = f"{uploaded.name}：不是 UTF-8 文字檔"
        return render(request, "plan/upload.html", context, status=400)
    try:
        plan, version = plan_validate(text=text, source=uploaded.name)
    except PlanError as exc:
        context["error"] = str(exc)
        return render(request, "plan/upload.html", context, status=400)
    before = plan_version_get(plan.id)
    try:
        earlier = plan_of(before) if before is not None else plan_in_force(plan.in_force_from - 1)
    except YearNotCovered:
        earlier = None
    request.session[SESSION_KEY] = {
        "name": uploaded.name,
        "text": text,
        "sha": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    context.update(
        {
            "plan": plan,
            "version": version,
            "earlier": earlier,
            "changes": plan_diff(earlier, plan) if earlier is not None else [],
            "warnings": plan_warnings(text, uploaded.name),
            "sha": request.session[SESSION_KEY]["sha"],
        }
    )
    return render(request, "plan/upload.html", context)


@login_required
@require_POST
def confirm(request):  # type: ignore[no-untyped-def]
    """Store the file shown on the diff page (audited)."""
    require_admin(request.user)
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("sha") != request.POST.get("sha"):
        messages.error(request, "找不到待確認的計畫檔，請重新上傳")
        return redirect("plan:upload")
    try:
        row = plan_add(text=pending["text"], source=pending["name"], by=request.user)
    except PlanError as exc:
        messages.error(request, str(exc))
        return redirect("plan:upload")
    del request.session[SESSION_KEY]
    messages.success(
        request,
        f"已加入計畫 {row.plan_id} 第 {row.version} 版（{row.start}–{row.end} 年，自 {row.effective_from} 年起適用）",
    )
    return redirect("plan:index")


@login_required
def coverage(request):  # type: ignore[no-untyped-def]
    """Every obligation of the plan and what covers it (issue 11). The plan is public: any signed-in user reads it."""
    from django.http import Http404

    from .coverage import CHAPTERS, KIND_LABELS, KINDS, CoverageError, coverage_load

    try:
        cov = coverage_load(request.GET.get("plan") or None)
    except CoverageError as exc:
        raise Http404(str(exc)) from exc
    kind = request.GET.get("kind", "")
    kind = kind if kind in KINDS else ""
    chapter = request.GET.get("chapter", "")
    chapter = chapter if chapter in CHAPTERS else ""
    from django.urls import reverse

    scorecard = reverse("evaluation:scorecard")
    shown = [
        (o, [(r, f"{scorecard}?tool={r.split('.', 1)[0]}") for r in o.rules])
        for o in cov.obligations
        if (not kind or o.kind == kind) and (not chapter or o.chapter == chapter)
    ]
    return render(
        request,
        "plan/coverage.html",
        {
            "cov": cov,
            "shown": shown,
            "kind": kind,
            "chapter": chapter,
            "kinds": [(k, KIND_LABELS[k]) for k in KINDS],
            "chapters": [c for c in CHAPTERS if any(o.chapter == c for o in cov.obligations)],
            "counts": [(KIND_LABELS[k], n) for k, n in cov.counts().items()],
        },
    )


@login_required
def interpretations(request):  # type: ignore[no-untyped-def]
    """docs/interpretations.md as a page: each choice the plan leaves open, with its anchor and the obligations it
    bears on. The text is escaped; only `code` spans become ``<code>``."""
    import re

    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from .coverage import coverage_load, interpretations_load

    used: dict[str, list[str]] = {}
    for o in coverage_load().obligations:
        if o.interpretation:
            used.setdefault(o.interpretation, []).append(o.id)

    def code(text: str) -> str:
        return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))

    rows = [
        {
            "anchor": i.anchor,
            "clause": i.clause,
            "subject": code(i.subject),
            "question": code(i.question),
            "choice": code(i.choice),
            "where": code(i.where),
            "obligations": used.get(i.anchor, []),
        }
        for i in interpretations_load()
    ]
    return render(request, "plan/interpretations.html", {"rows": rows})
