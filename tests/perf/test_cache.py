"""The cache every app server shares (issue 16): production uses the database cache by default, and a write to what
the footer shows is visible on the very next request, on any server."""

import datetime
import io

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from config import settings as production_settings
from config.core.models import OpeningHours, Site

DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "nvc_cache"}
}


def test_production_settings_use_a_cache_that_every_server_shares():
    backend = production_settings.CACHES["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert "locmem" not in backend


@pytest.mark.django_db
@override_settings(CACHES=DATABASE_CACHE)
def test_the_migration_made_the_cache_table():
    cache = caches["default"]
    cache.set("probe", {"n": 1})
    assert cache.get("probe") == {"n": 1}


@pytest.mark.django_db
@override_settings(CACHES=DATABASE_CACHE)
def test_a_site_edit_is_in_the_footer_of_the_next_request(base_data):
    client = Client()
    main = Site.objects.get(is_main=True)
    assert main.phone in client.get("/").content.decode()  # fills the shared cache
    main.phone = "042-999-0000"
    main.save()
    assert "042-999-0000" in client.get("/").content.decode()


@pytest.mark.django_db
@override_settings(CACHES=DATABASE_CACHE)
def test_new_opening_hours_are_in_the_footer_of_the_next_request(base_data):
    client = Client()
    client.get("/")
    main = Site.objects.get(is_main=True)
    hours = OpeningHours.objects.filter(site=main).order_by("weekday").first()
    hours.closes = datetime.time(19, 45)
    hours.save()
    assert "19:45" in client.get("/").content.decode()


@override_settings(CACHES=DATABASE_CACHE)
def test_prune_cache_deletes_the_expired_rows_and_keeps_the_live_ones(db):
    from django.core.management import call_command
    from django.db import connection

    cache = caches["default"]
    cache.set("old-page", "ふるい", 60)
    cache.set("live-page", "あたらしい", 60)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE nvc_cache SET expires = now() - interval '1 minute' WHERE cache_key LIKE %s",
            ["%old-page"],
        )
    call_command("prune_cache", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM nvc_cache WHERE cache_key LIKE %s", ["%-page"])
        assert [key for (key,) in cursor.fetchall()] == [":1:live-page"]


def test_the_database_cache_keeps_many_pages():
    assert production_settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] >= 10_000
