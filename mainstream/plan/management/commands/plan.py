"""``mainstream plan show|check|add|list|diff|coverage``: the duties table per group; check, store, list and compare plan
files; what covers each obligation of the plan."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mainstream import roc
from mainstream.plan.diff import plan_diff
from mainstream.plan.loader import PlanError, bundled_plan, load_plan, plan_warnings
from mainstream.plan.model import Plan
from mainstream.plan.selectors import (
    YearNotCovered,
    plan_in_force,
    plan_of,
    plan_version_get,
    plan_version_list,
    plan_version_rows,
    plan_year_default,
)
from mainstream.plan.services import plan_add


def _fmt(value) -> str:  # type: ignore[no-untyped-def]
    if value is None:
        return "—"
    if value is True:
        return "是"
    if value is False:
        return "否"
    if isinstance(value, dict):
        if set(value) == {"numerator", "denominator"}:
            return f"{value['numerator']}/{value['denominator']}"
        return "，".join(f"{k}:{_fmt(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(_fmt(v) for v in value)
    return str(value)


def _pad(text: str, width: int) -> str:
    """Pad to a width in terminal columns (CJK characters take two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 0)


def duties_table(plan: Plan, year: int) -> list[str]:
    """One block per group: its units, then each duty with its clause and parameters."""
    lines = [f"{plan.title}", f"應辦事項一覽表（{year} 年適用之參數）", ""]
    for code, group in plan.groups.items():
        units = "、".join(group.units)
        lead = plan.default_lead_unit(code, year)
        lines.append(f"【{group.name}】{units}" + (f"（{year} 年主責機關：{lead}）" if lead else ""))
        for duty in plan.duties.values():
            subject = duty.subject_for(code)
            window = duty.window_for(code)
            values = []
            for name, param in duty.params.items():
                dated = param.at(code, year)
                if dated is not None:
                    values.append(f"{name}={_fmt(dated.value)}")
            scope = {"unit": "每機關", "taskforce": "每性平小組", "group": "整組", "government": "全府"}[subject]
            span = f"每 {window} 年" if window > 1 else "每年"
            lines.append(f"  {duty.id:<40} {duty.clause_for(code):<18} {scope}{span}  {duty.title}")
            if values:
                lines.append(f"  {'':<40} {'':<18} {'；'.join(values)}")
        lines.append("")
    special = [u for u in plan.units.values() if u.duties is not None]
    for u in special:
        lines.append(f"【{u.short}】（{u.clause}，附屬於{u.attached_to}）僅須辦理：{'、'.join(u.duties or ())}")
    return lines


class Command(BaseCommand):
    help = (
        "計畫：show 應辦事項一覽表；check FILE 檢查計畫檔；add FILE 加入計畫（或新版本）；list 已載入之計畫及版本；"
        "diff A B 比較兩個計畫或版本（例如 109-112 113-116、109-112@1 109-112@2，或計畫檔路徑）"
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("action", choices=["show", "check", "add", "list", "diff", "coverage"])
        parser.add_argument("file", nargs="*", help="計畫檔（check、add）或兩個計畫／版本（diff）")
        parser.add_argument("--year", default=None, help="參數適用年度（預設為計畫首年）")
        parser.add_argument("--user", default=None, help="加入者帳號（add；預設為系統）")
        parser.add_argument("--plan", default=None, help="計畫代碼（coverage；預設為隨程式附的計畫）")
        parser.add_argument("--format", default="table", choices=["table", "json"], help="輸出格式（coverage）")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        action, files = options["action"], options["file"]
        try:
            if action == "add":
                return self._add(files, options["user"])
            if action == "list":
                return self._list()
            if action == "diff":
                return self._diff(files)
            if action == "coverage":
                return self._coverage(options["plan"], options["format"])
            return self._show_or_check(action, files, options["year"])
        except PlanError as exc:
            raise CommandError(str(exc), returncode=2 if isinstance(exc, YearNotCovered) else 1) from exc

    def _show_or_check(self, action: str, files: list[str], year_text: str | None) -> None:
        from mainstream.roc import parse_year

        if action == "check" and len(files) != 1:
            raise CommandError("用法：mainstream plan check FILE")
        if files:
            plan = load_plan(files[0])
            for warning in plan_warnings(Path(files[0]).read_text(encoding="utf-8"), plan.source):
                self.stderr.write(f"注意：{warning}")
        else:
            plan = plan_in_force(parse_year(year_text) if year_text else plan_year_default())
        if action == "check":
            self.stdout.write(f"{plan.source}：正確（{len(plan.duties)} 項應辦事項、{len(plan.units)} 個執行辦理單位）")
            return
        year = parse_year(year_text) if year_text else plan.in_force_from
        self.stdout.write("\n".join(duties_table(plan, year)))

    def _add(self, files: list[str], username: str | None) -> None:
        if len(files) != 1:
            raise CommandError("用法：mainstream plan add FILE")
        by = None
        if username:
            from django.contrib.auth import get_user_model

            by = get_user_model().objects.filter(username=username).first()
            if by is None:
                raise CommandError(f"查無使用者「{username}」")
        path = Path(files[0])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: 無法讀取計畫檔：{exc}") from exc
        for warning in plan_warnings(text, path.name):
            self.stderr.write(f"注意：{warning}")
        before = {r.pk for r in plan_version_rows()}
        row = plan_add(text=text, source=path.name, by=by)
        if row.pk in before:
            self.stdout.write(f"{row.ref} 已載入相同內容，未變更")
            return
        self.stdout.write(
            f"已加入計畫 {row.plan_id} 第 {row.version} 版：{row.title}（{row.start}–{row.end} 年，"
            f"自 {row.effective_from} 年起適用）"
        )

    def _list(self) -> None:
        rows = plan_version_list()
        if not rows:
            plan = bundled_plan()
            self.stdout.write(f"（尚未載入計畫；依隨附計畫檔）{plan.id}\t{plan.period}\t{plan.title}")
            return
        current = None
        for row in rows:
            if row.plan_id != current:
                current = row.plan_id
                amends = f"（修正 {row.amends}）" if row.amends else ""
                self.stdout.write(f"{row.plan_id}\t{row.title}{amends}")
            added = f"{roc.format_date(timezone.localtime(row.added_at))} {row.added_by}" if row.added_at else ""
            self.stdout.write(f"  第 {row.version} 版\t{row.period} 年\t自 {row.effective_from} 年起適用\t{added} 加入")

    def _diff(self, refs: list[str]) -> None:
        if len(refs) != 2:
            raise CommandError("用法：mainstream plan diff A B（計畫代碼、代碼@版次或計畫檔路徑）")
        a, b = (self._resolve(ref) for ref in refs)
        changes = plan_diff(a, b)
        self.stdout.write(f"{a.label}（{a.period}）→ {b.label}（{b.period}）：{len(changes)} 項差異")
        for change in changes:
            self.stdout.write(change.line())

    def _coverage(self, plan_id: str, fmt: str) -> None:
        import json

        from mainstream.plan.coverage import KIND_LABELS, CoverageError, coverage_load

        try:
            cov = coverage_load(plan_id)
        except CoverageError as exc:
            raise CommandError(str(exc)) from exc
        counts = cov.counts()
        if fmt == "json":
            payload = {
                "plan": cov.plan,
                "version": cov.version,
                "obligations": [o.as_json() for o in cov.obligations],
                "summary": {**counts, "total": len(cov.obligations)},
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"計畫 {cov.plan} 應辦義務與判定方式（{len(cov.obligations)} 項）")
        for o in cov.obligations:
            covered = "、".join(o.rules + o.records) or "—"
            self.stdout.write(f"{o.id:<34} {_pad(o.clause, 22)} {_pad(KIND_LABELS[o.kind], 12)} {covered}")
            self.stdout.write(f"{'':<34} 「{o.quote}」（{'、'.join(o.bound)}）")
            if o.note:
                self.stdout.write(f"{'':<34} {o.note}")
            if o.interpretation:
                self.stdout.write(f"{'':<34} 解釋：docs/interpretations.md#{o.interpretation}")
        summary = "、".join(f"{KIND_LABELS[k]} {n} 項" for k, n in counts.items())
        self.stdout.write(f"合計：{summary}，共 {len(cov.obligations)} 項")

    def _resolve(self, ref: str) -> Plan:
        row = plan_version_get(ref)
        if row is not None:
            return plan_of(row)
        if Path(ref).is_file():
            return load_plan(ref)
        if ref == bundled_plan().id and not plan_version_rows():
            return bundled_plan()
        raise CommandError(f"查無計畫或版本「{ref}」（可用 mainstream plan list 查看）")
