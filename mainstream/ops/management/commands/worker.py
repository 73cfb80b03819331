"""`mainstream worker [--once]`: run the queued jobs (issue 13, item 4; docs/adr/0012).

At start it fails the jobs a killed worker left running and deletes their uploads (``ops.jobs.jobs_recover``),
then runs django-tasks' database worker on every queue: ``--once`` runs what is queued and exits (cron, tests).
Stop it with SIGTERM: the job in hand finishes first (systemd's ``TimeoutStopSec`` bounds the wait).
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from mainstream.ops.jobs import jobs_recover, worker_identity


class Command(BaseCommand):
    help = "執行排入佇列的背景工作（匯入、文件產製、重算判定）；啟動時先清理被中斷的工作"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--once", action="store_true", help="執行完目前佇列中的工作即結束")
        parser.add_argument("--interval", type=float, default=1.0, help="佇列空時多久再檢查一次（秒）")
        parser.add_argument("--queue", default="*", help="只執行這些佇列（以逗號分隔；預設全部）")
        parser.add_argument("--max-tasks", type=int, default=None, help="執行這麼多個工作後結束")

    def handle(self, *args, **opts):  # type: ignore[no-untyped-def]
        # a web server may be receiving an upload right now: its request body is left alone for an hour
        for line in jobs_recover(uploads_older_than=3600):
            self.stdout.write(line)
        self.stdout.write(f"mainstream worker {worker_identity()}：開始執行佇列「{opts['queue']}」")
        self.stdout.flush()
        argv = ["--queue-name", opts["queue"], "--interval", str(opts["interval"]), "--no-reload"]
        argv += ["--worker-id", worker_identity()[-64:], "--no-startup-delay"]
        if opts["once"]:
            argv.append("--batch")
        if opts["max_tasks"]:
            argv += ["--max-tasks", str(opts["max_tasks"])]
        call_command("db_worker", *argv, verbosity=opts["verbosity"])
