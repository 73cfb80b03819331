"""Staleness marks (issue 13): every committed write to a tool's records moves that tool's mark on, inside the
write's own transaction, so a stored finding set computed before the write can never be served after it commits.

Marks come from three places, so that every kind of write is covered:
- ``post_save``/``post_delete``/``m2m_changed`` of any model of a tool's app (services, imports through the ORM,
  admin edits) — wired in ``apps.EvaluationConfig.ready``; this records *that* data changed, it holds no rule;
- ``audit.services.audit_record`` (bulk writes that bypass model signals are audited);
- ``findings_mark_stale`` called directly by raw-SQL writers.

Writes to the registry (``units``) or the stored plans (``plan``) change every tool's context: they mark all tools.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import F
from django.utils import timezone

ALL = "*"
EVERY_TOOL_APPS = frozenset({"units", "plan"})
IGNORED_MODELS = frozenset({"training.importjob", "reports.documentjob"})  # jobs, not records a rule reads


_TOOLS: set[str] = set()


def tools_with_rules() -> set[str]:
    if not _TOOLS:
        from .engine import discover_rules

        _TOOLS.update(r.tool for r in discover_rules().values())
    return _TOOLS


def tools_of_label(label: str) -> set[str]:
    """The tools a write to ``app_label`` or ``app_label.model`` makes stale."""
    app = label.split(".", 1)[0]
    if label.lower() in IGNORED_MODELS:
        return set()
    if app in EVERY_TOOL_APPS:
        return {ALL}
    return {app} & tools_with_rules()


def findings_mark_stale(*, tools: Iterable[str]) -> None:
    """Move the marks of ``tools`` on (``"*"``: every tool). Call inside the write's transaction."""
    from .models import ToolMark

    wanted = set(tools)
    if not wanted:
        return
    if ALL in wanted:
        wanted = tools_with_rules()
    now = timezone.now()
    for tool in sorted(wanted):
        if not ToolMark.objects.filter(tool=tool).update(version=F("version") + 1, changed=now):
            mark, created = ToolMark.objects.get_or_create(tool=tool, defaults={"version": 1, "changed": now})
            if not created:
                ToolMark.objects.filter(tool=tool).update(version=F("version") + 1, changed=now)


def tool_versions() -> dict[str, int]:
    from .models import ToolMark

    return dict(ToolMark.objects.values_list("tool", "version"))


def _on_write(sender: type[models.Model], **kwargs: object) -> None:
    if kwargs.get("action") not in (None, "post_add", "post_remove", "post_clear"):
        return  # m2m_changed fires pre_* too
    tools = tools_of_label(sender._meta.label_lower)
    if tools:
        findings_mark_stale(tools=tools)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_on_write, dispatch_uid="evaluation-stale-save")
    post_delete.connect(_on_write, dispatch_uid="evaluation-stale-delete")
    m2m_changed.connect(_on_write, dispatch_uid="evaluation-stale-m2m")
