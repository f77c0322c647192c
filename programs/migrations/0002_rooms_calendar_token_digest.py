"""Group calendars keep only a digest of their token; existing feed URLs keep working (their digest is stored)."""

import hashlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def digest_tokens(apps, schema_editor):
    GroupCalendar = apps.get_model("programs", "GroupCalendar")
    for calendar in GroupCalendar.objects.all():
        calendar.token_digest = hashlib.sha256(calendar.token.encode()).hexdigest()
        calendar.save(update_fields=["token_digest"])


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="groupcalendar",
            name="token_digest",
            field=models.CharField(max_length=64, null=True, verbose_name="トークンのハッシュ"),
        ),
        migrations.RunPython(digest_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="groupcalendar", name="token"),
        migrations.AlterField(
            model_name="groupcalendar",
            name="token_digest",
            field=models.CharField(max_length=64, unique=True, verbose_name="トークンのハッシュ"),
        ),
        migrations.AddField(
            model_name="groupcalendar",
            name="issued_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="発行日時"),
        ),
        migrations.AddField(
            model_name="groupcalendar",
            name="issued_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="発行した人",
            ),
        ),
    ]
