"""Remind groups whose borrowed equipment is past its return day (run daily from cron; see the README).

Each overdue loan is reminded at most once a day: by email, or onto the staff phone/post list for a group
without an address. The work is `programs.services.equipment.overdue_remind`.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from programs.services.equipment import overdue_remind


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a plain string, not a lazy one
        return _("返却日を過ぎた機材の貸出について、団体に返却のお願いを送ります（1日1回）。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("送る相手を表示するだけで、何も送りません。")
        )

    def handle(self, *args, dry_run=False, **options):
        loans = overdue_remind(dry_run=dry_run)
        for loan in loans:
            self.stdout.write(
                _("%(group)s: %(unit)s （返却日 %(day)s）")
                % {"group": loan.group.name, "unit": loan.unit, "day": f"{loan.return_on:%Y-%m-%d}"}
            )
        if dry_run:
            done = _("延滞のお知らせを%(n)s件送る予定です（--dry-run のため送っていません）。") % {
                "n": len(loans)
            }
        else:
            done = _("延滞のお知らせを%(n)s件送りました。") % {"n": len(loans)}
        self.stdout.write(self.style.SUCCESS(done))
