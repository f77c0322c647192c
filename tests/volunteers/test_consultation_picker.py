"""The consultation form offers a bounded list of people to pick, found by name or furigana."""

import pytest
from django.urls import reverse

from .factories import VolunteerFactory, VolunteerGroupFactory

pytestmark = pytest.mark.django_db


def _options(body: str, name: str) -> str:
    start = body.index(f'<select name="{name}"')
    return body[start : body.index("</select>", start)]


def test_the_picker_lists_search_matches_not_everyone(client, staff, django_assert_max_num_queries):
    VolunteerFactory.create_batch(60, registered=True, furigana="スズキ イチロウ")
    wanted = VolunteerFactory(registered=True, name="山本 和子", furigana="ヤマモト カズコ", furigana_key="ヤマモトカズコ")
    VolunteerGroupFactory(name="やまびこの会", name_kana="ヤマビコノカイ", name_kana_key="ヤマビコノカイ")
    client.force_login(staff)
    body = client.get(reverse("volunteers:consultation_create")).content.decode()
    assert "山本 和子" not in _options(body, "volunteer")
    assert _options(body, "volunteer").count("<option") == 1  # only （登録ボランティアではない）
    with django_assert_max_num_queries(12):
        body = client.get(reverse("volunteers:consultation_create"), {"q": "やまもと"}).content.decode()
    assert "山本 和子（ヤマモト カズコ）" in _options(body, "volunteer")
    assert "スズキ" not in _options(body, "volunteer")
    assert "やまびこの会" not in _options(body, "group")
    assert f'value="{wanted.pk}"' in _options(body, "volunteer")


def test_a_volunteer_chosen_from_their_page_is_preselected_and_any_active_volunteer_validates(client, staff):
    volunteer = VolunteerFactory(registered=True, name="西東 京子")
    client.force_login(staff)
    body = client.get(reverse("volunteers:consultation_create"), {"volunteer": volunteer.pk}).content.decode()
    assert "西東 京子" in _options(body, "volunteer")
    response = client.post(
        reverse("volunteers:consultation_create"),
        {
            "received_on": "2026-11-24", "channel": "phone", "volunteer": volunteer.pk, "category": "other",
            "content": "活動の相談", "status": "open", "staff": staff.pk,
        },
    )
    assert response.status_code == 302
    assert volunteer.consultations.count() == 1
