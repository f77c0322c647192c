"""Public pages: the committee, its members (names and organisations only), its schedule and the archive."""

import datetime

import pytest
from django.urls import reverse

from committees import services

from .factories import make_meeting, make_member, pdf_upload

pytestmark = pytest.mark.django_db


def test_the_committee_page_lists_current_members_by_name_and_organisation_only(client, staff):
    user, chair = make_member("chair", role="chair", organisation="西東京市民生委員児童委員協議会")
    chair.furigana = "ヒミツ フリガナ"
    chair.save()
    make_member("former", term_start=datetime.date(2016, 4, 1), term_end=datetime.date(2018, 3, 31))
    text = client.get(reverse("committees:committee", args=["operating-committee"])).content.decode()
    assert "chair 委員" in text and "西東京市民生委員児童委員協議会" in text and "委員長" in text
    assert "former 委員" not in text
    assert user.email not in text and "ヒミツ フリガナ" not in text


def test_the_schedule_shows_the_years_meetings_with_agendas_and_the_observation_link(client, staff):
    meeting = make_meeting(date=datetime.date.today() + datetime.timedelta(days=20))
    services.agenda_item_add(meeting=meeting, title="設備の更新について", by=staff)
    fy = meeting.fiscal_year
    text = client.get(
        reverse("committees:committee", args=["operating-committee"]) + f"?fy={fy}"
    ).content.decode()
    assert "設備の更新について" in text and "この会議の傍聴を申し込む" in text


def test_the_archive_lists_held_meetings_of_the_fiscal_year(client, staff):
    held = make_meeting(date=datetime.date(2020, 5, 12))
    make_meeting(date=datetime.date(2021, 5, 11))
    material = services.material_add(meeting=held, title="決算報告", upload=pdf_upload(), by=staff)
    services.material_publish(material=material, by=staff)
    text = client.get(
        reverse("committees:archive", args=["operating-committee"]) + "?fy=2020"
    ).content.decode()
    assert "2020年5月12日" in text and "決算報告" in text and "2021年5月11日" not in text


def test_unknown_committees_and_years_are_not_found(client, base_data):
    assert client.get(reverse("committees:committee", args=["nope"])).status_code == 404
    assert (
        client.get(reverse("committees:committee", args=["operating-committee"]) + "?fy=99999").status_code
        == 404
    )


def test_the_index_names_both_committees(client, base_data):
    text = client.get(reverse("committees:index")).content.decode()
    assert "ボランティア・市民活動センター運営委員会" in text and "地域福祉活動計画進行管理委員会" in text
