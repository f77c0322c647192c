"""Uploads everywhere: checked by their bytes and size, stored under random names outside the static tree
through the storage API, served only through views, with safe names and Content-Disposition.

UPLOAD_FIELDS lists every FileField of the project with the page(s) that accept it: a new FileField
(committee materials, …) fails test_every_file_field_has_an_upload_test until it is added here.
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import get_resolver, reverse

from programs.models import EquipmentKind, Event, NewsletterIssue
from tests.programs.event_factories import event_type, make_event

# A Windows executable renamed: what an attacker uploads as a "PDF" or a "photo".
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40

UPLOAD_FIELDS = {
    "programs.EquipmentKind.photo": [
        "programs:staff_kind_new",
        "programs:staff_kind_edit",
        "admin:programs_equipmentkind_add",
    ],
    "programs.Event.flyer": [
        "programs:staff_event_new",
        "programs:staff_event_edit",
        "admin:programs_event_add",
    ],
    "programs.NewsletterIssue.pdf": ["admin:programs_newsletterissue_add"],
    "committees.Material.file": ["committees:staff_material_add"],
}


def test_every_file_field_has_an_upload_test():
    found = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in ("core", "volunteers", "programs", "plans", "committees")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    assert found == set(UPLOAD_FIELDS)


def test_every_file_field_stores_under_a_random_name():
    from config.core.uploads import RandomName

    for label in UPLOAD_FIELDS:
        app_model, name = label.rsplit(".", 1)
        field = apps.get_model(app_model)._meta.get_field(name)
        assert isinstance(field.upload_to, RandomName), label
        stored = field.upload_to(None, "山田太郎の住所.pdf")
        assert "山田" not in stored and stored.endswith(".pdf") and len(Path(stored).stem) == 32


def test_uploads_live_outside_the_static_tree_and_no_url_serves_them():
    media = Path(settings.MEDIA_ROOT).resolve()
    for static in [Path(settings.STATIC_ROOT), *map(Path, settings.STATICFILES_DIRS)]:
        static = static.resolve()
        assert not media.is_relative_to(static) and not static.is_relative_to(media)
    patterns = [str(p.pattern) for p in get_resolver().url_patterns]
    assert not any(p.startswith(settings.MEDIA_URL.lstrip("/")) for p in patterns)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _exe(name="flyer.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, EXE, content_type=content_type)


KIND = {
    "name": "車椅子",
    "fee_per_loan": 300,
    "fee_per_extra_day": 100,
    "deposit": 0,
    "lend_to_groups": "on",
    "is_active": "on",
    "sort_order": 0,
}


def _event_data():
    return {
        "event_type": event_type().pk,
        "title": "新しい講座",
        "place": "公民館",
        "capacity": "20",
        "audience": "anyone",
        "fee": "0",
        "walk_ins": "0",
        "is_published": "on",
    }


@pytest.mark.parametrize(
    ("name", "content_type"), [("photo.pdf", "application/pdf"), ("photo.png", "image/png")]
)
def test_equipment_photo_pages_refuse_an_executable(client, staff, media, name, content_type):
    client.force_login(staff)
    kind = EquipmentKind.objects.create(name="車椅子", fee_per_loan=300)
    for url in (
        reverse("programs:staff_kind_new"),
        reverse("programs:staff_kind_edit", args=[kind.pk]),
        reverse("admin:programs_equipmentkind_add"),
    ):
        response = client.post(url, KIND | {"photo": _exe(name, content_type)})
        assert response.status_code in (200, 400), url
        assert "画像ファイル" in response.content.decode(), url
    assert not EquipmentKind.objects.exclude(photo="").exists()
    assert not list(media.rglob("*"))


@pytest.mark.parametrize(
    ("name", "content_type"), [("flyer.pdf", "application/pdf"), ("flyer.png", "image/png")]
)
def test_event_flyer_pages_refuse_an_executable(client, staff, media, name, content_type):
    client.force_login(staff)
    event = make_event()
    data = _event_data()
    for url in (
        reverse("programs:staff_event_new"),
        reverse("programs:staff_event_edit", args=[event.pk]),
        reverse("admin:programs_event_add"),
    ):
        response = client.post(url, data | {"flyer": _exe(name, content_type)})
        assert response.status_code in (200, 400), url
        assert "チラシ" in response.content.decode(), url
    assert not Event.objects.exclude(flyer="").exists()
    assert not list(media.rglob("*"))


def test_newsletter_admin_refuses_an_executable_renamed_pdf(client, staff, media):
    client.force_login(staff)
    data = {
        "number": 101,
        "title": "ぼらんてぃあ倶楽部 101号",
        "issued_on": "2026-04-01",
        "is_published": "on",
    }
    response = client.post(reverse("admin:programs_newsletterissue_add"), data | {"pdf": _exe()})
    assert response.status_code == 200
    assert "PDFのファイルを選んでください" in response.content.decode()
    assert not NewsletterIssue.objects.exists()
    assert not list(media.rglob("*"))


def test_a_flyer_is_stored_under_a_random_name_and_served_inline_with_a_safe_name(client, staff, media):
    client.force_login(staff)
    response = client.post(
        reverse("programs:staff_event_new"),
        _event_data()
        | {"flyer": SimpleUploadedFile("山田の<script>.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.flyer.name.startswith("events/") and "山田" not in event.flyer.name
    assert (media / event.flyer.name).exists()
    served = client.get(reverse("programs:event_flyer", args=[event.pk]))
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == f'inline; filename="event-{event.pk}-flyer.pdf"'
    assert served["X-Content-Type-Options"] == "nosniff"


def test_a_stored_file_whose_bytes_changed_is_not_served(client, base_data, media):
    event = make_event()
    event.flyer.save("x.pdf", SimpleUploadedFile("x.pdf", EXE), save=True)
    assert client.get(reverse("programs:event_flyer", args=[event.pk])).status_code == 404


def test_an_equipment_photo_is_served_inline_with_a_safe_name(client, staff, media):
    client.force_login(staff)
    response = client.post(
        reverse("programs:staff_kind_new"),
        KIND | {"photo": SimpleUploadedFile("w.png", PNG, content_type="image/png")},
    )
    assert response.status_code == 302
    kind = EquipmentKind.objects.get()
    served = client.get(reverse("programs:kind_photo", args=[kind.pk]))
    assert served["Content-Type"] == "image/png"
    assert served["Content-Disposition"] == f'inline; filename="equipment-{kind.pk}.png"'


@pytest.mark.parametrize(
    ("name", "content_type"), [("資料.pdf", "application/pdf"), ("資料.xlsx", "application/zip")]
)
def test_the_committee_material_page_refuses_an_executable(client, staff, media, name, content_type):
    from committees.models import Material
    from tests.committees.factories import make_meeting

    client.force_login(staff)
    meeting = make_meeting()
    response = client.post(
        reverse("committees:staff_material_add", args=[meeting.pk]),
        {"material-title": "資料1", "material-file": _exe(name, content_type)},
    )
    assert response.status_code == 400
    assert (
        "会議資料はPDF・Excel（xlsx）・Word（docx）のファイルを選んでください。" in response.content.decode()
    )
    assert not Material.objects.exists()
    assert not list(media.rglob("*"))


def test_a_committee_material_whose_bytes_changed_is_not_served(client, staff, media):
    from committees import services
    from tests.committees.factories import make_meeting, pdf_upload

    material = services.material_add(meeting=make_meeting(), title="資料1", upload=pdf_upload(), by=staff)
    assert material.file.name.startswith("committees/materials/") and material.file.name.endswith(".pdf")
    client.force_login(staff)
    served = client.get(reverse("committees:material", args=[material.pk]))
    assert served["Content-Type"] == "application/pdf" and served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("attachment;")
    (media / material.file.name).write_bytes(EXE)
    assert client.get(reverse("committees:material", args=[material.pk])).status_code == 404
