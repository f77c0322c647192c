"""Event pages: public list and detail without private data, sign-up forms refusing bad input in Japanese and saving
nothing, the cancel link, my events, staff participant list and roster, flyers, news; query budgets at 1x and 10x."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.core import privacy
from programs.models import Event, EventAttendance, EventSignup, NewsArticle, NewsletterIssue
from programs.services import events as services
from tests.volunteers.coordination_factories import registered_volunteer

from .event_factories import event_type, make_event

pytestmark = pytest.mark.django_db

GUEST = {
    "name": "見学 花子",
    "furigana": "ケンガク ハナコ",
    "email": "kengaku@example.jp",
    "phone": "",
    "people": "1",
    "consent": "on",
}


def _guest(event, i, **kw):
    return services.signup_create(
        event=event, guest_name=f"参加 {i}", guest_furigana="サンカ", guest_phone=f"042-123-{i:04d}", **kw
    )


def test_the_list_shows_status_in_words(client, base_data):
    open_ = make_event(title="はじめて講座", capacity=20)
    few = make_event(title="傾聴講座", capacity=10)
    for i in range(8):
        _guest(few, i)
    full = make_event(title="災害講習会", capacity=1)
    _guest(full, 1)
    closed = make_event(
        title="締切済みの講座",
        apply_until=timezone.now() - datetime.timedelta(hours=1),
        apply_from=timezone.now() - datetime.timedelta(days=9),
    )
    body = client.get("/events/").content.decode()
    for event, word in [
        (open_, "受付中"),
        (few, "残りわずか"),
        (full, "満員（キャンセル待ち）"),
        (closed, "受付終了"),
    ]:
        start = body.index(event.title)
        assert word in body[start : start + 600], (event.title, word)


def test_past_events_by_fiscal_year(client, base_data):
    from config.core.dates import fiscal_year

    past = make_event(title="昨年のつどい", days_ahead=-30)
    fy = fiscal_year(timezone.localdate() - datetime.timedelta(days=30))
    assert past.title not in client.get("/events/").content.decode()
    assert past.title in client.get(f"/events/?fy={fy}").content.decode()
    assert client.get("/events/?fy=abc").status_code == 200


def test_public_pages_show_no_private_data(client, base_data):
    event = make_event(title="公開の講座")
    volunteer = registered_volunteer(name="秘密 太郎", phone="042-999-0001", email="himitsu-taro@example.jp")
    services.signup_create(event=event, volunteer=volunteer)
    services.signup_create(
        event=event, guest_name="匿名 花子", guest_furigana="トクメイ", guest_email="tokumei@example.jp"
    )
    NewsArticle.objects.create(
        title="お知らせ", body="本文", published_on=timezone.localdate(), is_published=True
    )
    for url in ["/", "/events/", f"/events/{event.pk}/", f"/events/{event.pk}.ics", "/news/", "/newsletter/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in [
            "秘密 太郎",
            "042-999-0001",
            "himitsu-taro@example.jp",
            "匿名 花子",
            "tokumei@example.jp",
        ]:
            assert secret not in body, (secret, url)


def test_unpublished_events_are_not_public(client, base_data):
    event = make_event(is_published=False)
    assert client.get(f"/events/{event.pk}/").status_code == 404
    assert client.get(f"/events/{event.pk}.ics").status_code == 404


def test_a_guest_signs_up_and_cancels_through_the_signed_link(
    client, base_data, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/events/{event.pk}/signup/", GUEST)
    assert response.status_code == 302
    signup = EventSignup.objects.get()
    assert signup.guest_name == "見学 花子" and signup.status == "confirmed"
    # The guest agreed to the privacy policy on the form: when, and to which version, is kept.
    assert signup.consent_at is not None and signup.consent_policy_version == privacy.CURRENT.version
    # The guest's email carries the signed status/cancel link (the only place it is kept).
    # (The signed link is made twice, in the email and in the redirect: its timestamp may differ by a second.)
    assert mailoutbox[-1].to == ["kengaku@example.jp"] and response.url.split(":")[0] in mailoutbox[-1].body
    page = client.get(response.url).content.decode()
    assert "参加が決まっています" in page
    waiting = client.post(
        f"/events/{event.pk}/signup/", GUEST | {"email": "second@example.jp", "name": "二番 目"}
    )
    assert "キャンセル待ちです（1番目）" in client.get(waiting.url).content.decode()
    client.post(response.url + "cancel/")
    signup.refresh_from_db()
    assert signup.status == "cancelled"
    assert EventSignup.objects.get(guest_name="二番 目").status == "confirmed"
    assert client.get("/events/signups/not-a-token/").status_code == 404


@pytest.mark.parametrize(
    "change, message",
    [
        ({"name": ""}, "氏名"),
        ({"name": "あ" * 300}, "氏名"),
        ({"furigana": "山田"}, "フリガナ"),
        ({"email": "", "phone": ""}, "メールアドレスか電話番号"),
        ({"email": "not-an-email"}, "メールアドレス"),
        ({"people": "0"}, "人数"),
        ({"people": "-3"}, "人数"),
        ({"people": "abc"}, "人数"),
        ({"people": "21"}, "人数"),
        ({"consent": ""}, "個人情報の取扱いへの同意が必要です。"),
        ({"website": "http://spam.example/"}, "送信できませんでした。"),
    ],
)
def test_bad_guest_input_gives_a_japanese_message_and_saves_nothing(client, base_data, change, message):
    event = make_event()
    response = client.post(f"/events/{event.pk}/signup/", GUEST | change)
    assert response.status_code == 400
    body = response.content.decode()
    assert "入力内容を確認してください" in body and message in body
    assert EventSignup.objects.count() == 0


def test_full_width_digits_and_hostile_text_are_handled(client, base_data):
    event = make_event()
    response = client.post(
        f"/events/{event.pk}/signup/",
        GUEST | {"people": "２", "name": "<script>alert(1)</script>", "phone": "０４２－４６６－３０７０"},
    )
    assert response.status_code == 302
    signup = EventSignup.objects.get()
    assert signup.people == 2 and signup.guest_phone == "042-466-3070"
    assert "<script>alert(1)</script>" not in client.get(response.url).content.decode()


def test_a_volunteer_signs_up_with_one_click_and_cancels_on_my_page(client, volunteer_user):
    event = make_event()
    volunteer = registered_volunteer(user=volunteer_user)
    client.force_login(volunteer_user)
    assert "この講座に申し込む" in client.get(f"/events/{event.pk}/").content.decode()
    client.post(f"/events/{event.pk}/signup/", {"as": "volunteer", "people": "1"})
    signup = EventSignup.objects.get(volunteer=volunteer)
    assert event.title in client.get("/events/mine/").content.decode()
    client.post(f"/events/mine/{signup.pk}/cancel/")
    signup.refresh_from_db()
    assert signup.status == "cancelled"


def test_another_volunteer_cannot_cancel_my_sign_up(client, volunteer_user, other_volunteer_user):
    event = make_event()
    mine = services.signup_create(event=event, volunteer=registered_volunteer(user=volunteer_user))
    registered_volunteer(user=other_volunteer_user)
    client.force_login(other_volunteer_user)
    assert client.post(f"/events/mine/{mine.pk}/cancel/").status_code == 404


def test_staff_pages_need_staff(client, volunteer_user, base_data):
    event = make_event()
    client.force_login(volunteer_user)
    assert client.get(f"/staff/events/{event.pk}/").status_code == 403
    assert client.get(f"/staff/events/sessions/{event.sessions.first().pk}/roster/").status_code == 403


def test_staff_tick_attendance_on_the_roster(client, staff):
    event = make_event()
    a, b = _guest(event, 1), _guest(event, 2)
    session = event.sessions.first()
    client.force_login(staff)
    page = client.get(f"/staff/events/sessions/{session.pk}/roster/").content.decode()
    assert "参加 1" in page and "出席を記録する" in page
    client.post(f"/staff/events/sessions/{session.pk}/roster/", {"attended": [str(a.pk)]})
    assert set(EventAttendance.objects.filter(attended=True).values_list("signup", flat=True)) == {a.pk}
    assert EventAttendance.objects.get(signup=b).attended is False


def test_staff_cancel_a_sign_up_and_the_waiting_person_moves_up(client, staff):
    event = make_event(capacity=1)
    first, waiting = _guest(event, 1), _guest(event, 2)
    client.force_login(staff)
    assert "キャンセル待ち" in client.get(f"/staff/events/{event.pk}/").content.decode()
    response = client.post(f"/staff/events/signups/{first.pk}/cancel/", follow=True)
    assert "繰り上げました" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"title": ""}, "名称"),
        ({"title": "あ" * 300}, "名称"),
        ({"capacity": "0"}, "定員"),
        ({"capacity": "-5"}, "定員"),
        ({"place": ""}, "会場"),
        ({"apply_from": "2026-05-02T10:00", "apply_until": "2026-05-01T10:00"}, "申込締切"),
    ],
)
def test_bad_event_input_gives_a_japanese_message_and_saves_nothing(client, staff, change, message):
    client.force_login(staff)
    data = {
        "event_type": event_type().pk,
        "title": "新しい講座",
        "place": "公民館",
        "capacity": "２０",
        "audience": "anyone",
        "fee": "0",
        "walk_ins": "0",
    } | change
    response = client.post("/staff/events/new/", data)
    assert response.status_code == 400, response.content.decode()[:300]
    body = response.content.decode()
    assert "入力内容を確認してください" in body and message in body
    assert body.count(message + "は1以上") <= 2  # beside the field and in the summary, never twice more
    assert Event.objects.count() == 0


def test_staff_create_an_event_with_a_flyer_checked_by_its_bytes(client, staff):
    client.force_login(staff)
    data = {
        "event_type": event_type().pk,
        "title": "新しい講座",
        "place": "公民館",
        "capacity": "２０",
        "audience": "anyone",
        "fee": "0",
        "walk_ins": "0",
        "is_published": "on",
    }
    fake = SimpleUploadedFile("flyer.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post("/staff/events/new/", data | {"flyer": fake})
    assert response.status_code == 400 and "PDF" in response.content.decode()
    assert Event.objects.count() == 0
    pdf = SimpleUploadedFile("flyer.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    response = client.post("/staff/events/new/", data | {"flyer": pdf})
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.capacity == 20
    served = client.get(f"/events/{event.pk}/flyer/")
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    event.flyer.delete(save=False)


def test_staff_add_a_session_with_bad_input(client, staff):
    event = make_event(sessions=0)
    client.force_login(staff)
    response = client.post(
        f"/staff/events/{event.pk}/", {"action": "session", "day": "", "start": "10:00", "end": "09:00"}
    )
    assert response.status_code == 400 and "入力内容を確認してください" in response.content.decode()
    assert event.sessions.count() == 0
    day = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    client.post(
        f"/staff/events/{event.pk}/", {"action": "session", "day": day, "start": "10:00", "end": "12:00"}
    )
    assert event.sessions.count() == 1


def test_news_body_is_plain_text_with_paragraphs_and_links(client, base_data):
    article = NewsArticle.objects.create(
        title="講座のお知らせ",
        body="一段落目 https://example.jp/a\n\n<b>太字にならない</b>",
        published_on=timezone.localdate(),
        is_published=True,
    )
    NewsArticle.objects.create(
        title="下書き", body="x", published_on=timezone.localdate(), is_published=False
    )
    body = client.get(f"/news/{article.pk}/").content.decode()
    assert '<a href="https://example.jp/a"' in body and "<b>太字" not in body and "&lt;b&gt;" in body
    assert body.count("<p>") >= 2
    assert "講座のお知らせ" in client.get("/").content.decode()
    assert "下書き" not in client.get("/news/").content.decode()


def test_newsletter_archive_by_fiscal_year(client, base_data):
    NewsletterIssue.objects.create(number=150, title="夏号", issued_on=datetime.date(2020, 7, 1))
    NewsletterIssue.objects.create(number=149, title="春号", issued_on=datetime.date(2020, 3, 1))
    body = client.get("/newsletter/?fy=2020").content.decode()
    assert "夏号" in body and "春号" not in body
    assert "春号" in client.get("/newsletter/?fy=2019").content.decode()


def _queries(client, url):
    client.get(url)  # warm the per-process caches (sites, rules) so both counts measure the page alone
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_budget_of_the_public_list_is_flat(client, base_data):
    def add(n, offset):
        for i in range(n):
            event = make_event(title=f"講座{offset + i}", days_ahead=2 + i, sessions=2)
            _guest(event, offset + i)

    add(2, 0)
    make_event(days_ahead=-400)
    small = _queries(client, "/events/")
    add(20, 100)
    for i in range(10):
        make_event(days_ahead=-400 - 40 * i)
    assert _queries(client, "/events/") == small


def test_query_budget_of_the_roster_and_participant_list_is_flat(client, staff):
    event = make_event(capacity=1000)
    for i in range(5):
        _guest(event, i)
    session = event.sessions.first()
    client.force_login(staff)
    roster, participants = (
        _queries(client, f"/staff/events/sessions/{session.pk}/roster/"),
        _queries(client, f"/staff/events/{event.pk}/"),
    )
    for i in range(5, 300):
        _guest(event, i)
    for _i in range(3):
        services.signup_create(event=event, volunteer=registered_volunteer())
    assert _queries(client, f"/staff/events/sessions/{session.pk}/roster/") == roster
    assert _queries(client, f"/staff/events/{event.pk}/") == participants


def test_staff_mark_a_phoned_guest(client, staff):
    event = make_event(capacity=1)
    first, waiting = _guest(event, 1), _guest(event, 2)
    services.signup_cancel(signup=first)
    waiting.refresh_from_db()
    assert waiting.needs_call
    client.force_login(staff)
    assert "要電話連絡" in client.get(f"/staff/events/{event.pk}/").content.decode()
    client.post(f"/staff/events/signups/{waiting.pk}/called/")
    waiting.refresh_from_db()
    assert not waiting.needs_call
    assert waiting.call_notice.handled_by == staff  # the staff phone/post list agrees


def test_a_guest_marked_on_the_staff_home_is_no_longer_to_call_on_the_event_page(client, staff):
    event = make_event(capacity=1)
    first, waiting = _guest(event, 1), _guest(event, 2)
    services.signup_cancel(signup=first)
    waiting.refresh_from_db()
    client.force_login(staff)
    home = client.get("/staff/").content.decode()
    assert waiting.guest_name in home and "登録のない方" in home
    client.post(f"/staff/notices/{waiting.call_notice_id}/handled/")
    waiting.refresh_from_db()
    assert not waiting.needs_call
    page = client.get(f"/staff/events/{event.pk}/").content.decode()
    assert f"/staff/events/signups/{waiting.pk}/called/" not in page


def test_a_representative_signs_up_their_group_for_a_groups_only_event(client, group_rep_user):
    from tests.volunteers.factories import registered_group

    event = make_event(audience="groups", title="出張講座")
    group = registered_group(event.fiscal_year(), name="ひばりの会", representative=group_rep_user)
    client.force_login(group_rep_user)
    assert "団体として申し込む" in client.get(f"/events/{event.pk}/").content.decode()
    response = client.post(f"/events/{event.pk}/signup/", {"group": str(group.pk), "people": "12"})
    assert response.status_code == 302
    assert EventSignup.objects.get(event=event).group == group
    other = registered_group(event.fiscal_year(), name="よその会")
    assert (
        client.post(f"/events/{event.pk}/signup/", {"group": str(other.pk), "people": "1"}).status_code == 404
    )


def test_a_guest_cannot_sign_up_for_a_volunteers_only_event(client, base_data):
    event = make_event(audience="volunteers")
    response = client.post(f"/events/{event.pk}/signup/", GUEST)
    assert response.status_code == 400 and "登録ボランティアの方が申し込めます" in response.content.decode()
    assert EventSignup.objects.count() == 0


def test_an_image_flyer_is_accepted_and_a_disguised_one_refused(client, staff):
    client.force_login(staff)
    event = make_event()
    data = {
        "event_type": event.event_type_id,
        "title": event.title,
        "place": event.place,
        "capacity": "10",
        "audience": "anyone",
        "fee": "0",
        "walk_ins": "0",
        "is_published": "on",
    }
    exe = SimpleUploadedFile("flyer.png", b"MZ\x90\x00" + b"0" * 40, content_type="image/png")
    assert client.post(f"/staff/events/{event.pk}/edit/", data | {"flyer": exe}).status_code == 400
    event.refresh_from_db()
    assert not event.flyer
    png = SimpleUploadedFile("flyer.png", b"\x89PNG\r\n\x1a\n" + b"0" * 40, content_type="image/png")
    assert client.post(f"/staff/events/{event.pk}/edit/", data | {"flyer": png}).status_code == 302
    event.refresh_from_db()
    assert client.get(f"/events/{event.pk}/flyer/")["Content-Type"] == "image/png"
    event.flyer.delete(save=False)
