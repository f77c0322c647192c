"""Load 第四次地域福祉活動計画, 気球くんプラン and the fiscal-2020 targets (plans/data/), so every database has them."""

from django.db import migrations


def load(apps, schema_editor):
    from plans.loading import load as load_plans

    load_plans(lambda name: apps.get_model("plans", name))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
