"""A new 臨時休所 lists the bookings already made for its days (group, room, time, contact phone), right after saving
and on the closure's page, so staff can phone the groups; the admin leads to the same page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from config.core.models import AuditEntry, Closure
from programs.models import RoomBooking
from programs.selectors import closure_bookings

from .factories import T, make_room, next_open_day, span

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def bookings(tanashi, hoya, room, group, other_group):
    day = next_open_day(tanashi, 7)
    later = next_open_day(tanashi, 14)
    hoya_room = make_room(hoya, name="保谷の会議室")
    return {
        "day": day,
        "mine": RoomBooking.objects.create(room=room, group=group, during=span(day, T(10), T(12))),
        "theirs": RoomBooking.objects.create(
            room=room, group=other_group, kind="annual", during=span(day, T(13), T(15))
        ),
        "center": RoomBooking.objects.create(room=room, kind="center", during=span(day, T(18), T(20))),
        "later": RoomBooking.objects.create(room=room, group=group, during=span(later, T(10), T(12))),
        "hoya": RoomBooking.objects.create(room=hoya_room, group=other_group, during=span(day, T(10), T(12))),
    }


def test_the_selector_finds_group_bookings_on_the_closed_days_of_that_site(tanashi, bookings):
    day = bookings["day"]
    closure = Closure.objects.create(site=tanashi, start_date=day, end_date=day, reason="設備点検")
    assert list(closure_bookings(closure)) == [bookings["mine"], bookings["theirs"]]
    everywhere = Closure.objects.create(site=None, start_date=day, end_date=day, reason="停電")
    assert set(closure_bookings(everywhere)) == {bookings["mine"], bookings["theirs"], bookings["hoya"]}
    RoomBooking.objects.filter(pk=bookings["mine"].pk).update(
        cancelled_at=timezone.now(), cancel_reason="中止"
    )
    assert list(closure_bookings(closure)) == [bookings["theirs"]]


def test_staff_add_a_closure_and_see_whom_to_phone(
    staff_client, staff, tanashi, group, other_group, bookings
):
    day = bookings["day"]
    response = staff_client.post(
        reverse("programs:staff_closures"),
        {
            "site": tanashi.pk,
            "start_date": day.isoformat(),
            "end_date": day.isoformat(),
            "reason": "設備点検",
        },
    )
    closure = Closure.objects.get()
    assert response.url == reverse("programs:staff_closure", args=[closure.pk])
    assert AuditEntry.objects.filter(action="closure_create", target_id=closure.pk, actor=staff).exists()

    page = staff_client.get(response.url)
    html = page.content.decode()
    assert "この期間に予約が2件あります。各団体に連絡してください。" in html  # the message right after saving
    for g in (group, other_group):
        assert g.name in html and g.contact_phone in html and g.contact_name in html
    assert "第1会議室" in html and "10:00〜12:00" in html and "13:00〜15:00" in html
    assert reverse("programs:booking_detail", args=[bookings["mine"].pk]) in html
    assert "保谷の会議室" not in html and "18:00〜20:00" not in html
    # The closure's page, later, lists the same bookings without the message.
    again = staff_client.get(response.url).content.decode()
    assert "この期間の予約（2件）" in again and "各団体に連絡してください" not in again


def test_a_closure_without_bookings_says_so(staff_client, tanashi, room):
    day = next_open_day(tanashi, 7)
    response = staff_client.post(
        reverse("programs:staff_closures"),
        {"site": "", "start_date": day.isoformat(), "end_date": day.isoformat(), "reason": "停電"},
        follow=True,
    )
    html = response.content.decode()
    assert "この期間の予約はありません。" in html and "全拠点" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": ""}, "入力してください。"),
        ({"end_date": "2026-01-01"}, "終了日は開始日以降にしてください。"),
        ({"start_date": "あした"}, "開始日は 2026-05-12 の形で入力してください。"),
    ],
)
def test_bad_closure_input_gives_a_japanese_error_and_saves_nothing(staff_client, tanashi, data, message):
    base = {"site": tanashi.pk, "start_date": "2026-02-02", "end_date": "2026-02-03", "reason": "設備点検"}
    response = staff_client.post(reverse("programs:staff_closures"), base | data)
    assert response.status_code == 400 and message in response.content.decode()
    assert Closure.objects.count() == 0


def test_the_closure_list_shows_upcoming_closures(staff_client, tanashi):
    day = next_open_day(tanashi, 7)
    closure = Closure.objects.create(site=tanashi, start_date=day, end_date=day, reason="設備点検")
    Closure.objects.create(site=tanashi, start_date="2001-01-01", end_date="2001-01-02", reason="大昔の点検")
    html = staff_client.get(reverse("programs:staff_closures")).content.decode()
    assert reverse("programs:staff_closure", args=[closure.pk]) in html and "大昔の点検" not in html


def test_a_closure_added_in_the_admin_is_audited_and_leads_to_its_bookings(
    client, base_data, tanashi, bookings
):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("root", "root@example.jp", "pass-for-tests-1")
    client.force_login(admin_user)
    day = bookings["day"]
    response = client.post(
        reverse("admin:core_closure_add"),
        {"site": tanashi.pk, "start_date": day.isoformat(), "end_date": day.isoformat(), "reason": "断水"},
    )
    closure = Closure.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "programs:staff_closure", args=[closure.pk]
    )
    assert AuditEntry.objects.filter(action="closure_create", target_id=closure.pk).exists()


def test_only_staff_see_closures(client, group_rep_user, tanashi):
    closure = Closure.objects.create(
        site=tanashi, start_date="2026-02-02", end_date="2026-02-02", reason="点検"
    )
    client.force_login(group_rep_user)
    assert client.get(reverse("programs:staff_closures")).status_code == 403
    assert client.get(reverse("programs:staff_closure", args=[closure.pk])).status_code == 403
