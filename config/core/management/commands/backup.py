"""Dump the database to a file in pg_dump's custom format (see README: バックアップと復元)."""

import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from config.core import backup


class Command(BaseCommand):
    help = "データベースを pg_dump のカスタム形式でファイルに書き出します。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="書き出すファイル（既定: var/backups/nvc-<日時>.dump）",
        )

    def handle(self, *args, output: Path | None, **options):
        path = output or Path(
            settings.BASE_DIR, "var", "backups", f"nvc-{timezone.localtime():%Y%m%d-%H%M%S}.dump"
        )
        try:
            backup.dump(path=path)
        except subprocess.CalledProcessError as exc:
            raise CommandError(f"pg_dump failed: {exc.stderr.decode(errors='replace')}") from exc
        self.stdout.write(str(path))
