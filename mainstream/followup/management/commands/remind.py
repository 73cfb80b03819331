"""``mainstream remind [--as-of 111/10/31] [--year 111] [--dry-run]``: the automatic reminders (催辦).

Run once a day by the worker or cron. Each open duty still in progress whose deadline is at most N days away (N: the
office's ``reminder_days``, e.g. 14 and 3) is reminded once for each N it reaches; running it twice the same day sends
nothing new. The day is ``--as-of``, else ``MAINSTREAM_AS_OF``, else today.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from mainstream import roc


class Command(BaseCommand):
    help = "期限前自動催辦（依性平辦設定之天數），每日由排程執行"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--as-of", dest="as_of", help="基準日（預設 MAINSTREAM_AS_OF 或今天），例如 111/10/31")
        parser.add_argument("--year", help="只看一個年度（預設：基準日以前各計畫年度）")
        parser.add_argument("--dry-run", action="store_true", help="只列出將催辦的事項，不送出")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        from mainstream.evaluation.selectors import default_as_of
        from mainstream.followup.services import reminders_due

        try:
            as_of = roc.parse_date(options["as_of"]) if options["as_of"] else default_as_of()
            year = roc.parse_year(options["year"]) if options["year"] else None
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        sent = reminders_due(as_of=as_of, year=year, dry_run=options["dry_run"])
        verb = "將催辦" if options["dry_run"] else "已催辦"
        if not sent:
            self.stdout.write(f"{roc.format_date(as_of)}：沒有需要自動催辦的事項")
        for n, rows in sent:
            units = sorted({r.unit for r in rows})
            self.stdout.write(f"期限前 {n} 日：{verb} {len(units)} 個機關 {len(rows)} 項（{'、'.join(units)}）")
