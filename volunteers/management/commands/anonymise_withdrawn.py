"""Anonymise withdrawn volunteers whose retention period (staff set it: 個人情報の保存期間) has passed, and event
guests whose event ended longer ago than that.

Run daily from cron. The rows stay, so every yearly count of the plans is the same before and after.
"""

from django.core.management.base import BaseCommand

from volunteers.services.privacy import due_for_anonymisation, guests_anonymise, volunteer_anonymise


class Command(BaseCommand):
    help = "退会後の保存期間が過ぎたボランティアの個人情報を匿名化します。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="対象の人数だけを表示し、何も変えません。")

    def handle(self, *args, dry_run: bool, **options):
        due = list(due_for_anonymisation())
        if dry_run:
            self.stdout.write(f"{len(due)} volunteer(s) due for anonymisation (dry run, nothing changed)")
            return
        for volunteer in due:
            volunteer_anonymise(volunteer=volunteer)
        guests = guests_anonymise()
        self.stdout.write(f"anonymised {len(due)} volunteer(s); guests' rows blanked: {sum(guests.values())}")
