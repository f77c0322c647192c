from django.db import migrations

from volunteers.defaults import create_activity_fields


def forwards(apps, schema_editor):
    create_activity_fields(apps.get_model("volunteers", "ActivityField"))


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
