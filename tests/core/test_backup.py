"""A backup round trip: dump a small database with `manage.py backup`, restore it into a new database with
`manage.py restore`, and find the same records there."""

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tests.volunteers.coordination_factories import registered_volunteer
from volunteers.models import Volunteer


def _connect(name: str):
    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname=name,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        autocommit=True,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(base_data, tmp_path):
    registered_volunteer(name="復元 花子", email="fukugen@example.jp")
    registered_volunteer(name="復元 太郎", email="taro@example.jp")
    expected = sorted(Volunteer.objects.values_list("pk", "name", "email"))
    dump = tmp_path / "nvc.dump"
    target = f"{connection.settings_dict['NAME']}_restore"
    with _connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
    try:
        call_command("backup", output=dump)
        assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
        call_command("restore", str(dump), into=target)
        with _connect(target) as restored:
            rows = restored.execute("SELECT id, name, email FROM volunteers_volunteer").fetchall()
            migrations = restored.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
        assert sorted(rows) == expected
        assert migrations > 0
        # A second restore into the same name is refused: a restore never overwrites a database.
        with pytest.raises(CommandError, match="createdb failed"):
            call_command("restore", str(dump), into=target)
    finally:
        with _connect("postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
