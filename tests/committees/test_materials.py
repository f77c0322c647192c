"""Materials: PDF, xlsx and docx checked by their bytes, stored under random names, served only through the
permission-checking view; unpublished ones for current members and staff only, also by direct URL."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees import services
from committees.models import Material

from .factories import PDF, docx_upload, make_meeting, make_member, pdf_upload, xlsx_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def material(staff):
    return services.material_add(
        meeting=make_meeting(), title="令和2年度 事業計画案", upload=pdf_upload(), by=staff
    )


def _get(client, material):
    return client.get(reverse("committees:material", args=[material.pk]))


def test_a_pdf_an_xlsx_and_a_docx_are_stored_under_random_names(staff):
    meeting = make_meeting()
    for upload, kind in (
        (pdf_upload("計画案.pdf"), "application/pdf"),
        (xlsx_upload("予算.xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (docx_upload("報告.docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ):
        m = services.material_add(meeting=meeting, title="", upload=upload, by=staff)
        assert m.content_type == kind
        assert m.file.name.startswith("committees/materials/") and upload.name not in m.file.name
        assert m.published_at is None
    assert [m.title for m in meeting.materials.all()] == ["計画案", "予算", "報告"]


def test_staff_and_a_current_member_download_an_unpublished_material_as_an_attachment(
    client, staff, committee_member, material
):
    for user in (staff, committee_member):
        client.force_login(user)
        response = _get(client, material)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "filename*=utf-8''%E8%B3%87%E6%96%99.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]


def test_anonymous_visitors_volunteers_and_group_reps_get_no_unpublished_material(
    client, material, volunteer_user, group_rep_user
):
    assert _get(client, material).status_code == 404
    for user in (volunteer_user, group_rep_user):
        client.force_login(user)
        assert _get(client, material).status_code == 404
    client.logout()
    page = client.get(reverse("committees:meeting", args=[material.meeting_id])).content.decode()
    assert "令和2年度 事業計画案" not in page


def test_a_member_whose_term_ended_loses_the_materials_and_the_members_area(client, material):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    user, _member = make_member("kyuiin", term_start=datetime.date(2018, 4, 1), term_end=yesterday)
    client.force_login(user)
    assert _get(client, material).status_code == 404
    assert client.get(reverse("committees:members_home")).status_code == 403
    page = client.get(reverse("committees:meeting", args=[material.meeting_id])).content.decode()
    assert "令和2年度 事業計画案" not in page


def test_a_member_whose_term_has_not_begun_has_no_access_yet(client, material):
    user, _member = make_member("shinnin", term_start=datetime.date.today() + datetime.timedelta(days=10))
    client.force_login(user)
    assert _get(client, material).status_code == 404


def test_the_storage_url_of_the_file_is_not_served(client, committee_member, material):
    client.force_login(committee_member)
    assert client.get("/media/" + material.file.name).status_code == 404


def test_a_published_material_is_for_everyone(client, staff, material):
    services.material_publish(material=material, by=staff)
    response = _get(client, material)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    page = client.get(reverse("committees:meeting", args=[material.meeting_id])).content.decode()
    assert "令和2年度 事業計画案" in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            pdf_upload("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
            "PDF・Excel（xlsx）・Word（docx）のファイル",
        ),
        (pdf_upload("zip.pdf", b"PK\x03\x04" + b"\x00" * 64), "PDF・Excel（xlsx）・Word（docx）のファイル"),
        (pdf_upload("page.pdf", b"<html><script>alert(1)</script>"), "のファイルを選んでください"),
        (pdf_upload("a.pdf", PDF, content_type="text/html"), "のファイルを選んでください"),
        (pdf_upload("report.exe", PDF), "拡張子（.pdf）"),
        (pdf_upload("big.pdf", PDF + b"0" * (10 * 1024 * 1024)), "10MB以下"),
    ],
    ids=[
        "executable-renamed-pdf",
        "not-office-zip",
        "html",
        "declared-type-lies",
        "wrong-extension",
        "too-large",
    ],
)
def test_bad_uploads_are_refused(staff, upload, message):
    with pytest.raises(ValidationError) as exc:
        services.material_add(meeting=make_meeting(), title="x", upload=upload, by=staff)
    assert message in exc.value.messages[0]
    assert not Material.objects.exists()


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
        ("<script>alert(1)</script>.pdf", "script>.pdf"),
        ("議事\n録\x00.pdf", "議事 録.pdf"),
        ("あ" * 300 + ".pdf", "あ" * 96 + ".pdf"),
    ],
)
def test_hostile_file_names_become_labels_only(staff, name, label):
    material = services.material_add(meeting=make_meeting(), title="資料", upload=pdf_upload(name), by=staff)
    assert material.original_name == label
    assert material.file.name.startswith("committees/materials/") and material.file.name.endswith(".pdf")
    assert ".." not in material.file.name and "<" not in material.file.name


def test_a_hostile_name_is_escaped_on_the_page_and_quoted_in_the_header(client, staff):
    material = services.material_add(
        meeting=make_meeting(),
        title="資料",
        upload=pdf_upload('"><img src=x onerror=alert(1)>.pdf'),
        by=staff,
    )
    client.force_login(staff)
    page = client.get(reverse("committees:staff_meeting", args=[material.meeting_id])).content.decode()
    assert "<img src=x" not in page
    assert "\n" not in _get(client, material)["Content-Disposition"]


def test_the_upload_form_shows_the_refusal(client, staff):
    meeting = make_meeting()
    client.force_login(staff)
    response = client.post(
        reverse("committees:staff_material_add", args=[meeting.pk]),
        {"material-title": "x", "material-file": pdf_upload("setup.pdf", b"MZ" + b"\x00" * 40)},
    )
    assert response.status_code == 400
    assert (
        "会議資料はPDF・Excel（xlsx）・Word（docx）のファイルを選んでください。" in response.content.decode()
    )


def test_members_cannot_upload_or_publish(client, committee_member, material):
    client.force_login(committee_member)
    url = reverse("committees:staff_material_add", args=[material.meeting_id])
    assert client.post(url, {"material-title": "x", "material-file": pdf_upload()}).status_code == 403
    assert (
        client.post(
            reverse("committees:staff_material_publish", args=[material.pk]), {"publish": "1"}
        ).status_code
        == 403
    )
    material.refresh_from_db()
    assert material.published_at is None
