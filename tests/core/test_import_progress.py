"""A long import shows how far it has got: the confirmation writes its progress on a second, autocommit
connection, so the page polling it sees the rows written while the import's own transaction is still open."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from config.core import imports
from config.core.models import ImportLog, ImportProgress
from tests.volunteers.test_imports import VOLUNTEER_HEADERS, csv_upload, preview
from tests.volunteers.test_imports_speed import rows
from volunteers.models import Volunteer


@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
def test_the_rows_written_so_far_are_visible_while_the_import_runs(client, staff, monkeypatch):
    from volunteers.services import imports as services

    monkeypatch.setattr(services, "CHUNK", 100)
    monkeypatch.setattr(imports, "PROGRESS_INTERVAL", 0)
    log = preview("volunteers", csv_upload(VOLUNTEER_HEADERS, rows(250)), staff)
    # The import stops after its first hundred rows until the test has looked.
    reached, release = threading.Event(), threading.Event()
    advance, calls = services.progress_advance, []

    def paused(count=1):
        advance(count)
        calls.append(count)
        if len(calls) == 1:
            reached.set()
            release.wait(60)

    monkeypatch.setattr(services, "progress_advance", paused)
    answers = []

    def confirm():
        try:
            browser = Client()
            browser.force_login(staff)
            answers.append(browser.post(reverse("core:import_preview", args=[log.pk]), {}))
        finally:
            connections.close_all()

    thread = threading.Thread(target=confirm)
    thread.start()
    try:
        assert reached.wait(60)
        client.force_login(staff)
        progress_url = reverse("core:import_progress", args=[log.pk])
        state = client.get(progress_url).json()
        assert (state["status"], state["phase"], state["done"], state["total"]) == (
            "running",
            "writing",
            100,
            250,
        )
        # Nothing of the import is visible yet: its transaction is open; only the progress row is.
        assert Volunteer.objects.count() == 0
        assert ImportLog.objects.get().status == ImportLog.Status.PREVIEWED
    finally:
        release.set()
        thread.join(120)
    assert answers[0].status_code == 302
    state = client.get(progress_url).json()
    assert (state["status"], state["done"]) == ("done", 250)
    assert Volunteer.objects.count() == 250
    assert not ImportProgress.objects.exists()  # removed when the import ends


@pytest.mark.django_db
def test_the_confirmation_page_gives_the_estimate_and_works_without_the_progress_connection(client, staff):
    # This test may not use the `progress` connection: the import must succeed all the same.
    client.force_login(staff)
    client.post(
        reverse("core:import_home"), {"kind": "volunteers", "file": csv_upload(VOLUNTEER_HEADERS, rows(3))}
    )
    log = ImportLog.objects.get()
    page = client.get(reverse("core:import_preview", args=[log.pk])).content.decode()
    assert "3行を書き込みます（目安はおよそ1秒です）。" in page
    assert "js/import-progress.js" in page and "<script>" not in page
    assert client.get(reverse("core:import_progress", args=[log.pk])).json()["status"] == "waiting"
    done = client.post(reverse("core:import_preview", args=[log.pk]), {}, follow=True)
    assert "取り込みました：新規 3件" in done.content.decode()
    assert Volunteer.objects.count() == 3 and not ImportProgress.objects.exists()
