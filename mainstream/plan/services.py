"""Writes of the stored plans: add a plan file (a new plan, or a new version of one), audited."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from django.db import transaction

from mainstream.audit.services import audit_record
from mainstream.units.access import require_admin

from .loader import PlanError, parse_plan
from .model import Plan
from .models import PlanVersion
from .selectors import bundled_source, plan_version_rows


def plan_validate(*, text: str, source: str, bundled: bool = False) -> tuple[Plan, int]:
    """Parse ``text`` and check it against the stored plans; (plan, the version it would get). Raises PlanError.

    ``bundled``: the file shipped with the code (a new release may correct it): a new version of it without
    ``effective_from`` replaces the earlier one for its whole period."""
    plan = parse_plan(text, source=source)

    def at(key: str) -> str:
        """'file:LINE' of the first `key:` in the file's head (line 1 if absent)."""
        found = re.search(rf"^[ \t]*{key}:", text, re.MULTILINE)
        return f"{source}:{text[: found.start()].count(chr(10)) + 1 if found else 1}"

    _check_against_code(plan, source, text)
    rows = plan_version_rows()
    same = [r for r in rows if r.plan_id == plan.id]
    if same and not bundled:
        if not plan.effective_from:
            raise PlanError(
                f"{at('plan')}: plan.effective_from: 計畫 {plan.id} 已有第 {same[-1].version} 版；"
                "新版本須以 plan.effective_from 寫明自哪一年起適用（之前的年度仍依舊版）"
            )
    for row in rows:
        if row.plan_id == plan.id or row.plan_id == plan.amends:
            continue
        if plan.start <= row.end and row.start <= plan.end:
            raise PlanError(
                f"{at('period')}: plan.period: 期間 {plan.period} 與計畫 {row.plan_id}（{row.period}）重疊；"
                f"若本計畫修正該計畫，請以 plan.amends: {row.plan_id} 註明"
            )
    if plan.amends and plan.amends not in {r.plan_id for r in rows}:
        raise PlanError(f"{at('amends')}: plan.amends: 查無計畫 '{plan.amends}'")
    return plan, (same[-1].version + 1 if same else 1)


def _check_against_code(plan: Plan, source: str, text: str = "") -> None:
    """Each duty the file shares with the bundled file (which the code is tested against) declares every parameter
    the code reads; a file copied from an older release may lack one."""
    from .loader import bundled_plan

    code = bundled_plan()
    for duty_id, duty in plan.duties.items():
        known = code.duties.get(duty_id)
        missing = [name for name in (known.params if known else {}) if name not in duty.params]
        if missing:
            found = re.search(rf"^[ \t]*{re.escape(duty_id)}:", text, re.MULTILINE)
            line = f":{text[: found.start()].count(chr(10)) + 1}" if found else ""
            raise PlanError(
                f"{source}{line}: duties.{duty_id}.params: 缺少參數 {', '.join(missing)}"
                "（系統依此參數考核；請自系統隨附之計畫檔複製）"
            )
    if code.staff_categories and not plan.staff_categories:
        raise PlanError(f"{source}: staff_categories: 缺少人員類別（請自系統隨附之計畫檔複製）")


@transaction.atomic
def plan_add(*, text: str, source: str, by=None, bundled: bool = False) -> PlanVersion:  # type: ignore[no-untyped-def]
    """Store a plan file: a new id is a new plan, the same id a new version effective from the year the file says.

    Validates first (errors name line and field; nothing is stored). The same file twice changes nothing.
    While no plan is stored, the bundled 109–112 file is stored first, so that adding a successor keeps it."""
    require_admin(by)
    if not PlanVersion.objects.exists():
        bundled_name, bundled_text = bundled_source()
        if text != bundled_text:
            plan_add(text=bundled_text, source=bundled_name, by=by, bundled=True)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = PlanVersion.objects.filter(sha256=sha).order_by("-pk").first()
    if existing is not None:  # the same file again changes nothing
        return existing
    plan, version = plan_validate(text=text, source=source, bundled=bundled)
    row = PlanVersion.objects.create(
        plan_id=plan.id,
        version=version,
        title=plan.title,
        start=plan.start,
        end=plan.end,
        effective_from=plan.in_force_from,
        amends=plan.amends or "",
        source=source,
        text=text,
        sha256=sha,
        added_by=by if getattr(by, "pk", None) else None,
    )
    from mainstream.units.services import registry_sync

    registry_sync(plan=replace(plan, version=version), by=by)  # its units, and their groups for the years it judges
    _derived_sync()
    audit_record(
        by=by,
        action="plan.add",
        obj=row,
        summary=f"加入計畫 {plan.id} 第 {version} 版（{plan.period} 年，自 {plan.in_force_from} 年起適用）",
        changes={"source": [None, source], "sha256": [None, sha]},
    )
    return row


def _derived_sync() -> None:
    """What apps derive from the plans (``<app>/setup.py`` ``setup_load()``, e.g. the task forces), as setup does."""
    from mainstream.units.management.commands.setup import _app_modules

    for _config, module in _app_modules("setup"):
        module.setup_load()


def plan_bundled_load(*, by=None) -> PlanVersion:  # type: ignore[no-untyped-def]
    """`mainstream setup`: store the bundled plan file (nothing happens if it is stored already)."""
    name, text = bundled_source()
    return plan_add(text=text, source=name, by=by, bundled=True)
