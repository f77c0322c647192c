"""Delete the expired rows of the database cache (the cached pages: config/core/pagecache.py)."""

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management.base import BaseCommand
from django.db import connections, router
from django.utils import timezone


class Command(BaseCommand):
    help = "期限の切れたキャッシュ（データベースのキャッシュ表）を削除します。Redis・memcached は自ら消すので何もしません。"

    def handle(self, *args, **options):
        removed = 0
        for alias in caches:
            cache = caches[alias]
            if not isinstance(cache, DatabaseCache):
                continue
            db = router.db_for_write(cache.cache_model_class)
            connection = connections[db]
            table = connection.ops.quote_name(cache._table)
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [timezone.now()])
                removed += cursor.rowcount
        self.stdout.write(f"期限切れのキャッシュを {removed} 件削除しました。")
