from django.db import migrations

from config.core.defaults import create_sites
from config.core.roles import create_roles


def forwards(apps, schema_editor):
    create_roles(apps.get_model("auth", "Group"))
    create_sites(apps.get_model("core", "Site"), apps.get_model("core", "OpeningHours"), apps.get_model("core", "AnnualClosure"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
