"""``mainstream audit verify``: recompute the audit trail's hash chain and report any edited or deleted row."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from mainstream.audit.services import audit_verify


class Command(BaseCommand):
    help = "異動紀錄：verify 檢查雜湊鏈（發現被修改或刪除的紀錄即以非零結束）"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        problems = audit_verify()
        if problems:
            for line in problems:
                self.stderr.write(line)
            raise CommandError(f"異動紀錄雜湊鏈不完整：{len(problems)} 處問題")
        self.stdout.write("異動紀錄雜湊鏈完整")
