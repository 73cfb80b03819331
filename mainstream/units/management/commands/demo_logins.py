from django.core.management.base import BaseCommand

from mainstream.units.demo import DEMO_PASSWORD, demo_users


class Command(BaseCommand):
    help = "列出示範帳號"

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write(f"\n示範帳號（密碼皆為 {DEMO_PASSWORD}）：")
        for username, name, role in demo_users():
            self.stdout.write(f"  {username:<12} {role:<10} {name}")
        self.stdout.write("\n請開啟 http://127.0.0.1:8000/ 登入。\n")
