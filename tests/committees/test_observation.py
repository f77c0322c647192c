"""傍聴: the public form, the seat limit and the deadline (both data), the email or the number for the door."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees import services
from committees.models import Observation
from volunteers.models import Notice

from .factories import make_meeting

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 1)
GOOD = {
    "name": "西東 京子",
    "furigana": "さいとう きょうこ",
    "email": "",
    "phone": "０４２４６６３０７０",
    "people": "2",
    "consent": "on",
}


def _apply(meeting, today=TODAY, **extra):
    person = {
        "name": "傍聴 太郎",
        "furigana": "ボウチョウ タロウ",
        "email": "",
        "phone": "042-466-3070",
        "people": 1,
    }
    return services.observation_apply(meeting=meeting, today=today, **{**person, **extra})


def test_a_resident_without_email_applies_and_sees_the_number_for_the_door(client, base_data):
    meeting = make_meeting()
    response = client.post(reverse("committees:observe", args=[meeting.pk]), GOOD, follow=True)
    observation = Observation.objects.get()
    assert observation.furigana == "サイトウ キョウコ" and observation.phone == "042-466-3070"
    assert observation.people == 2
    text = response.content.decode()
    assert "傍聴の申込を受け付けました" in text
    assert f"受付番号：<strong>{meeting.date:%m%d}-01</strong>" in text
    assert "受付でこの受付番号をお伝えください" in text
    assert (
        mail.outbox == [] and not Notice.objects.exists()
    )  # nothing for staff to phone: the number is on screen


def test_a_resident_with_email_gets_the_confirmation_by_email(
    client, base_data, django_capture_on_commit_callbacks
):
    meeting = make_meeting()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("committees:observe", args=[meeting.pk]),
            {**GOOD, "email": "Kyoko@Example.jp", "phone": ""},
        )
    (message,) = mail.outbox
    assert message.to == ["kyoko@example.jp"]
    assert f"受付番号：{meeting.date:%m%d}-01" in message.body and "人数：2人" in message.body


def test_another_visitor_does_not_see_someone_elses_confirmation(client, base_data):
    meeting = make_meeting()
    client.post(reverse("committees:observe", args=[meeting.pk]), GOOD)
    client.cookies.clear()
    assert client.get(reverse("committees:observe_done")).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "氏名を入力してください。"),
        ({"furigana": "西東"}, "フリガナはカタカナ（またはひらがな）で入力してください。"),
        ({"phone": "", "email": ""}, "メールアドレスか電話番号のどちらかを入力してください。"),
        ({"email": "not-an-address"}, "メールアドレスの形で入力してください"),
        ({"people": "0"}, "人数は1以上で入力してください。"),
        ({"people": "99"}, "人数は10以下で入力してください。"),
        ({"people": "二人"}, "人数は数字で入力してください。"),
        ({"name": "あ" * 61}, "氏名は60文字以内で入力してください"),
    ],
)
def test_bad_input_on_the_form_is_answered_and_nothing_is_stored(client, base_data, data, message):
    meeting = make_meeting()
    response = client.post(reverse("committees:observe", args=[meeting.pk]), {**GOOD, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Observation.objects.exists()


def test_the_seat_limit_is_never_exceeded(base_data):
    meeting = make_meeting(seat_limit=3)
    _apply(meeting, people=2)
    with pytest.raises(ValidationError, match="残りは1席"):
        _apply(meeting, people=2)
    _apply(meeting, people=1)
    with pytest.raises(ValidationError, match="満席"):
        _apply(meeting)
    assert services.seats_taken(meeting) == 3


def test_a_cancelled_application_frees_its_seats(staff):
    meeting = make_meeting(seat_limit=1)
    observation = _apply(meeting)
    services.observation_cancel(observation=observation, by=staff)
    assert _apply(meeting).number == 2


def test_the_deadline_is_the_meetings_data(base_data):
    meeting = make_meeting(date=datetime.date(2026, 5, 12), observe_until=datetime.date(2026, 5, 9))
    _apply(meeting, today=datetime.date(2026, 5, 9))
    with pytest.raises(ValidationError, match="締め切りました"):
        _apply(meeting, today=datetime.date(2026, 5, 10))
    meeting.observe_until = datetime.date(2026, 5, 11)
    meeting.save()
    _apply(meeting, today=datetime.date(2026, 5, 10))


def test_the_form_is_closed_after_the_deadline(client, base_data):
    meeting = make_meeting(
        date=datetime.date.today() + datetime.timedelta(days=2),
        observe_until=datetime.date.today() - datetime.timedelta(days=1),
    )
    response = client.post(reverse("committees:observe", args=[meeting.pk]), GOOD)
    assert "傍聴の申込は締め切りました。" in response.content.decode()
    assert not Observation.objects.exists()


def test_a_committee_without_observation_and_a_cancelled_meeting_take_no_one(staff):
    from committees.models import Committee

    closed = make_meeting(committee=Committee.objects.get(key="progress-committee"))
    with pytest.raises(ValidationError, match="受け付けていません"):
        _apply(closed)
    meeting = make_meeting(date=datetime.date(2026, 6, 9))
    services.meeting_cancel(meeting=meeting, by=staff)
    with pytest.raises(ValidationError, match="中止"):
        _apply(meeting)


def test_staff_see_the_list_for_the_door_and_members_do_not(client, staff, committee_member):
    meeting = make_meeting()
    _apply(meeting, name="傍聴 花子", people=2)
    url = reverse("committees:staff_observers", args=[meeting.pk])
    client.force_login(committee_member)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    text = client.get(url).content.decode()
    assert "傍聴 花子" in text and f"{meeting.date:%m%d}-01" in text and "2人／定員5人" in text
    assert "印刷する" in text
