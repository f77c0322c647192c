"""Load the demo data of every app, idempotently, and print the demo accounts.

Each app that has demo data has a `demo.py` with `load(stdout)`; they run in INSTALLED_APPS order,
so an app's demo data can use what the apps below it created. Refused unless DEMO_DATA_ALLOWED
(development settings): demo accounts have published passwords.
"""

import importlib
import importlib.util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from config.core import demo


class Command(BaseCommand):
    help = "デモ用のデータとアカウントを読み込みます（開発環境のみ・何度実行しても同じ結果）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="読み込んだ後に取り消し、何も保存しません。")

    def handle(self, *args, dry_run=False, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("デモデータは開発環境（DEBUG=1）でのみ作成できます。")
        # Demo bookings and approvals go through the real services, which notify people: keep those
        # mails in memory instead of printing dozens of them over the demo accounts.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if importlib.util.find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).load(self.stdout)
            if dry_run:
                transaction.set_rollback(True)
        self.stdout.write(self.style.SUCCESS("デモデータを読み込みました。デモ用アカウント："))
        for line in demo.describe():
            self.stdout.write(line)
