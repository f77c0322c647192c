"""The table of the shared cache (settings.CACHES: DatabaseCache in `nvc_cache` by default), made here so every
migrated database has it: production, the benchmark's, and the tests' (whose settings keep a memory cache but test
the database one). With CACHE_URL pointing at Redis or memcached the table is simply unused."""

from django.conf import settings
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

DEFAULT_TABLE = "nvc_cache"


def create_cache_table(apps, schema_editor):
    tables = {DEFAULT_TABLE} | {
        c["LOCATION"] for c in settings.CACHES.values() if c["BACKEND"].endswith("db.DatabaseCache")
    }
    command = CreateCacheTable()
    command.verbosity = 0
    for table in sorted(tables):
        command.create_table(schema_editor.connection.alias, table, dry_run=False)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_furigana_words_seed")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
