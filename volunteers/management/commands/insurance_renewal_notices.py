"""Tell last year's ボランティア保険 enrollees that next year's applications are open (run daily from the March date, e.g. by cron).

Each person is told once (email, or the staff phone/post list when they have no address); running it
before the March date staff set does nothing.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from config.core.dates import fiscal_year
from volunteers.services.insurance import renewal_notify


class Command(BaseCommand):
    help = "ボランティア保険の更新案内を、昨年度の加入者に送ります（3月の受付開始日から）。"

    def add_arguments(self, parser):
        parser.add_argument("--fiscal-year", type=int, help="更新する年度（西暦）。省略すると次の年度。")
        parser.add_argument("--dry-run", action="store_true", help="送らずに、案内する人数だけ表示します。")

    def handle(self, *args, fiscal_year=None, dry_run=False, **options):
        target = fiscal_year or _next_year(timezone.localdate())
        count = renewal_notify(fiscal_year=target, dry_run=dry_run)
        verb = "案内する予定" if dry_run else "案内しました"
        self.stdout.write(f"{target}年度の更新：{count}人に{verb}。")


def _next_year(today) -> int:
    return fiscal_year(today) + 1
