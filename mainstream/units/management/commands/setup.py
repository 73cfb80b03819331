"""``mainstream setup [--demo]``: create or migrate the database, load the plan and the registry.

Safe to run again. ``--demo`` adds the demo data set (each app's ``demo.py``) and the demo logins.
"""

from __future__ import annotations

import importlib

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

from mainstream.plan.selectors import plan_of, plan_version_rows
from mainstream.plan.services import plan_bundled_load
from mainstream.units.services import registry_sync


class Command(BaseCommand):
    help = "建立或更新資料庫、載入計畫及機關名冊（可重複執行）"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--demo", action="store_true", help="加入示範資料及示範帳號（示範年度見 README）")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        call_command("migrate", interactive=False, verbosity=0)
        plan_bundled_load()
        # Every stored plan, earliest first: each writes its units' groups for the years it judges.
        rows = sorted(plan_version_rows(), key=lambda r: (r.effective_from, r.pk))
        for row in rows:
            plan = plan_of(row)
            counts = registry_sync(plan=plan)
            self.stdout.write(
                f"計畫 {row.ref}（{row.period} 年，自 {row.effective_from} 年起）：{len(plan.duties)} 項應辦事項；"
                f"機關 新增 {counts['created']}、更新 {counts['updated']}"
            )
        # Each app may derive records from the plan (e.g. the 28 task forces): <app>/setup.py setup_load().
        for config, module in _app_modules("setup"):
            message = module.setup_load()
            if message:
                self.stdout.write(f"{config.verbose_name}：{message}")
        if options["demo"]:
            for config, module in _app_modules("demo"):
                message = module.demo_load()
                if message:
                    self.stdout.write(f"示範資料（{config.verbose_name}）：{message}")


def _app_modules(name: str):  # type: ignore[no-untyped-def]
    """(app config, module) for every mainstream app that has ``<app>/<name>.py``, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("mainstream."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
            continue
        yield config, module
