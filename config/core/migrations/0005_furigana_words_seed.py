"""The first words of the ふりがな correction dictionary (config.core.defaults.FURIGANA_WORDS)."""

from django.db import migrations

from config.core.defaults import create_furigana_words


def seed(apps, schema_editor):
    create_furigana_words(apps.get_model("core", "FuriganaWord"))


class Migration(migrations.Migration):
    dependencies = [("core", "0004_furigana_words")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
