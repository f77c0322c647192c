"""Insurance services: coverage dates, premiums, the one-per-year rule, rosters all-or-nothing, 行事保険, renewal."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from config.core.audit import AuditEntry
from volunteers import selectors
from volunteers.forms.insurance import parse_roster
from volunteers.models import Notice
from volunteers.models.insurance import (
    Enrolment,
    EventInsurance,
    InsurancePlan,
    InsuranceStatus,
    InsuranceYear,
    RateUnit,
)
from volunteers.services import insurance as services

from .factories import VolunteerFactory, VolunteerGroupFactory
from .insurance_factories import PlanFactory, event_plan, roster_text

pytestmark = pytest.mark.django_db

D = datetime.date


# --- coverage dates, in one function ---------------------------------------------------------------


def test_coverage_starts_the_day_after_completion_and_ends_on_31_march():
    c = selectors.coverage_period(fiscal_year=2020, completed_on=D(2020, 6, 15))
    assert (c.start, c.end) == (D(2020, 6, 16), D(2021, 3, 31))


def test_an_application_for_next_year_in_march_covers_from_1_april():
    c = selectors.coverage_period(fiscal_year=2021, completed_on=D(2021, 3, 20))
    assert (c.start, c.end) == (D(2021, 4, 1), D(2022, 3, 31))


def test_next_year_opens_on_the_march_date_staff_set(staff):
    assert selectors.open_fiscal_years(D(2021, 3, 19)) == [2020, 2021]  # default 1 March
    services.insurance_year_set(
        fiscal_year=2021, applications_open_on=D(2021, 3, 20), event_lead_days=7, by=staff
    )
    assert selectors.open_fiscal_years(D(2021, 3, 19)) == [2020]
    assert selectors.open_fiscal_years(D(2021, 3, 20)) == [2020, 2021]
    assert selectors.preferred_fiscal_year(D(2021, 3, 20)) == 2021
    # On 31 March no cover is left in the year ending that day (it starts the day after): only the next is open.
    assert selectors.open_fiscal_years(D(2021, 3, 30)) == [2020, 2021]
    assert selectors.open_fiscal_years(D(2021, 3, 31)) == [2021]
    assert selectors.open_fiscal_years(D(2021, 4, 1)) == [2021]


def test_the_opening_date_must_be_in_the_march_before(staff):
    with pytest.raises(ValidationError):
        services.insurance_year_set(
            fiscal_year=2021, applications_open_on=D(2021, 2, 20), event_lead_days=7, by=staff
        )


def test_a_volunteer_applied_on_20_march_for_next_year_is_covered_from_1_april(staff):
    plan = PlanFactory(fiscal_year=2021)
    v = VolunteerFactory(registered=True)
    e = services.enrolment_apply(plan=plan, volunteer=v, via="mypage", by=staff, today=D(2021, 3, 20))
    e = services.enrolment_confirm_payment(
        enrolment=e, receipt_number="R-1", paid_on=D(2021, 3, 20), by=staff, complete=True
    )
    assert e.status == InsuranceStatus.ENROLLED
    assert (e.coverage_start, e.coverage_end) == (D(2021, 4, 1), D(2022, 3, 31))
    assert e.premium == 350  # the full year's premium


def test_completing_in_june_covers_from_the_next_day_and_tells_the_volunteer(staff):
    plan = PlanFactory(fiscal_year=2020, rate=510)
    v = VolunteerFactory(registered=True)
    e = services.enrolment_apply(plan=plan, volunteer=v, via="mypage", by=staff, today=D(2020, 6, 1))
    e = services.enrolment_confirm_payment(
        enrolment=e, receipt_number="R-2", paid_on=D(2020, 6, 15), by=staff
    )
    assert e.status == InsuranceStatus.PAID
    e = services.enrolment_complete(enrolment=e, completed_on=D(2020, 6, 15), by=staff)
    assert (e.coverage_start, e.coverage_end) == (D(2020, 6, 16), D(2021, 3, 31))
    assert e.premium == 510
    assert Notice.objects.filter(volunteer=v, subject__contains="加入手続きが完了").exists()
    assert AuditEntry.objects.filter(action="insurance_enrolled", target_id=e.pk).exists()


def test_a_year_not_yet_open_is_refused(staff):
    plan = PlanFactory(fiscal_year=2021)
    with pytest.raises(ValidationError, match="受け付けていません"):
        services.enrolment_apply(
            plan=plan,
            volunteer=VolunteerFactory(registered=True),
            via="mypage",
            by=staff,
            today=D(2021, 2, 1),
        )
    assert not Enrolment.objects.exists()


# --- one per person per year -----------------------------------------------------------------------


def test_a_person_already_enrolled_gets_a_clear_message(staff):
    plan = PlanFactory(fiscal_year=2020)
    other = PlanFactory(fiscal_year=2020)
    v = VolunteerFactory(registered=True)
    services.enrolment_apply(plan=plan, volunteer=v, via="mypage", by=staff, today=D(2020, 5, 1))
    with pytest.raises(ValidationError, match="すでに申込・加入しています"):
        services.enrolment_apply(plan=other, volunteer=v, via="counter", by=staff, today=D(2020, 5, 1))
    assert Enrolment.objects.count() == 1


def test_after_cancelling_the_person_may_apply_again(staff):
    plan = PlanFactory(fiscal_year=2020)
    v = VolunteerFactory(registered=True)
    e = services.enrolment_apply(plan=plan, volunteer=v, via="mypage", by=staff, today=D(2020, 5, 1))
    services.enrolment_cancel(enrolment=e, reason="申込の誤り", by=staff)
    again = services.enrolment_apply(plan=plan, volunteer=v, via="mypage", by=staff, today=D(2020, 5, 1))
    assert again.status == InsuranceStatus.APPLIED
    assert Enrolment.objects.filter(status="cancelled").count() == 1


def test_the_database_holds_the_rule_too(staff):
    plan = PlanFactory(fiscal_year=2020)
    fields = dict(
        fiscal_year=2020,
        plan=plan,
        person_name="田無 花子",
        person_furigana="タナシ ハナコ",
        person_key="p:タナシハナコ:1980-04-01:田無花子",
        via="counter",
        premium=350,
    )
    Enrolment.objects.create(**fields)
    dup = Enrolment(**fields)
    with pytest.raises(ValidationError, match="すでに申込・加入しています"):
        dup.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(**fields)


def test_a_roster_member_who_is_a_registered_volunteer_is_the_same_person(staff):
    plan = PlanFactory(fiscal_year=2020)
    v = VolunteerFactory(
        registered=True,
        name="田無 花子",
        name_key="田無花子",
        furigana="タナシ ハナコ",
        furigana_key="タナシハナコ",
        birth_date=D(1980, 4, 1),
    )
    services.enrolment_apply(plan=plan, volunteer=v, via="mypage", by=staff, today=D(2020, 5, 1))
    lines, errors = parse_roster("田無　花子\tたなし はなこ\t1980/4/1")
    assert not errors
    with pytest.raises(ValidationError, match="すでに申込・加入しています"):
        services.roster_apply(
            group=VolunteerGroupFactory(), plan=plan, lines=lines, by=staff, today=D(2020, 5, 1)
        )
    assert Enrolment.objects.count() == 1


def test_people_without_a_record_are_told_apart_by_name_furigana_and_birth_date(staff):
    plan = PlanFactory(fiscal_year=2020)
    group = VolunteerGroupFactory()
    first, _ = parse_roster("保谷 一郎、ホウヤ イチロウ、1950-01-01")
    services.roster_apply(group=group, plan=plan, lines=first, by=staff, today=D(2020, 5, 1))
    namesake, _ = parse_roster("保谷 一郎、ホウヤ イチロウ、1960-02-02")  # same name, another person
    services.roster_apply(group=group, plan=plan, lines=namesake, by=staff, today=D(2020, 5, 1))
    same, _ = parse_roster(
        "保谷一郎、ほうやいちろう、昭和25年1月1日"
    )  # the first one again, written differently
    with pytest.raises(ValidationError):
        services.roster_apply(
            group=VolunteerGroupFactory(), plan=plan, lines=same, by=staff, today=D(2020, 5, 1)
        )
    assert Enrolment.objects.count() == 2


# --- rosters -------------------------------------------------------------------------------------


def test_a_roster_of_50_members_is_one_application(staff):
    plan = PlanFactory(fiscal_year=2020)
    group = VolunteerGroupFactory()
    lines, errors = parse_roster(roster_text(50))
    assert not errors and len(lines) == 50
    roster = services.roster_apply(group=group, plan=plan, lines=lines, by=staff, today=D(2020, 5, 1))
    assert roster.enrolments.count() == 50
    assert set(roster.enrolments.values_list("group", flat=True)) == {group.pk}
    assert Enrolment.objects.filter(status="applied", premium=350).count() == 50


def test_a_roster_line_without_furigana_saves_nothing():
    lines, errors = parse_roster(roster_text(3) + "\n保谷 次郎\t\t1970-01-01\n" + roster_text(2, start=10))
    assert errors == [
        "4行目（保谷 次郎）：フリガナがありません。「氏名、フリガナ、生年月日」の順に入力してください。"
    ]


def test_a_roster_with_a_member_already_enrolled_saves_no_line(staff):
    plan = PlanFactory(fiscal_year=2020)
    group = VolunteerGroupFactory()
    lines, _ = parse_roster(roster_text(1, start=5))
    services.roster_apply(group=group, plan=plan, lines=lines, by=staff, today=D(2020, 5, 1))
    lines, _ = parse_roster(roster_text(10))  # includes 会員 5号
    with pytest.raises(ValidationError) as exc:
        services.roster_apply(group=group, plan=plan, lines=lines, by=staff, today=D(2020, 5, 1))
    assert "6行目" in exc.value.messages[0]
    assert Enrolment.objects.count() == 1
    assert group.insurance_rosters.count() == 1


def test_the_same_member_twice_in_a_roster_is_refused(staff):
    plan = PlanFactory(fiscal_year=2020)
    lines, _ = parse_roster(roster_text(2) + "\n" + roster_text(1))
    with pytest.raises(ValidationError, match="3行目：1行目と同じ方です"):
        services.roster_apply(
            group=VolunteerGroupFactory(), plan=plan, lines=lines, by=staff, today=D(2020, 5, 1)
        )
    assert not Enrolment.objects.exists()


def test_hostile_text_in_a_roster_is_kept_as_text(staff):
    plan = PlanFactory(fiscal_year=2020)
    lines, errors = parse_roster(
        "<script>alert(1)</script>\tアラート\t1970-01-01\n=cmd()\tイコール\t1970-01-02"
    )
    assert not errors
    services.roster_apply(
        group=VolunteerGroupFactory(), plan=plan, lines=lines, by=staff, today=D(2020, 5, 1)
    )
    assert set(Enrolment.objects.values_list("person_name", flat=True)) == {
        "<script>alert(1)</script>",
        "=cmd()",
    }


def test_a_plan_of_the_wrong_kind_or_year_is_an_unknown_plan(staff):
    with pytest.raises(ValidationError, match="プランは一覧から選んでください"):
        services.enrolment_apply(
            plan=event_plan(2020),
            volunteer=VolunteerFactory(registered=True),
            via="mypage",
            by=staff,
            today=D(2020, 5, 1),
        )
    group = VolunteerGroupFactory()
    with pytest.raises(ValidationError, match="プランは一覧から選んでください"):
        services.event_apply(
            group=group,
            plan=PlanFactory(fiscal_year=2020),
            event_name="清掃",
            starts_on=D(2020, 7, 1),
            ends_on=D(2020, 7, 1),
            place="公園",
            participants=10,
            by=staff,
            today=D(2020, 5, 1),
        )
    assert not EventInsurance.objects.exists() and not Enrolment.objects.exists()


# --- 行事保険 -------------------------------------------------------------------------------------


def test_the_event_premium_is_computed_in_one_place():
    per_day = InsurancePlan(rate=28, rate_unit=RateUnit.PER_PERSON_DAY)
    per_event = InsurancePlan(rate=2000, rate_unit=RateUnit.PER_EVENT)
    assert per_day.premium_for(participants=25, days=2) == 1400
    assert per_event.premium_for(participants=300, days=1) == 2000


def test_an_event_application_stores_the_premium_and_follows_the_flow(staff, group_rep_user):
    group = VolunteerGroupFactory(representative=group_rep_user)
    plan = event_plan(2020)
    e = services.event_apply(
        group=group,
        plan=plan,
        event_name="秋の清掃",
        starts_on=D(2020, 10, 3),
        ends_on=D(2020, 10, 4),
        place="いこいの森公園",
        participants=25,
        by=group_rep_user,
        today=D(2020, 9, 1),
    )
    assert (e.premium, e.fiscal_year, e.status) == (1400, 2020, "applied")
    e = services.event_confirm_payment(
        event=e, receipt_number="E-1", paid_on=D(2020, 9, 2), by=staff, complete=True
    )
    assert e.status == "enrolled"
    assert selectors.insured_events(2020) == 1
    services.event_cancel(event=e, reason="雨天中止", by=staff)
    assert selectors.insured_events(2020) == 0


@pytest.mark.parametrize(
    "starts_on, participants, message",
    [
        (D(2020, 8, 31), 10, "過ぎています"),
        (D(2020, 9, 5), 10, "7日前"),
        (D(2020, 10, 3), 0, "1人以上"),
        (D(2020, 10, 3), -3, "1人以上"),
    ],
)
def test_bad_event_applications_are_refused_and_nothing_is_saved(staff, starts_on, participants, message):
    with pytest.raises(ValidationError, match=message):
        services.event_apply(
            group=VolunteerGroupFactory(),
            plan=event_plan(2020),
            event_name="清掃",
            starts_on=starts_on,
            ends_on=starts_on,
            place="公園",
            participants=participants,
            by=staff,
            today=D(2020, 9, 1),
        )
    assert not EventInsurance.objects.exists()


def test_the_lead_days_are_set_by_staff(staff):
    services.insurance_year_set(
        fiscal_year=2020, applications_open_on=D(2020, 3, 1), event_lead_days=14, by=staff
    )
    with pytest.raises(ValidationError, match="14日前"):
        services.event_apply(
            group=VolunteerGroupFactory(),
            plan=event_plan(2020),
            event_name="清掃",
            starts_on=D(2020, 9, 10),
            ends_on=D(2020, 9, 10),
            place="公園",
            participants=5,
            by=staff,
            today=D(2020, 9, 1),
        )


def test_payment_needs_a_receipt_number_and_the_applied_state(staff):
    e = services.enrolment_apply(
        plan=PlanFactory(fiscal_year=2020),
        volunteer=VolunteerFactory(registered=True),
        via="counter",
        by=staff,
        today=D(2020, 5, 1),
    )
    with pytest.raises(ValidationError, match="領収書番号"):
        services.enrolment_confirm_payment(enrolment=e, receipt_number=" ", paid_on=D(2020, 5, 1), by=staff)
    services.enrolment_confirm_payment(enrolment=e, receipt_number="R-9", paid_on=D(2020, 5, 1), by=staff)
    with pytest.raises(ValidationError, match="「申込」の状態"):
        services.enrolment_confirm_payment(
            enrolment=e, receipt_number="R-10", paid_on=D(2020, 5, 1), by=staff
        )


# --- products, totals and numbers -------------------------------------------------------------------


def test_staff_copy_last_years_products_and_settings(staff):
    PlanFactory(fiscal_year=2020, name="基本タイプA", rate=350)
    event_plan(2020)
    InsuranceYear.objects.create(fiscal_year=2020, applications_open_on=D(2020, 3, 15), event_lead_days=10)
    PlanFactory(fiscal_year=2021, name="基本タイプA", rate=400)  # already adjusted: kept
    created = services.plans_copy_year(from_year=2020, to_year=2021, by=staff)
    assert [p.name for p in created] == ["行事保険Aプラン"]
    assert InsurancePlan.objects.get(fiscal_year=2021, name="基本タイプA").rate == 400
    assert selectors.applications_open_on(2021) == D(2021, 3, 15) and selectors.event_lead_days(2021) == 10
    assert services.plans_copy_year(from_year=2020, to_year=2021, by=staff) == []


def test_the_daily_total_counts_premiums_paid_that_day(staff):
    plan = PlanFactory(fiscal_year=2020, rate=500)
    for n in range(3):
        e = services.enrolment_apply(
            plan=plan,
            volunteer=VolunteerFactory(registered=True),
            via="counter",
            by=staff,
            today=D(2020, 5, 1),
        )
        services.enrolment_confirm_payment(
            enrolment=e, receipt_number=f"R{n}", paid_on=D(2020, 5, 1 + n // 2), by=staff
        )
    ev = services.event_apply(
        group=VolunteerGroupFactory(),
        plan=event_plan(2020),
        event_name="祭り",
        starts_on=D(2020, 6, 1),
        ends_on=D(2020, 6, 1),
        place="公園",
        participants=10,
        by=staff,
        today=D(2020, 5, 1),
    )
    services.event_confirm_payment(event=ev, receipt_number="E1", paid_on=D(2020, 5, 1), by=staff)
    total = selectors.premiums_received(D(2020, 5, 1))
    assert (total.people, total.people_amount, total.events, total.events_amount, total.amount) == (
        2,
        1000,
        1,
        280,
        1280,
    )


def test_numbers_for_the_plans_count_enrolled_people_per_year(staff):
    plan = PlanFactory(fiscal_year=2020)
    for n in range(3):
        e = services.enrolment_apply(
            plan=plan,
            volunteer=VolunteerFactory(registered=True),
            via="counter",
            by=staff,
            today=D(2020, 5, 1),
        )
        if n:
            services.enrolment_confirm_payment(
                enrolment=e, receipt_number=f"R{n}", paid_on=D(2020, 5, 1), by=staff, complete=True
            )
    assert selectors.insured_people(2020) == 2
    assert selectors.insurance_counts([2019, 2020]) == {
        2019: {"people": 0, "events": 0},
        2020: {"people": 2, "events": 0},
    }


# --- renewal -------------------------------------------------------------------------------------


def _enrolled_last_year(staff, v, plan):
    e = services.enrolment_apply(plan=plan, volunteer=v, via="counter", by=staff, today=D(2020, 5, 1))
    return services.enrolment_confirm_payment(
        enrolment=e, receipt_number="R", paid_on=D(2020, 5, 1), by=staff, complete=True
    )


def test_renewal_notices_go_from_the_march_date_once_each(staff):
    PlanFactory(fiscal_year=2021, name="基本タイプA")
    plan = PlanFactory(fiscal_year=2020, name="基本タイプA")
    with_email = VolunteerFactory(registered=True)
    without = VolunteerFactory(registered=True, email="")
    for v in (with_email, without):
        _enrolled_last_year(staff, v, plan)
    mail.outbox.clear()
    Notice.objects.all().delete()
    assert services.renewal_notify(fiscal_year=2021, today=D(2021, 2, 28)) == 0
    assert services.renewal_notify(fiscal_year=2021, today=D(2021, 3, 1)) == 2
    assert Notice.objects.filter(subject__contains="更新のご案内", channel="email").count() == 1
    assert (
        Notice.objects.filter(subject__contains="更新のご案内", channel="manual", volunteer=without).count()
        == 1
    )
    assert services.renewal_notify(fiscal_year=2021, today=D(2021, 3, 2)) == 0


def test_one_click_renewal_takes_last_years_plan_for_next_year(staff):
    PlanFactory(fiscal_year=2021, name="天災タイプA", rate=600)
    v = VolunteerFactory(registered=True)
    _enrolled_last_year(staff, v, PlanFactory(fiscal_year=2020, name="天災タイプA"))
    assert selectors.renewal_offer(v, D(2021, 2, 20)) is None  # next year not open yet
    assert selectors.renewal_offer(v, D(2021, 3, 5)) is not None
    renewed = services.enrolment_renew(volunteer=v, by=staff, today=D(2021, 3, 5))
    assert (renewed.fiscal_year, renewed.plan.name, renewed.premium, renewed.status) == (
        2021,
        "天災タイプA",
        600,
        "applied",
    )
    assert selectors.renewal_offer(v, D(2021, 3, 5)) is None
    with pytest.raises(ValidationError):
        services.enrolment_renew(volunteer=v, by=staff, today=D(2021, 3, 5))


def test_a_counter_enrolment_paid_on_the_spot_sends_no_notice(staff):
    v = VolunteerFactory(registered=True, email="")
    e = services.enrolment_apply(
        plan=PlanFactory(fiscal_year=2020), volunteer=v, via="counter", by=staff, today=D(2020, 6, 1)
    )
    services.enrolment_confirm_payment(
        enrolment=e, receipt_number="R-3", paid_on=D(2020, 6, 1), by=staff, complete=True
    )
    assert not Notice.objects.filter(volunteer=v).exists()
