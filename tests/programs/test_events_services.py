"""The rules of sign-up, the waiting list, cancellation, the application period, who may apply, rooms and counts."""

import datetime

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from programs import selectors
from programs.models import EventAttendance, EventSession, EventSignup, RoomBooking
from programs.services import events as services
from programs.services.rooms import room_booking_create_for_center
from tests.volunteers.coordination_factories import registered_volunteer
from tests.volunteers.factories import VolunteerFactory, registered_group
from volunteers.models import Notice

from .event_factories import make_event
from .factories import T, next_open_day, span

pytestmark = pytest.mark.django_db


def guest(event, name="来場 一郎", people=1, email="", phone="042-000-0000"):
    return services.signup_create(
        event=event,
        guest_name=name,
        guest_furigana="ライジョウ イチロウ",
        guest_email=email,
        guest_phone=phone,
        people=people,
    )


def test_sign_ups_fill_the_capacity_then_join_the_waiting_list_in_order(base_data):
    event = make_event(capacity=3)
    first = guest(event, "一", people=2)
    second = guest(event, "二")
    third = guest(event, "三")
    fourth = guest(event, "四")
    assert [s.status for s in (first, second, third, fourth)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",
    ]
    assert services.confirmed_people(event) == 3


def test_one_sign_up_per_volunteer_per_event(base_data):
    event = make_event()
    volunteer = registered_volunteer()
    services.signup_create(event=event, volunteer=volunteer)
    with pytest.raises(ValidationError, match="すでに申し込んでいます"):
        services.signup_create(event=event, volunteer=volunteer)
    assert EventSignup.objects.filter(event=event).count() == 1


def test_the_database_refuses_a_second_live_sign_up_but_allows_one_after_a_cancel(base_data):
    event = make_event()
    volunteer = registered_volunteer()
    signup = services.signup_create(event=event, volunteer=volunteer)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventSignup.objects.create(event=event, volunteer=volunteer, status="waiting")
    services.signup_cancel(signup=signup)
    again = services.signup_create(event=event, volunteer=volunteer)
    assert again.status == "confirmed"


def test_cancel_moves_the_first_waiting_person_up_and_tells_them(base_data):
    event = make_event(capacity=1)
    taken = guest(event, "先着")
    waiting_volunteer = registered_volunteer(email="matsu@example.jp")
    first_wait = services.signup_create(event=event, volunteer=waiting_volunteer)
    second_wait = guest(event, "二番目", email="")
    moved = services.signup_cancel(signup=taken)
    assert [s.pk for s in moved] == [first_wait.pk]
    first_wait.refresh_from_db()
    second_wait.refresh_from_db()
    assert first_wait.status == "confirmed" and first_wait.promoted_at
    assert second_wait.status == "waiting"
    notice = Notice.objects.filter(volunteer=waiting_volunteer).order_by("-pk").first()
    assert notice.subject == "キャンセル待ちから参加が決まりました"


def test_a_guest_without_email_who_moves_up_goes_on_the_phone_list(base_data):
    event = make_event(capacity=1)
    taken = guest(event, "先着")
    waiting = guest(event, "電話の人", email="", phone="042-111-2222")
    services.signup_cancel(signup=taken)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.needs_call
    # The message is on the one staff phone/post list, with the guest's name and phone.
    notice = Notice.objects.filter(channel="manual", guest_name=waiting.guest_name).order_by("-pk").first()
    assert notice.guest_phone == "042-111-2222" and notice.handled_at is None
    assert waiting.call_notice == notice


def test_a_guests_cancel_link_goes_into_the_email_only(base_data, django_capture_on_commit_callbacks):
    from django.core import mail

    event = make_event(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        signup = services.signup_create(
            event=event,
            guest_name="来場 花子",
            guest_furigana="ライジョウ ハナコ",
            guest_email="hanako@example.jp",
            link_for=lambda token: f"https://vc.example.jp/events/signup/{token}/",
        )
    assert "/events/signup/" in mail.outbox[-1].body and mail.outbox[-1].to == ["hanako@example.jp"]
    stored = Notice.objects.get(guest_name="来場 花子")
    assert "/events/signup/" not in stored.body and stored.channel == "email"
    assert signup.call_notice is None


def test_promotion_never_skips_the_head_of_the_queue(base_data):
    event = make_event(capacity=3)
    a = guest(event, "A", people=2)
    guest(event, "B", people=1)
    head = guest(event, "C", people=3)
    later = guest(event, "D", people=1)
    assert (
        services.signup_cancel(signup=a) == []
    )  # 2 seats free; the head needs 3, D (1) must not jump the queue
    head.refresh_from_db()
    later.refresh_from_db()
    assert head.status == later.status == "waiting"


def test_after_a_waiting_list_forms_a_newcomer_waits_even_if_a_small_party_would_fit(base_data):
    event = make_event(capacity=3)
    guest(event, "A", people=2)
    guest(event, "B", people=2)  # waits
    assert guest(event, "C", people=1).status == "waiting"


def test_the_application_period(base_data):
    now = timezone.now()
    soon = make_event(apply_from=now + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="申込は"):
        guest(soon)
    closed = make_event(
        apply_from=now - datetime.timedelta(days=5), apply_until=now - datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError, match="受付は終了"):
        guest(closed)
    started = make_event(days_ahead=-1)
    with pytest.raises(ValidationError, match="受付は終了"):
        guest(started)
    assert EventSignup.objects.count() == 0


def test_who_may_apply(base_data):
    only_volunteers = make_event(audience="volunteers")
    with pytest.raises(ValidationError, match="登録ボランティア"):
        guest(only_volunteers)
    provisional = VolunteerFactory()
    with pytest.raises(ValidationError, match="登録ボランティア"):
        services.signup_create(event=only_volunteers, volunteer=provisional)
    assert (
        services.signup_create(event=only_volunteers, volunteer=registered_volunteer()).status == "confirmed"
    )
    only_groups = make_event(audience="groups")
    with pytest.raises(ValidationError, match="登録団体"):
        services.signup_create(event=only_groups, volunteer=registered_volunteer())
    assert (
        services.signup_create(event=only_groups, group=registered_group(only_groups.fiscal_year())).status
        == "confirmed"
    )


def test_unpublished_or_cancelled_events_take_no_sign_ups(base_data, staff):
    with pytest.raises(ValidationError):
        guest(make_event(is_published=False))
    event = make_event()
    services.event_cancel(event=event, by=staff, reason="荒天のため")
    with pytest.raises(ValidationError, match="中止"):
        guest(event)


@pytest.mark.parametrize("people", [0, -1, 21])
def test_zero_negative_or_too_many_people_are_refused(base_data, people):
    with pytest.raises(ValidationError, match="人数は1〜20人"):
        guest(make_event(), people=people)
    assert EventSignup.objects.count() == 0


def test_a_session_in_a_center_room_holds_the_room_and_cannot_clash(tanashi, staff):
    from .factories import make_room, rules

    rules(tanashi, max_days_ahead=365)
    room = make_room(tanashi)
    event = make_event(room=room, sessions=0)
    day = next_open_day(tanashi)
    start, end = span(day, T(10), T(12))
    session = services.session_add(event=event, starts_at=start, ends_at=end, by=staff)
    assert session.booking.room == room and session.booking.kind == RoomBooking.Kind.CENTER
    with pytest.raises(ValidationError, match="すでに予約されています"):
        room_booking_create_for_center(
            room=room, kind="center", start=start, end=end, purpose="別件", by=staff
        )
    other = make_event(room=room, sessions=0, title="別の講座")
    with pytest.raises(ValidationError, match="すでに予約されています"):
        services.session_add(event=other, starts_at=start, ends_at=end, by=staff)
    assert EventSession.objects.filter(event=other).count() == 0
    services.session_cancel(session=session, by=staff, reason="中止")
    assert services.session_add(event=other, starts_at=start, ends_at=end, by=staff).booking


def test_cancelling_the_event_frees_its_rooms_and_tells_participants(tanashi, staff):
    from .factories import make_room, rules

    rules(tanashi, max_days_ahead=365)
    room = make_room(tanashi)
    event = make_event(room=room, sessions=0)
    start, end = span(next_open_day(tanashi), T(13), T(15))
    session = services.session_add(event=event, starts_at=start, ends_at=end, by=staff)
    volunteer = registered_volunteer()
    services.signup_create(event=event, volunteer=volunteer)
    services.event_cancel(event=event, by=staff, reason="講師の急病")
    session.booking.refresh_from_db()
    assert session.booking.cancelled_at is not None
    assert Notice.objects.filter(volunteer=volunteer, subject="講座・イベントの中止のお知らせ").exists()


def test_the_guest_cancel_token_is_signed(base_data):
    signup = guest(make_event())
    token = services.cancel_token(signup)
    assert services.signup_from_token(token).pk == signup.pk
    assert services.signup_from_token(token[:-2] + "xx") is None
    # The same payload signed for another purpose (no salt, or another salt) opens nothing.
    assert services.signup_from_token(signing.dumps({"s": signup.pk, "e": signup.event_id})) is None


def test_attendance_is_recorded_per_session_and_changes_in_place(base_data, staff):
    event = make_event(sessions=2)
    a, b = guest(event, "A"), guest(event, "B", people=2)
    first, second = event.sessions.all()
    assert services.attendance_record(session=first, attended_ids={a.pk, b.pk}, by=staff) == 2
    assert services.attendance_record(session=second, attended_ids={b.pk}, by=staff) == 1
    assert services.attendance_record(session=second, attended_ids=set(), by=staff) == 0
    assert EventAttendance.objects.filter(attended=True).count() == 2
    assert EventAttendance.objects.count() == 4


def test_numbers_for_the_plans_by_fiscal_year_and_type(base_data, staff):
    from config.core.dates import fiscal_year

    event = make_event(capacity=5, walk_ins=3)
    other = make_event(type_key="volunteer-festival", capacity=50, walk_ins=120)
    make_event(type_key="volunteer-festival", is_published=False)  # held (staff count it) but nobody came
    called_off = make_event()
    guest(called_off)
    services.event_cancel(event=called_off, by=staff, reason="中止")
    a = guest(event, "A", people=2)
    guest(event, "B", people=3)
    guest(event, "待ち")  # waiting: not counted
    guest(other, "C")
    fy = fiscal_year(timezone.localdate() + datetime.timedelta(days=10))
    assert selectors.events_held(fy) == 3
    assert selectors.events_held(fy, "course-beginner") == 1
    assert selectors.events_held(fy, "volunteer-festival") == 2
    assert selectors.event_participants(fy, "course-beginner") == 5 + 3
    assert selectors.event_participants(fy) == 5 + 3 + 1 + 120
    assert selectors.events_held(fy - 1) == 0 and selectors.event_participants(fy - 1) == 0
    services.attendance_record(session=event.sessions.first(), attended_ids={a.pk}, by=staff)
    numbers = {n.event_type.key: n for n in selectors.event_numbers(fy)}
    assert (
        numbers["course-beginner"].held,
        numbers["course-beginner"].participants,
        numbers["course-beginner"].attendance,
    ) == (1, 8, 2)
    assert (numbers["volunteer-festival"].held, numbers["volunteer-festival"].participants) == (2, 121)
