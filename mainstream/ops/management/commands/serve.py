"""`mainstream serve [--host H] [--port P] [--workers N]`: the production WSGI server (gunicorn), DEBUG off,
static files collected and served by WhiteNoise, access and error logs to stdout (issue 13).

Refuses to start with DEBUG on or with an ID hash key that travels with the data (kept in var/ or beside the
database; ``training.ids.require_production_key``, docs/id-key-custody.md).
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def gunicorn_argv(*, host: str, port: int, workers: int, timeout: int = 120) -> list[str]:
    """The gunicorn command line ``serve`` runs."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "mainstream.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("MAINSTREAM_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]


class Command(BaseCommand):
    help = "以正式環境的 WSGI 伺服器（gunicorn）提供服務：DEBUG 關閉、靜態檔由 WhiteNoise 提供、日誌寫到標準輸出"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--host", default=os.environ.get("MAINSTREAM_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("MAINSTREAM_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("MAINSTREAM_WORKERS", "0")) or None)
        parser.add_argument("--check-only", action="store_true", help="只檢查設定並印出指令，不啟動")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        if settings.DEBUG:
            raise CommandError("DEBUG 仍開啟：請以 `mainstream serve` 啟動，或設定 MAINSTREAM_DEBUG=0")
        from mainstream.training.ids import require_production_key

        try:
            require_production_key()
        except Exception as exc:  # ImproperlyConfigured: say it plainly, no traceback
            raise CommandError(str(exc)) from exc
        workers = opts["workers"] or max(2, min(8, (os.cpu_count() or 1) * 2 + 1))
        argv = gunicorn_argv(host=opts["host"], port=opts["port"], workers=workers)
        if opts["check_only"]:
            self.stdout.write(" ".join(argv))
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        from mainstream.ops.jobs import jobs_recover

        for line in jobs_recover():  # before gunicorn starts: no request of ours is receiving an upload
            self.stdout.write(line)
        self.stdout.write(f"mainstream serve：http://{opts['host']}:{opts['port']}/（{workers} 個 worker）")
        self.stdout.flush()
        os.execv(argv[0], argv)  # gunicorn takes this process over: signals from systemd reach it directly
