"""Pages of the publicity checklist. Each view adapts the request to one service or selector."""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mainstream.files import file_response
from mainstream.roc import parse_date
from mainstream.units.access import access_for, units_visible_to

from . import selectors, services
from .documents import text_extract
from .model import shipped_model
from .models import ChecklistAnswer, ChecklistVersion, CorrectionRequest, EscalationStep, LexiconEntry, Publication
from .reader import DECISIONS, KIND_LABELS, Finding

MAX_TEXT = 200_000


def _error(request: HttpRequest, exc: Exception) -> None:
    text = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, text)


def _date(value: str, default: date | None = None) -> date:
    if not value.strip():
        if default is None:
            raise ValidationError("請填寫日期")
        return default
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc


def highlighted(text: str, findings: list[Finding]) -> list[dict]:
    """The text cut into pieces; a piece with ``n`` is finding number ``n`` (1-based) shown in place."""
    pieces: list[dict] = []
    at = 0
    for n, f in enumerate(findings, start=1):
        if f.start > at:
            pieces.append({"text": text[at : f.start]})
        pieces.append({"text": text[f.start : f.end], "n": n, "finding": f})
        at = f.end
    if at < len(text):
        pieces.append({"text": text[at:]})
    return pieces


def _as_findings(raw: list[dict]) -> list[Finding]:
    return [Finding(**{k: v for k, v in d.items() if k != "line"}) for d in raw]


def _writable_units(user):  # type: ignore[no-untyped-def]
    access = access_for(user)
    return [u for u in units_visible_to(user) if access.can_write_unit(u.id, services.TOOL)]


# ---------------------------------------------------------------------------------------------- reader


@login_required
def read(request: HttpRequest) -> HttpResponse:
    """Paste text or upload a file (TXT, DOCX, ODT): the findings highlighted in place and listed as text."""
    text = ""
    findings: list[Finding] | None = None
    advice: list[Finding] = []
    if request.method == "POST":
        text = request.POST.get("text", "")[:MAX_TEXT]
        upload = request.FILES.get("file")
        try:
            if upload is not None:
                text = text_extract(upload.name, upload.read())
            found = selectors.current_reader().read(text, advice=True)
            findings = [f for f in found if f.decision == "flagged"]
            advice = [f for f in found if f.decision != "flagged"]
            model = shipped_model()
            if model is not None:  # the model's signals of a kind the rules did not find there (issue 12 §2, ADR 14)
                advice += model.beside(text, found)
        except ValidationError as exc:
            _error(request, exc)
    return render(
        request,
        "publicity/read.html",
        {
            "text": text,
            "findings": findings,
            "advice": advice,
            "pieces": highlighted(text, findings or []),
        },
    )


@csrf_exempt  # reads only; changes nothing
@login_required
def api_check(request: HttpRequest) -> JsonResponse:
    """POST text (a JSON body {"text": "...", "per_line": false}; a form, urlencoded or multipart, with a field ``text``
    or an uploaded ``file``; or text/plain); any other body is refused with 400 and a message. Returns
    the findings as one JSON array of {start, end, text, kind, item, explanation, suggestions[, line]}."""
    if request.method != "POST":
        return JsonResponse({"error": "請以 POST 傳送文字"}, status=405)
    per_line = request.GET.get("per_line") in ("1", "true")
    content_type = request.content_type or ""
    if content_type == "application/json":
        try:
            body = json.loads(request.body.decode("utf-8") or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError):
            return JsonResponse({"error": "JSON 格式有誤"}, status=400)
        if not isinstance(body, dict):
            return JsonResponse({"error": 'JSON 須為物件，例如 {"text": "…"}'}, status=400)
        text = str(body.get("text", ""))
        per_line = per_line or bool(body.get("per_line"))
    elif content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        # the form parse has consumed the body: read only request.POST / request.FILES from here on
        upload = request.FILES.get("file")
        per_line = per_line or request.POST.get("per_line") in ("1", "true")
        if upload is not None:
            try:
                text = text_extract(upload.name or "", upload.read())
            except ValidationError as exc:
                return JsonResponse({"error": "；".join(exc.messages)}, status=400)
        elif "text" in request.POST:
            text = request.POST["text"]
        else:
            return JsonResponse({"error": "表單須有欄位 text（文字）或 file（TXT、DOCX、ODT 檔）"}, status=400)
    elif content_type == "text/plain":
        try:
            text = request.body.decode(request.encoding or "utf-8")
        except (UnicodeDecodeError, LookupError):
            return JsonResponse({"error": "純文字須為 UTF-8 編碼"}, status=400)
    else:
        return JsonResponse(
            {
                "error": '請以 application/json（{"text": "…"}）、表單（multipart/form-data 或 '
                "application/x-www-form-urlencoded，欄位 text 或 file）或 text/plain 傳送文字"
            },
            status=400,
        )
    if len(text) > MAX_TEXT:
        return JsonResponse({"error": f"文字超過 {MAX_TEXT} 字"}, status=413)
    reader = selectors.current_reader()
    findings = reader.read_lines(text) if per_line else reader.read(text)
    return JsonResponse([f.as_dict() for f in findings], safe=False, json_dumps_params={"ensure_ascii": False})


# ---------------------------------------------------------------------------------------------- publications


@login_required
def index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    publications = selectors.publication_list(request.user, status=status)
    return render(
        request,
        "publicity/index.html",
        {
            "publications": publications,
            "statuses": Publication.Status.choices,
            "status": status,
            "can_create": bool(_writable_units(request.user)),
        },
    )


@login_required
def publication_new(request: HttpRequest) -> HttpResponse:
    units = _writable_units(request.user)
    if not units:
        raise PermissionDenied("您沒有新增的權限")
    if request.method == "POST":
        try:
            unit = next((u for u in units if str(u.id) == request.POST.get("unit")), None)
            if unit is None:
                raise ValidationError("請選擇機關")
            planned = request.POST.get("planned_release", "")
            publication = services.publication_create(
                data=services.PublicationData(
                    unit=unit,
                    type=request.POST.get("type", ""),
                    title=request.POST.get("title", ""),
                    text=request.POST.get("text", "")[:MAX_TEXT],
                    planned_release=_date(planned) if planned.strip() else None,
                ),
                file=request.FILES.get("file"),
                by=request.user,
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, f"已建立草稿，系統初檢發現 {len(publication.findings)} 處需注意的用語")
            return redirect("publicity:detail", pk=publication.pk)
    return render(
        request, "publicity/new.html", {"units": units, "types": Publication.Type.choices, "form": request.POST}
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = selectors.publication_get(request.user, pk)
    access = access_for(request.user)
    findings = _as_findings(publication.findings)
    answers = {a.item_id: a for a in publication.answers.all()}
    suggested = services.suggested_answers(publication)
    flagged = {f.item for f in findings}
    items = []
    for item in publication.checklist_version.items.all() if publication.checklist_version else []:
        answer = answers.get(item.id)
        items.append(
            {
                "item": item,
                "answer": answer.answer if answer else suggested.get(item.code, ""),
                "note": answer.note if answer else "",
                "flagged": item.code in flagged,
            }
        )
    steps = list(publication.escalations.all())
    next_level = None
    if not steps:
        next_level = EscalationStep.Level.LIAISON
    elif not steps[-1].is_open:
        levels = services.LEVELS
        next_level = levels[min(levels.index(EscalationStep.Level(steps[-1].level)) + 1, len(levels) - 1)]
    return render(
        request,
        "publicity/detail.html",
        {
            "p": publication,
            "findings": findings,
            "pieces": highlighted(publication.text, findings),
            "items": items,
            "answer_choices": ChecklistAnswer.Answer.choices,
            "steps": steps,
            "open_step": steps[-1] if steps and steps[-1].is_open else None,
            "next_level": EscalationStep.Level(next_level) if next_level else None,
            "can_write": access.can_write_unit(publication.unit_id, services.TOOL),
            "editable": access.can_write_unit(publication.unit_id, services.TOOL)
            and publication.status in (Publication.Status.DRAFT, Publication.Status.CHECKED),
            "is_admin": access.is_admin,
            "is_author": publication.author_id == request.user.pk,
            "is_superior": publication.superior_id is not None and publication.superior_id == request.user.pk,
            "superior_choices": services.superior_choices(publication),
            "corrections": publication.corrections.all(),
            "levels": EscalationStep.Level.choices,
            "outcomes": CorrectionRequest.Outcome.choices,
            "S": Publication.Status,
        },
    )


@login_required
@require_POST
def publication_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One service per action: revise, check, confirm, release, ask, answer, correction, outcome."""
    publication = selectors.publication_get(request.user, pk)
    post, by = request.POST, request.user
    try:
        if action == "revise":
            services.publication_revise(publication=publication, text=post.get("text", "")[:MAX_TEXT], by=by)
            done = "已修改草稿並重新檢視，請重新填寫檢核表"
        elif action == "check":
            answers = {
                item.code: (post.get(f"answer-{item.code}", ""), post.get(f"note-{item.code}", ""))
                for item in publication.checklist_version.items.all()  # type: ignore[union-attr]
            }
            choices = {str(u.pk): u for u in services.superior_choices(publication)}
            services.publication_check(
                publication=publication, answers=answers, superior=choices.get(post.get("superior", "")), by=by
            )
            done = "已完成自行檢核，待直屬長官確認"
        elif action == "confirm":
            services.publication_confirm(publication=publication, by=by)
            done = "直屬長官已確認"
        elif action == "confirm_override":
            services.publication_confirm_override(publication=publication, reason=post.get("reason", ""), by=by)
            done = "性平辦已敘明理由代為確認"
        elif action == "release":
            services.publication_release(
                publication=publication, released_on=_date(post.get("released_on", ""), date.today()), by=by
            )
            done = "已標示為發佈"
        elif action == "ask":
            services.escalation_ask(
                publication=publication,
                level=post.get("level", ""),
                question=post.get("question", ""),
                asked_on=_date(post.get("asked_on", ""), date.today()),
                by=by,
            )
            done = "已記錄諮詢"
        elif action == "answer":
            step = get_object_or_404(EscalationStep, pk=post.get("step"), publication=publication)
            services.escalation_answer(
                step=step,
                adviser=post.get("adviser", ""),
                opinion=post.get("opinion", ""),
                change_made=post.get("change_made", ""),
                answered_on=_date(post.get("answered_on", ""), date.today()),
                by=by,
            )
            done = "已記錄諮詢意見及修正情形"
        elif action == "correction":
            services.correction_request(
                publication=publication,
                requested_by=post.get("requested_by", ""),
                requested_on=_date(post.get("requested_on", ""), date.today()),
                request=post.get("request", ""),
                by=by,
            )
            done = "已記錄修正要求"
        elif action == "outcome":
            correction = get_object_or_404(CorrectionRequest, pk=post.get("correction"), publication=publication)
            services.correction_outcome(
                correction=correction,
                outcome=post.get("outcome", ""),
                decided_on=_date(post.get("decided_on", ""), date.today()),
                note=post.get("note", ""),
                wrpc_improper=post.get("wrpc_improper") == "on",
                by=by,
            )
            done = "已記錄修正結果"
        else:
            raise ValidationError("不明的動作")
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, done)
    return redirect("publicity:detail", pk=publication.pk)


@login_required
def publication_file(request: HttpRequest, pk: int) -> HttpResponse:
    publication = selectors.publication_get(request.user, pk)
    return file_response(publication.file)


# ---------------------------------------------------------------------------------------------- lexicon


def _words(raw: str) -> list[str]:
    return [w.strip() for w in raw.replace("，", "、").replace(",", "、").replace("\n", "、").split("、") if w.strip()]


def _lexicon_data(post) -> services.LexiconData:  # type: ignore[no-untyped-def]
    def words(name: str) -> list[str]:
        return [w.strip() for w in post.get(name, "").replace("，", "、").replace(",", "、").split("、") if w.strip()]

    try:
        window = int(post.get("window") or 8)
    except ValueError as exc:
        raise ValidationError("鄰近字數須為數字") from exc
    return services.LexiconData(
        term=post.get("term", "").strip(),
        kind=post.get("kind", ""),
        item=post.get("item", "").strip(),
        explanation=post.get("explanation", "").strip(),
        suggestions=words("suggestions"),
        is_pattern=post.get("is_pattern") == "on",
        require_any=words("require_any"),
        exclude_any=words("exclude_any"),
        window=window,
        category=post.get("category", "").strip(),
        active=post.get("active") == "on" if "active_present" in post else True,
        decision=post.get("decision") or "flagged",
        decision_reason=post.get("decision_reason", "").strip(),
    )


@login_required
def lexicon(request: HttpRequest) -> HttpResponse:
    """The lexicon: everyone reads it; the office adds entries here (the next reading uses them)."""
    if request.method == "POST" and request.POST.get("word_class"):
        name = request.POST["word_class"]
        try:
            services.word_class_save(name=name, words=_words(request.POST.get("words", "")), by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, f"已修改詞類「{name}」")
            return redirect("publicity:lexicon")
    elif request.method == "POST":
        try:
            entry = services.lexicon_entry_save(data=_lexicon_data(request.POST), by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, f"已新增詞庫條目「{entry.term}」")
            return redirect("publicity:lexicon")
    kind = request.GET.get("kind") or None
    entries = selectors.lexicon_list(kind=kind, q=request.GET.get("q") or None)
    return render(
        request,
        "publicity/lexicon.html",
        {
            "entries": entries,
            "kinds": KIND_LABELS,
            "kind": kind,
            "q": request.GET.get("q", ""),
            "is_admin": access_for(request.user).is_admin,
            "items": selectors.checklist_current().items.all(),
            "form": request.POST if not request.POST.get("word_class") else None,
            "word_classes": selectors.word_class_list(),
            "frames": [(f, [KIND_LABELS.get(k, k) for k in f.kinds]) for f in selectors.stance_frame_list()],
            "frame_turns": selectors.stance_turn_list(),
            "decisions": DECISIONS,
        },
    )


@login_required
def lexicon_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(LexiconEntry, pk=pk)
    if not access_for(request.user).is_admin:
        raise PermissionDenied("僅性平辦管理者可修改詞庫")
    if request.method == "POST":
        try:
            services.lexicon_entry_save(data=_lexicon_data(request.POST), entry=entry, by=request.user)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, f"已修改詞庫條目「{entry.term}」")
            return redirect("publicity:lexicon")
    return render(
        request,
        "publicity/lexicon_edit.html",
        {
            "e": entry,
            "kinds": KIND_LABELS,
            "items": selectors.checklist_current().items.all(),
            "decisions": DECISIONS,
        },
    )


# ---------------------------------------------------------------------------------------------- checklist


@login_required
def checklist(request: HttpRequest) -> HttpResponse:
    """The checklist in force and its versions; the office issues a new version here."""
    current = selectors.checklist_current()
    if request.method == "POST":
        post = request.POST
        codes = post.getlist("code")
        items = [
            services.ItemData(code=c, group=g, text=t)
            for c, g, t in zip(codes, post.getlist("group"), post.getlist("text"), strict=False)
        ]
        try:
            version = services.checklist_revise(
                version_date=_date(post.get("version_date", "")),
                title=post.get("title", ""),
                note=post.get("note", ""),
                items=items,
                by=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, f"已訂定檢核表新版本（{len(version.items.all())} 項）")
            return redirect("publicity:checklist")
    return render(
        request,
        "publicity/checklist.html",
        {
            "current": current,
            "versions": ChecklistVersion.objects.all(),
            "is_admin": access_for(request.user).is_admin,
        },
    )
