"""Rules of coordination: requests, their history, 募集, introductions, answers and the yearly counts."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from config.core.models import AuditEntry
from volunteers import selectors
from volunteers.models import HelpRequest, Introduction, Notice
from volunteers.services import coordination as services

from .coordination_factories import PublishedRequestFactory, registered_volunteer
from .factories import (
    HelpRequestFactory,
    IntroductionFactory,
    VolunteerFactory,
    activity_field,
    registered_group,
)

pytestmark = pytest.mark.django_db


def request_data(**overrides):
    data = {
        "requester_type": HelpRequest.RequesterType.FACILITY, "requester_name": "けやき苑", "title": "話し相手",
        "description": "入居者の話し相手", "volunteers_needed": 2, "received_on": datetime.date(2025, 6, 2),
    }
    return data | overrides


# --- requests ---


def test_creating_a_request_records_it_in_its_history(staff):
    help_request = services.request_create(by=staff, data=request_data())
    assert help_request.status == HelpRequest.Status.RECEIVED and help_request.created_by == staff
    entry = AuditEntry.objects.get(target_type="volunteers.helprequest", target_id=help_request.pk)
    assert entry.action == "request_create" and entry.actor == staff


def test_an_online_request_has_no_staff_and_today_as_its_date(base_data):
    data = request_data()
    del data["received_on"]
    help_request = services.request_create(by=None, data=data, via=HelpRequest.Via.ONLINE)
    assert help_request.received_via == "online" and help_request.created_by is None
    assert help_request.received_on is not None


def test_a_request_rejects_dates_out_of_order_and_zero_people(staff):
    with pytest.raises(ValidationError) as exc:
        services.request_create(by=staff, data=request_data(starts_on=datetime.date(2025, 7, 2), ends_on=datetime.date(2025, 7, 1)))
    assert "活動終了日は開始日以降にしてください。" in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        services.request_create(by=staff, data=request_data(volunteers_needed=501))
    assert "必要な人数は1〜500人で入力してください。" in exc.value.messages
    assert not HelpRequest.objects.exists()


def test_updating_a_request_records_old_and_new_values(staff):
    help_request = services.request_create(by=staff, data=request_data())
    services.request_update(help_request=help_request, by=staff, data={"title": "話し相手（午後）"})
    entry = AuditEntry.objects.get(target_id=help_request.pk, action="request_update")
    assert entry.changes == {"title": ["話し相手", "話し相手（午後）"]}
    lines = [line for event in selectors.request_history(help_request) for line in event.lines]
    assert "依頼の件名：話し相手 → 話し相手（午後）" in lines


def test_closing_needs_a_reason_and_unpublishes(staff):
    help_request = PublishedRequestFactory()
    with pytest.raises(ValidationError) as exc:
        services.request_close(help_request=help_request, by=staff, reason="")
    assert "終了するときは終了理由を選んでください。" in exc.value.messages
    services.request_close(help_request=help_request, by=staff, reason=HelpRequest.ClosingReason.MATCHED)
    help_request.refresh_from_db()
    assert help_request.status == "closed" and help_request.closed_on and not help_request.is_published
    with pytest.raises(ValidationError, match="終了しています"):
        services.request_close(help_request=help_request, by=staff, reason=HelpRequest.ClosingReason.OTHER)
    services.request_reopen(help_request=help_request, by=staff)
    help_request.refresh_from_db()
    assert help_request.status == "received" and help_request.closing_reason == ""


def test_the_history_shows_comments_introductions_and_status_changes_in_order(staff):
    help_request = services.request_create(by=staff, data=request_data())
    services.request_comment_add(help_request=help_request, by=staff, body="施設に電話した")
    volunteer = registered_volunteer()
    services.introduction_create(help_request=help_request, by=staff, volunteer=volunteer)
    services.request_close(help_request=help_request, by=staff, reason=HelpRequest.ClosingReason.MATCHED)
    titles = [e.title for e in selectors.request_history(help_request)]
    assert titles == ["依頼を受付", "記録", "紹介", "状態を変更", "依頼を終了"]
    close = selectors.request_history(help_request)[-1]
    assert "終了理由：（なし） → 成立" in close.lines


def test_publishing_needs_a_title_and_a_closed_request_cannot_be_published(staff):
    help_request = HelpRequestFactory()
    with pytest.raises(ValidationError) as exc:
        services.request_publish(help_request=help_request, by=staff, public_title="", public_description="x")
    assert "公開する募集には見出しが必要です。" in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        services.request_publish(help_request=help_request, by=staff, public_title="見出し", public_description="内容")
    assert "公開する募集には、公開用の活動場所（例：田無町周辺）が必要です。" in exc.value.messages
    services.request_publish(
        help_request=help_request, by=staff, public_title="見出し", public_description="内容", public_place="田無町周辺"
    )
    assert help_request.is_published and help_request.public_place == "田無町周辺"
    services.request_close(help_request=help_request, by=staff, reason="withdrawn")
    with pytest.raises(ValidationError, match="終了しています"):
        services.request_publish(help_request=help_request, by=staff, public_title="見出し", public_description="内容")


# --- constraints, twice each ---


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"volunteers_needed": 0}, "必要な人数は1〜500人で入力してください。"),
        ({"starts_on": datetime.date(2025, 5, 2), "ends_on": datetime.date(2025, 5, 1)}, "活動終了日は開始日以降にしてください。"),
        ({"status": "closed", "closing_reason": ""}, "終了するときは終了理由を選んでください。"),
        ({"is_published": True, "public_title": ""}, "公開する募集には見出しが必要です。"),
    ],
)
def test_request_constraints_hold_in_full_clean_and_in_the_database(base_data, fields, message):
    help_request = HelpRequestFactory.build(**fields)
    with pytest.raises(ValidationError) as exc:
        help_request.full_clean()
    assert message in exc.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpRequest.objects.create(**{f.name: getattr(help_request, f.name) for f in HelpRequest._meta.concrete_fields if f.name != "id"})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "failed", "failure_reason": ""}, "不成立の理由を入力してください。"),
        ({"status": "proposed", "introduced_on": None}, "紹介日を入力してください。"),
    ],
)
def test_introduction_constraints_hold_in_full_clean_and_in_the_database(base_data, fields, message):
    request, volunteer = HelpRequestFactory(), registered_volunteer()
    intro = Introduction(request=request, volunteer=volunteer, introduced_on=datetime.date(2025, 5, 1))
    for name, value in fields.items():
        setattr(intro, name, value)
    with pytest.raises(ValidationError) as exc:
        intro.full_clean()
    assert message in exc.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        Introduction.objects.create(request=request, volunteer=volunteer, **({"introduced_on": datetime.date(2025, 5, 1)} | fields))


def test_an_introduction_goes_to_a_volunteer_or_a_group_not_both(base_data):
    request, volunteer, group = HelpRequestFactory(), registered_volunteer(), registered_group()
    with pytest.raises(ValidationError) as exc:
        Introduction(request=request, volunteer=volunteer, group=group, introduced_on=datetime.date.today()).full_clean()
    assert "紹介先はボランティアか団体のどちらか一つを選んでください。" in exc.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        Introduction.objects.create(request=request, introduced_on=datetime.date.today())


def test_a_volunteer_is_introduced_once_per_request(staff):
    intro = IntroductionFactory()
    with pytest.raises(ValidationError) as exc:
        Introduction(request=intro.request, volunteer=intro.volunteer, introduced_on=datetime.date.today()).full_clean()
    assert "このボランティアはこの依頼にすでに紹介・応募されています。" in exc.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        Introduction.objects.create(request=intro.request, volunteer=intro.volunteer, introduced_on=datetime.date.today())
    with pytest.raises(ValidationError, match="すでに紹介・応募"):
        services.introduction_create(help_request=intro.request, by=staff, volunteer=intro.volunteer)


def test_a_group_is_introduced_once_per_request(staff):
    request, group = HelpRequestFactory(), registered_group()
    services.introduction_create(help_request=request, by=staff, group=group)
    with pytest.raises(ValidationError, match="この団体はこの依頼にすでに紹介されています。"):
        services.introduction_create(help_request=request, by=staff, group=group)
    with pytest.raises(IntegrityError), transaction.atomic():
        Introduction.objects.create(request=request, group=group, introduced_on=datetime.date.today())


# --- introductions ---


def test_introducing_moves_the_request_on_and_emails_the_volunteer(staff, django_capture_on_commit_callbacks):
    request = HelpRequestFactory()
    volunteer = registered_volunteer(email="hana@example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        intro = services.introduction_create(help_request=request, by=staff, volunteer=volunteer)
    request.refresh_from_db()
    assert intro.status == "proposed" and intro.initiated_by == "staff" and intro.introduced_on == datetime.date.today()
    assert request.status == HelpRequest.Status.COORDINATING
    assert mail.outbox[0].to == ["hana@example.jp"] and "紹介" in mail.outbox[0].subject
    assert "依頼 花子" not in mail.outbox[0].body


def test_a_volunteer_without_email_goes_on_the_staff_phone_list(staff):
    intro = services.introduction_create(help_request=HelpRequestFactory(), by=staff, volunteer=registered_volunteer(email=""))
    assert Notice.objects.get(volunteer=intro.volunteer).channel == Notice.Channel.MANUAL


def test_a_group_introduction_notifies_the_group(staff):
    group = registered_group()
    services.introduction_create(help_request=HelpRequestFactory(), by=staff, group=group)
    assert Notice.objects.get(group=group).subject == "ボランティア活動のご紹介"


def test_only_registered_volunteers_are_introduced_and_closed_requests_take_none(staff):
    with pytest.raises(ValidationError, match="登録済み"):
        services.introduction_create(help_request=HelpRequestFactory(), by=staff, volunteer=VolunteerFactory())
    closed = HelpRequestFactory(status="closed", closing_reason="duplicate")
    with pytest.raises(ValidationError, match="終了しています"):
        services.introduction_create(help_request=closed, by=staff, volunteer=registered_volunteer())
    assert not Introduction.objects.exists()


def test_applying_to_a_published_request_then_staff_confirm(staff, volunteer_user):
    volunteer = registered_volunteer(volunteer_user)
    request = PublishedRequestFactory()
    intro = services.introduction_apply(help_request=request, volunteer=volunteer)
    assert (intro.status, intro.initiated_by, intro.introduced_on) == ("applied", "applied", None)
    assert selectors.introductions(2025) == 0  # an application is not an introduction yet
    services.introduction_confirm(introduction=intro, by=staff, introduced_on=datetime.date(2025, 5, 10))
    intro.refresh_from_db()
    assert intro.status == "proposed" and intro.introduced_on == datetime.date(2025, 5, 10)
    assert selectors.introductions(2025) == 1


def test_applying_needs_a_published_open_request_and_a_registered_volunteer(volunteer_user):
    volunteer = registered_volunteer(volunteer_user)
    with pytest.raises(ValidationError, match="受け付けていません"):
        services.introduction_apply(help_request=HelpRequestFactory(), volunteer=volunteer)
    with pytest.raises(ValidationError, match="登録済み"):
        services.introduction_apply(help_request=PublishedRequestFactory(), volunteer=VolunteerFactory())
    volunteer_twice = PublishedRequestFactory()
    services.introduction_apply(help_request=volunteer_twice, volunteer=volunteer)
    with pytest.raises(ValidationError, match="すでに紹介・応募"):
        services.introduction_apply(help_request=volunteer_twice, volunteer=volunteer)


def test_the_volunteer_accepts_or_declines_once(staff, volunteer_user, other_volunteer_user):
    volunteer = registered_volunteer(volunteer_user)
    intro = services.introduction_create(help_request=HelpRequestFactory(), by=staff, volunteer=volunteer)
    other = registered_volunteer(other_volunteer_user)
    with pytest.raises(PermissionError):
        services.introduction_respond(introduction=intro, volunteer=other, accept=True)
    services.introduction_respond(introduction=intro, volunteer=volunteer, accept=True)
    assert intro.response == "accepted" and intro.responded_at
    with pytest.raises(ValidationError, match="もう回答できません"):
        services.introduction_respond(introduction=intro, volunteer=volunteer, accept=False)


def test_declining_makes_the_introduction_unsuccessful(staff, volunteer_user):
    volunteer = registered_volunteer(volunteer_user)
    intro = services.introduction_create(help_request=HelpRequestFactory(), by=staff, volunteer=volunteer)
    services.introduction_respond(introduction=intro, volunteer=volunteer, accept=False)
    assert (intro.status, intro.response, intro.failure_reason) == ("failed", "declined", "本人が辞退")


def test_staff_move_an_introduction_to_started_failed_and_ended(staff):
    intro = IntroductionFactory(status="proposed")
    services.introduction_update(introduction=intro, by=staff, data={"status": "active"})
    assert intro.status == "active" and intro.started_on == datetime.date.today()
    with pytest.raises(ValidationError, match="不成立の理由を入力してください。"):
        services.introduction_update(introduction=intro, by=staff, data={"status": "failed", "failure_reason": ""})
    services.introduction_update(introduction=intro, by=staff, data={"status": "ended"})
    assert intro.status == "ended" and intro.ended_on
    assert AuditEntry.objects.filter(target_id=intro.request_id, action="introduction_status").count() == 2


# --- the yearly counts for the plans ---


def test_introductions_count_once_in_the_fiscal_year_of_introduced_on(base_data, django_assert_num_queries):
    IntroductionFactory(introduced_on=datetime.date(2020, 4, 1), status="active", started_on=datetime.date(2020, 4, 5))
    IntroductionFactory(introduced_on=datetime.date(2021, 3, 31), status="failed", failure_reason="日程が合わない")
    IntroductionFactory(introduced_on=datetime.date(2021, 2, 1), status="ended", started_on=datetime.date(2021, 2, 3))
    IntroductionFactory(introduced_on=datetime.date(2021, 4, 1), status="active")
    IntroductionFactory(introduced_on=None, status="applied")
    with django_assert_num_queries(1):
        assert selectors.introductions(2020) == 3
    with django_assert_num_queries(1):
        assert selectors.introduction_success_rate(2020) == pytest.approx(2 / 3)
    assert selectors.introductions(2021) == 1
    assert selectors.introduction_success_rate(2019) is None


def test_consultations_count_by_received_on(staff):
    from .factories import ConsultationFactory

    ConsultationFactory(received_on=datetime.date(2020, 4, 1), staff=staff)
    ConsultationFactory(received_on=datetime.date(2021, 3, 31), staff=staff)
    ConsultationFactory(received_on=datetime.date(2021, 4, 1), staff=staff)
    assert selectors.consultations(2020) == 2 and selectors.consultations(2021) == 1


# --- candidates ---


def test_candidates_are_filtered_and_ranked_with_reasons(base_data):
    elderly = activity_field("elderly")
    request = HelpRequestFactory(activity_field=elderly)
    best = registered_volunteer(fields=["elderly"], availability=["wed_am", "wed_pm"], name="最適 一郎", name_key="最適一郎")
    good = registered_volunteer(fields=["elderly"], availability=["wed_am"], lives_in_city=False, address="東京都小平市")
    registered_volunteer(fields=["children"], availability=["wed_am"])  # other field
    VolunteerFactory(availability=["wed_am"])  # not registered
    criteria = selectors.CandidateCriteria(activity_field=elderly, slots=("wed_am", "wed_pm"))
    found = list(selectors.volunteer_candidates(request, criteria))
    assert found == [best, good]
    reasons = selectors.candidate_reasons(found[0], request, criteria)
    assert reasons == ["分野：高齢者", "活動できる日時：水曜午前、水曜午後", "市内在住"]


def test_candidates_can_be_limited_to_the_city_and_an_area(base_data):
    request = HelpRequestFactory()
    tanashi = registered_volunteer(address="西東京市田無町1-1")
    registered_volunteer(address="西東京市ひばりが丘1-1")
    found = list(selectors.volunteer_candidates(request, selectors.CandidateCriteria(in_city=True, area="田無町")))
    assert found == [tanashi]
    assert "住所に「田無町」" in selectors.candidate_reasons(found[0], request, selectors.CandidateCriteria(area="田無町"))


def test_group_candidates_are_groups_registered_this_year(base_data):
    elderly = activity_field("elderly")
    request = HelpRequestFactory(activity_field=elderly)
    current = registered_group()
    current.activity_fields.add(elderly)
    registered_group(fiscal_year=2019).activity_fields.add(elderly)
    from config.core.dates import current_fiscal_year

    found = list(selectors.group_candidates(request, selectors.CandidateCriteria(activity_field=elderly), current_fiscal_year()))
    assert found == [current]
