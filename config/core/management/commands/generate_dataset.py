"""Generate a realistic, deterministic dataset of many fiscal years (default ten) for benchmarks and EXPLAIN.

Runs the demo data first (rooms, equipment, event types, plans, one account per role), then every app's
`dataset.GENERATORS` in INSTALLED_APPS order (config/core/dataset.py). Development databases only, like the demo:
the demo accounts have published passwords. Use an empty database (bench/run.sh makes its own).
"""

import importlib
import importlib.util
import random
import time

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from config.core.dataset import Dataset


def registry() -> list:
    """Every app's generators, in INSTALLED_APPS order."""
    generators = []
    for config in apps.get_app_configs():
        name = f"{config.name}.dataset"
        if importlib.util.find_spec(name) is not None:
            generators += getattr(importlib.import_module(name), "GENERATORS", [])
    return generators


class Command(BaseCommand):
    help = "ベンチマーク用に、何年分もの現実的なデータを一括で作成します（開発環境のみ・同じ seed なら同じデータ）。"

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10, help="年度の数（今年度まで）。")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--scale", type=float, default=1.0, help="件数の倍率（1.0で約8,000人・予約約7万件）。"
        )
        parser.add_argument(
            "--only", nargs="*", default=None, help="この名前の generator だけ（デモデータは作りません）。"
        )

    def handle(self, *args, years, seed, scale, only, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("データの生成は開発環境（DEBUG=1）でのみできます。")
        if not 1 <= years <= 30 or not 0 < scale <= 20:
            raise CommandError("--years は1〜30、--scale は0より大きく20以下にしてください。")
        started = time.monotonic()
        ds = Dataset(rng=random.Random(seed), scale=scale, years=years)
        if only is None:
            call_command("load_demo", stdout=self.stdout)
        with transaction.atomic():
            for generator in registry():
                if only is not None and generator.__name__ not in only:
                    continue
                t = time.monotonic()
                line = generator(ds)
                self.stdout.write(f"{line}  ({time.monotonic() - t:.1f} s)")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"データを作成しました（{time.monotonic() - started:.0f}秒）。"))
