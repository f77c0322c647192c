"""Restore a dump made by `backup` into a new database, never over the current one (README: バックアップと復元)."""

import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.core import backup


class Command(BaseCommand):
    help = "backup で書き出したファイルを、新しいデータベースに復元します（既存のデータベースは上書きしません）。"

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path, help="backup で書き出したファイル")
        parser.add_argument("--into", required=True, help="作成して復元する新しいデータベースの名前")

    def handle(self, *args, dump: Path, into: str, **options):
        if not dump.is_file():
            raise CommandError(f"no such file: {dump}")
        try:
            backup.restore(path=dump, target=into)
        except subprocess.CalledProcessError as exc:
            raise CommandError(f"{exc.cmd[0]} failed: {exc.stderr.decode(errors='replace')}") from exc
        self.stdout.write(f"restored {dump} into {into}")
