"""``mainstream plan show|check [FILE]``: the duties table per group, as the plan's summary table."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from mainstream.plan.loader import PlanError, current_plan, load_plan
from mainstream.plan.model import Plan


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
    help = "顯示計畫的應辦事項一覽表（show），或檢查計畫檔（check FILE）"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("action", choices=["show", "check"])
        parser.add_argument("file", nargs="?")
        parser.add_argument("--year", type=int, default=None, help="參數適用年度（預設為計畫首年）")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            plan = load_plan(options["file"]) if options["file"] else current_plan()
        except PlanError as exc:
            raise CommandError(str(exc)) from exc
        if options["action"] == "check":
            self.stdout.write(f"{plan.source}：正確（{len(plan.duties)} 項應辦事項、{len(plan.units)} 個執行辦理單位）")
            return
        from mainstream.roc import parse_year

        year = parse_year(options["year"]) if options["year"] else plan.start
        self.stdout.write("\n".join(duties_table(plan, year)))
