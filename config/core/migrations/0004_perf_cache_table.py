"""The table of the shared cache (settings.CACHES, DatabaseCache by default): made here so every database that is
migrated has it, tests included. With CACHE_URL pointing at Redis or memcached, createcachetable does nothing."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_auditentry")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
