"""The annual application pages follow the window's phase: the group page offers the form only while open and
the result once published; the staff page offers only the actions that fit; the locker page says why a
released locker passed a waiting group over."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from config.core.dates import current_fiscal_year
from programs.models import AllocationRun, ApplicationWindow, RecurringRequest
from programs.services import allocation as svc
from programs.services import lockers as locker_svc
from tests.volunteers.factories import registered_group

from .factories import T, make_lockers

pytestmark = pytest.mark.django_db
FY = current_fiscal_year() + 1
FORM_HEADING = "定期利用を申請する</h2>"
WITHDRAW = ">取り下げる</button>"
RUN = ">割当を実行する</button>"
CLOSE = ">受付を今すぐ締め切る</button>"
PUBLISH = ">結果を公開する</button>"


@pytest.fixture
def rep(client, group_rep_user, group):
    client.force_login(group_rep_user)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def make_window(site, opens_in: int, closes_in: int) -> ApplicationWindow:
    today = timezone.localdate()
    return ApplicationWindow.objects.create(
        site=site,
        fiscal_year=FY,
        opens_on=today + datetime.timedelta(days=opens_in),
        closes_on=today + datetime.timedelta(days=closes_in),
    )


def file_request(window, group, room):
    return svc.recurring_request_create(
        window=window,
        group=group,
        by=None,
        room=room,
        weekday=1,
        start_time=T(10),
        end_time=T(12),
        pattern="weekly",
        weeks=[],
        purpose="定例会",
    )


def pass_last_day(window):
    today = timezone.localdate()
    ApplicationWindow.objects.filter(pk=window.pk).update(
        opens_on=today - datetime.timedelta(days=20), closes_on=today - datetime.timedelta(days=1)
    )
    window.refresh_from_db()


REQUEST_DATA = {
    "pattern": "weekly",
    "min_capacity": "1",
    "weekday": "1",
    "start_time": "10:00",
    "end_time": "12:00",
    "second_weekday": "",
    "second_start_time": "",
    "second_end_time": "",
    "purpose": "定例会",
}


def test_before_opening_the_group_page_says_when_and_takes_nothing(rep, tanashi, room, group):
    window = make_window(tanashi, 3, 10)
    url = reverse("programs:annual_apply", args=[window.pk])
    page = rep.get(url).content.decode()
    assert "から始まります" in page and FORM_HEADING not in page
    response = rep.post(url, REQUEST_DATA | {"group": group.pk, "room": room.pk}, follow=True)
    assert "受付期間外のため" in response.content.decode()
    assert RecurringRequest.objects.count() == 0


def test_while_open_the_group_page_offers_the_form_and_withdrawal(rep, tanashi, room, group):
    window = make_window(tanashi, -1, 10)
    file_request(window, group, room)
    page = rep.get(reverse("programs:annual_apply", args=[window.pk])).content.decode()
    assert FORM_HEADING in page and WITHDRAW in page


@pytest.mark.parametrize("phase", ["closed", "closed_early", "review"])
def test_after_closing_the_group_page_shows_what_was_filed_without_form_or_withdrawal(
    rep, tanashi, room, group, staff, phase
):
    window = make_window(tanashi, -1, 10)
    request = file_request(window, group, room)
    if phase == "closed_early":
        svc.window_close_early(window=window, reason="館内工事", by=staff)
    else:
        pass_last_day(window)
    if phase == "review":
        svc.allocation_run(window=window, by=staff, seed=1)
    url = reverse("programs:annual_apply", args=[window.pk])
    page = rep.get(url).content.decode()
    assert "締め切りました" in page and "第1会議室" in page
    assert FORM_HEADING not in page and WITHDRAW not in page
    rep.post(reverse("programs:annual_withdraw", args=[request.pk]))
    rep.post(url, REQUEST_DATA | {"group": group.pk, "room": room.pk, "weekday": "3"})
    assert list(RecurringRequest.objects.all()) == [request]


def test_after_publishing_the_group_page_shows_the_result_and_no_form(rep, tanashi, room, group, staff):
    window = make_window(tanashi, -1, 10)
    file_request(window, group, room)
    pass_last_day(window)
    svc.allocation_publish(run=svc.allocation_run(window=window, by=staff, seed=1), by=staff)
    page = rep.get(reverse("programs:annual_apply", args=[window.pk])).content.decode()
    assert "割当の結果" in page and "第1希望で決定" in page and "抽選順位 1番" in page
    assert FORM_HEADING not in page and WITHDRAW not in page and "締め切りました" not in page


def test_the_staff_page_offers_only_the_actions_of_each_phase(staff_client, tanashi, room, group, staff):
    window = make_window(tanashi, 3, 10)
    url = reverse("programs:staff_window", args=[window.pk])
    page = staff_client.get(url).content.decode()
    assert "受付開始前" in page and RUN not in page and CLOSE not in page

    ApplicationWindow.objects.filter(pk=window.pk).update(opens_on=timezone.localdate())
    file_request(window, group, room)
    page = staff_client.get(url).content.decode()
    assert "受付中" in page and CLOSE in page and RUN not in page
    # Running by hand-crafted POST is refused by the service too.
    response = staff_client.post(reverse("programs:staff_run", args=[window.pk]), {"seed": "1"}, follow=True)
    assert "受付期間中は割当を実行できません" in response.content.decode()
    assert AllocationRun.objects.count() == 0

    close_url = reverse("programs:staff_window_close", args=[window.pk])
    response = staff_client.post(close_url, {"reason": ""})
    assert response.status_code == 400 and "入力してください。" in response.content.decode()
    response = staff_client.post(close_url, {"reason": "館内工事のため"}, follow=True)
    page = response.content.decode()
    assert "受付を締め切りました。" in page and "理由：館内工事のため" in page
    assert RUN in page and CLOSE not in page

    response = staff_client.post(reverse("programs:staff_run", args=[window.pk]), {"seed": "5"}, follow=True)
    run = AllocationRun.objects.get()
    page = response.content.decode()
    assert PUBLISH in page and "記録から再現して確かめる" in page and run.inputs_digest in page
    page = staff_client.get(url).content.decode()
    assert "割当をやり直す" in page and "割当の確認中" in page

    response = staff_client.post(reverse("programs:staff_run_replay", args=[run.pk]), follow=True)
    assert "同じ結果になることを確かめました" in response.content.decode()

    response = staff_client.post(reverse("programs:staff_publish", args=[run.pk]), follow=True)
    page = response.content.decode()
    assert "割当を公開し" in page and PUBLISH not in page
    page = staff_client.get(url).content.decode()
    assert "結果を公開しました" in page and RUN not in page and CLOSE not in page
    assert "結果を公開済み" in staff_client.get(reverse("programs:staff_rooms")).content.decode()


def test_replaying_a_tampered_run_tells_staff(staff_client, tanashi, room, group, staff):
    window = make_window(tanashi, -1, 10)
    file_request(window, group, room)
    pass_last_day(window)
    run = svc.allocation_run(window=window, by=staff, seed=1)
    AllocationRun.objects.filter(pk=run.pk).update(inputs=run.inputs | {"closed_days": {}})
    response = staff_client.post(reverse("programs:staff_run_replay", args=[run.pk]), follow=True)
    assert "記録が書き換えられています" in response.content.decode()


def test_releasing_a_locker_tells_staff_who_was_passed_over_and_why(staff_client, tanashi, group, staff):
    fy = current_fiscal_year()
    locker = make_lockers(tanashi, 1)[0]
    holder = locker_svc.locker_assign(locker=locker, group=group, fiscal_year=fy, by=staff)
    lapsed = registered_group(name="更新していない会", fiscal_year=fy - 1)
    nxt = registered_group(name="次の会")
    locker_svc.waitlist_add(site=tanashi, fiscal_year=fy, group=lapsed, by=staff)
    locker_svc.waitlist_add(site=tanashi, fiscal_year=fy, group=nxt, by=staff)
    response = staff_client.post(
        reverse("programs:staff_locker_action", args=[holder.pk, "release"]), follow=True
    )
    page = response.content.decode()
    assert "ロッカーの貸し出しを終了しました。" in page
    assert f"順番待ちの「更新していない会」（{fy}年度の団体登録が済んでいない）は飛ばしました。" in page
    assert "順番待ちの「次の会」に貸し出しました。" in page
    assert "に順番を飛ばしました" in page  # the entry stays on the list, marked


def test_a_second_locker_by_hand_is_refused_on_the_form(staff_client, tanashi, group, staff):
    fy = current_fiscal_year()
    first, second = make_lockers(tanashi, 2)
    locker_svc.locker_assign(locker=first, group=group, fiscal_year=fy, by=staff)
    response = staff_client.post(
        reverse("programs:staff_lockers", args=["tanashi"]),
        {"locker": second.pk, "group": group.pk, "fy": fy},
    )
    assert response.status_code == 400
    assert "すでに1個借りています（1団体1個まで）" in response.content.decode()


def test_the_rooms_page_offers_only_windows_still_taking_applications(rep, staff, tanashi, hoya):
    open_window = make_window(tanashi, -1, 10)
    closed_early = make_window(hoya, -1, 10)
    svc.window_close_early(window=closed_early, reason="館内工事", by=staff)
    page = rep.get(reverse("programs:my_rooms")).content.decode()
    assert reverse("programs:annual_apply", args=[open_window.pk]) in page
    assert reverse("programs:annual_apply", args=[closed_early.pk]) not in page
