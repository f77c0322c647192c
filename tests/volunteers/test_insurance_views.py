"""Insurance pages: a volunteer's my page, a representative's roster and 行事保険, the staff counter, lists, receipt, exports."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from config.core.dates import current_fiscal_year, fiscal_year, fiscal_year_end, wareki_date
from volunteers.models.insurance import Enrolment, EventInsurance, InsurancePlan
from volunteers.selectors.insurance import coverage_period, preferred_fiscal_year

from .factories import VolunteerFactory, VolunteerGroupFactory
from .insurance_factories import PlanFactory, event_plan, roster_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return PlanFactory(name="基本タイプA", rate=350)


@pytest.fixture
def me(volunteer_user):
    return VolunteerFactory(
        user=volunteer_user, registered=True, name="西東 花子", furigana="サイトウ ハナコ"
    )


@pytest.fixture
def rep_group(group_rep_user):
    return VolunteerGroupFactory(representative=group_rep_user, name="ひばりの会")


def _text(response) -> str:
    return response.content.decode()


def test_a_volunteer_applies_on_their_my_page_and_sees_the_coverage_rule(client, volunteer_user, me, plan):
    client.force_login(volunteer_user)
    page = client.get(reverse("volunteers:my_insurance"))
    assert "サンプル" in _text(page) and "基本タイプA" in _text(page)
    assert "今日加入手続きが完了すると" in _text(page)
    response = client.post(reverse("volunteers:my_insurance"), {"plan": plan.pk}, follow=True)
    assert "申し込みました" in _text(response)
    e = Enrolment.objects.get(volunteer=me)
    assert (e.status, e.via, e.premium, e.fiscal_year) == ("applied", "mypage", 350, plan.fiscal_year)
    again = client.get(reverse("volunteers:my_insurance"))
    assert "ボランティア保険に申し込む" not in _text(again)  # one per year: no second form


def test_the_my_page_links_to_insurance(client, volunteer_user, me):
    client.force_login(volunteer_user)
    assert reverse("volunteers:my_insurance") in _text(client.get(reverse("volunteers:mypage")))


def test_an_unknown_plan_is_a_clear_error_and_saves_nothing(client, volunteer_user, me, plan):
    client.force_login(volunteer_user)
    other_year = PlanFactory(fiscal_year=current_fiscal_year() - 3)
    for value in ("999999", str(other_year.pk), str(event_plan().pk), "abc"):
        response = client.post(reverse("volunteers:my_insurance"), {"plan": value})
        assert response.status_code == 200
        assert "プランは一覧から選んでください。" in _text(response)
    assert not Enrolment.objects.exists()


def test_staff_confirm_payment_and_the_volunteer_sees_enrolled_with_the_period(
    client, staff, volunteer_user, me, plan
):
    client.force_login(volunteer_user)
    client.post(reverse("volunteers:my_insurance"), {"plan": plan.pk})
    e = Enrolment.objects.get()
    client.force_login(staff)
    today = timezone.localdate()
    client.post(
        reverse("volunteers:staff_enrolment_pay", args=[e.pk]),
        {"receipt_number": "Ｒ－１２３", "paid_on": today.isoformat(), "complete": "on"},
    )
    e.refresh_from_db()
    assert (e.status, e.receipt_number) == ("enrolled", "R-123")
    receipt = client.get(reverse("volunteers:staff_enrolment_receipt", args=[e.pk]))
    assert "領収書" in _text(receipt) and "金 350 円" in _text(receipt) and "西東 花子 様" in _text(receipt)
    client.force_login(volunteer_user)
    page = _text(client.get(reverse("volunteers:my_insurance")))
    assert "加入済" in page
    period = f"{wareki_date(e.coverage_start)}〜{wareki_date(fiscal_year_end(plan.fiscal_year))}"
    assert period in page


def test_someone_else_cannot_see_an_enrolment(client, other_volunteer_user, me, plan, staff):
    e = Enrolment.objects.create(
        fiscal_year=plan.fiscal_year,
        plan=plan,
        volunteer=me,
        person_name=me.name,
        person_furigana=me.furigana,
        person_key=f"v:{me.pk}",
        via="mypage",
        premium=350,
    )
    client.force_login(other_volunteer_user)
    assert client.get(reverse("volunteers:staff_enrolment", args=[e.pk])).status_code == 403
    assert client.get(reverse("volunteers:staff_enrolment_receipt", args=[e.pk])).status_code == 403
    assert client.get(reverse("volunteers:staff_enrolments")).status_code == 403


def test_the_counter_finds_a_person_by_furigana_and_enrols_at_once(client, staff, plan):
    v = VolunteerFactory(
        registered=True, name="保谷 次郎", furigana="ホウヤ ジロウ", furigana_key="ホウヤジロウ"
    )
    client.force_login(staff)
    page = client.get(reverse("volunteers:staff_enrolment_new"), {"q": "ほうや"})
    assert "保谷 次郎（ホウヤ ジロウ" in _text(page)
    response = client.post(
        reverse("volunteers:staff_enrolment_new") + "?q=ほうや",
        {"volunteer": v.pk, "plan": plan.pk, "receipt_number": "A-1"},
        follow=True,
    )
    assert "受け付けました" in _text(response)
    e = Enrolment.objects.get(volunteer=v)
    assert (e.status, e.via, e.coverage_start) == (
        "enrolled",
        "counter",
        coverage_period(fiscal_year=plan.fiscal_year, completed_on=timezone.localdate()).start,
    )


def test_the_counter_enrols_someone_without_a_record_by_name_furigana_and_birth_date(client, staff, plan):
    client.force_login(staff)
    response = client.post(
        reverse("volunteers:staff_enrolment_new"),
        {"plan": plan.pk, "name": "田無 三郎", "furigana": "たなし さぶろう"},
    )
    assert "登録ボランティアを選ぶか、氏名・フリガナ・生年月日を入力してください。" in _text(response)
    assert not Enrolment.objects.exists()
    client.post(
        reverse("volunteers:staff_enrolment_new"),
        {"plan": plan.pk, "name": "田無 三郎", "furigana": "たなし さぶろう", "birth_date": "1950-03-03"},
    )
    e = Enrolment.objects.get()
    assert (e.person_furigana, e.person_key) == ("タナシ サブロウ", "p:タナシサブロウ:1950-03-03:田無三郎")


def test_a_representative_files_a_roster_of_50(client, group_rep_user, rep_group, plan):
    client.force_login(group_rep_user)
    assert reverse("volunteers:group_insurance", args=[rep_group.pk]) in _text(
        client.get(reverse("volunteers:mypage_group", args=[rep_group.pk]))
    )
    response = client.post(
        reverse("volunteers:group_roster", args=[rep_group.pk]),
        {"plan": plan.pk, "members": roster_text(50)},
        follow=True,
    )
    assert "50人の名簿を申し込みました" in _text(response)
    assert Enrolment.objects.filter(group=rep_group, via="roster").count() == 50


def test_a_roster_with_a_line_without_furigana_saves_nothing(client, group_rep_user, rep_group, plan):
    client.force_login(group_rep_user)
    members = roster_text(10) + "\n保谷 次郎\n" + roster_text(5, start=20)
    response = client.post(
        reverse("volunteers:group_roster", args=[rep_group.pk]), {"plan": plan.pk, "members": members}
    )
    assert "11行目（保谷 次郎）：フリガナがありません。" in _text(response)
    assert not Enrolment.objects.exists()


def test_last_years_members_are_offered_on_the_roster(client, group_rep_user, rep_group, plan):
    last = PlanFactory(fiscal_year=preferred_fiscal_year() - 1)  # the year before the roster's (next, from March)
    Enrolment.objects.create(
        fiscal_year=last.fiscal_year,
        plan=last,
        group=rep_group,
        person_name="保谷 一郎",
        person_furigana="ホウヤ イチロウ",
        birth_date=datetime.date(1950, 1, 1),
        person_key="p:ホウヤイチロウ:1950-01-01:保谷一郎",
        via="roster",
        premium=350,
    )
    client.force_login(group_rep_user)
    page = _text(client.get(reverse("volunteers:group_roster", args=[rep_group.pk])))
    assert "昨年度の名簿の1人を入れてあります" in page
    assert "保谷 一郎\tホウヤ イチロウ\t1950-01-01" in page


def test_another_groups_pages_are_not_found(client, group_rep_user, plan):
    other = VolunteerGroupFactory()
    client.force_login(group_rep_user)
    assert client.get(reverse("volunteers:group_roster", args=[other.pk])).status_code == 404
    assert client.get(reverse("volunteers:group_event_apply", args=[other.pk])).status_code == 404


def test_the_event_premium_is_shown_before_submitting(client, group_rep_user, rep_group):
    day = timezone.localdate() + datetime.timedelta(days=30)
    plan = event_plan(fiscal_year(day))  # the event day's year: the next one from early March
    client.force_login(group_rep_user)
    data = {
        "event_name": "秋の清掃",
        "starts_on": day.isoformat(),
        "ends_on": (day + datetime.timedelta(days=1)).isoformat(),
        "place": "公園",
        "participants": "25",
        "plan": plan.pk,
        "action": "preview",
    }
    preview = client.post(reverse("volunteers:group_event_apply", args=[rep_group.pk]), data)
    assert "保険料：1,400円" in _text(preview) and "サンプル" in _text(preview)
    assert not EventInsurance.objects.exists()
    client.post(reverse("volunteers:group_event_apply", args=[rep_group.pk]), {**data, "action": "submit"})
    assert EventInsurance.objects.get().premium == 1400


@pytest.mark.parametrize(
    "change, message",
    [
        ({"participants": "0"}, "参加予定人数は1以上で入力してください。"),
        ({"participants": "-5"}, "参加予定人数は1以上で入力してください。"),
        ({"starts_on": "2001-01-01", "ends_on": ""}, "過ぎています"),
        ({"event_name": ""}, "行事名を入力してください。"),
    ],
)
def test_bad_event_input_is_a_clear_error_and_saves_nothing(
    client, group_rep_user, rep_group, change, message
):
    plan = event_plan()
    client.force_login(group_rep_user)
    day = timezone.localdate() + datetime.timedelta(days=30)
    data = {
        "event_name": "清掃",
        "starts_on": day.isoformat(),
        "place": "公園",
        "participants": "10",
        "plan": plan.pk,
        "action": "submit",
        **change,
    }
    response = client.post(reverse("volunteers:group_event_apply", args=[rep_group.pk]), data)
    assert message in _text(response)
    assert not EventInsurance.objects.exists()


def _enrolled(plan, n, day, **extra):
    rows = []
    for i in range(n):
        rows.append(
            Enrolment(
                fiscal_year=plan.fiscal_year,
                plan=plan,
                person_name=f"会員{i}",
                person_furigana=f"カイイン{i}",
                furigana_key=f"カイイン{i:05d}",
                name_key=f"会員{i}",
                person_key=f"p:{i}:{extra.get('tag', '')}",
                via="counter",
                premium=plan.rate,
                status="enrolled",
                paid_on=day,
                receipt_number=f"R{i}",
                enrolled_on=day,
                coverage_start=coverage_period(fiscal_year=plan.fiscal_year, completed_on=day).start,
                coverage_end=coverage_period(fiscal_year=plan.fiscal_year, completed_on=day).end,
                group=extra.get("group"),
            )
        )
    Enrolment.objects.bulk_create(rows)


def test_the_roster_export_lists_enrolments_completed_in_the_range_in_the_forms_column_order(
    client, staff, plan
):
    group = VolunteerGroupFactory(name="ひばりの会")
    today = timezone.localdate()
    _enrolled(plan, 2, today, group=group, tag="a")
    _enrolled(plan, 1, today - datetime.timedelta(days=40), tag="b")
    client.force_login(staff)
    response = client.get(
        reverse("volunteers:staff_roster_export"),
        {
            "start": (today - datetime.timedelta(days=7)).isoformat(),
            "end": today.isoformat(),
            "export": "csv",
        },
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["氏名", "フリガナ", "プラン", "団体", "加入日", "補償開始日", "補償終了日"]
    assert len(rows) == 3
    assert rows[1][:4] == ["会員0", "カイイン0", "基本タイプA", "ひばりの会"]
    xlsx = client.get(
        reverse("volunteers:staff_roster_export"),
        {"start": today.isoformat(), "end": today.isoformat(), "export": "xlsx"},
    )
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_staff_list_filters_by_status_plan_and_name(client, staff, plan):
    other = PlanFactory(name="天災タイプA")
    _enrolled(plan, 3, timezone.localdate(), tag="x")
    Enrolment.objects.create(
        fiscal_year=other.fiscal_year,
        plan=other,
        person_name="保谷 花",
        person_furigana="ホウヤ ハナ",
        furigana_key="ホウヤハナ",
        name_key="保谷花",
        person_key="p:h",
        via="counter",
        premium=500,
    )
    client.force_login(staff)
    url = reverse("volunteers:staff_enrolments")
    assert "4件" in _text(client.get(url))
    assert "1件" in _text(client.get(url, {"status": "applied"}))
    assert "1件" in _text(client.get(url, {"plan": other.pk}))
    assert "1件" in _text(client.get(url, {"q": "ほうや"}))
    assert "3件" in _text(client.get(url, {"fiscal_year": plan.fiscal_year, "status": "enrolled"}))


def test_the_daily_total_page(client, staff, plan):
    _enrolled(plan, 3, timezone.localdate(), tag="d")
    client.force_login(staff)
    page = _text(client.get(reverse("volunteers:staff_insurance_daily")))
    assert "1,050円" in page and "3人" in page


def test_staff_copy_products_to_next_year_on_the_products_page(client, staff, plan):
    client.force_login(staff)
    fy = plan.fiscal_year
    client.post(
        reverse("volunteers:staff_insurance_products"), {"action": "copy", "from_year": fy, "to_year": fy + 1}
    )
    assert InsurancePlan.objects.filter(
        fiscal_year=fy + 1, name="基本タイプA", rate=350, is_sample=True
    ).exists()
    page = _text(client.get(reverse("volunteers:staff_insurance_products"), {"year": fy + 1}))
    assert "基本タイプA" in page and "サンプル" in page


def test_the_staff_menu_links_to_insurance(client, staff):
    client.force_login(staff)
    assert reverse("volunteers:staff_enrolments") in _text(client.get(reverse("volunteers:staff_home")))


def test_one_click_renewal_on_the_my_page(client, volunteer_user, me, staff, monkeypatch):
    fy = preferred_fiscal_year()  # the year renewed: the next one from late March
    last = PlanFactory(fiscal_year=fy - 1, name="天災タイプA")
    PlanFactory(fiscal_year=fy, name="天災タイプA")
    Enrolment.objects.create(
        fiscal_year=fy - 1,
        plan=last,
        volunteer=me,
        person_name=me.name,
        person_furigana=me.furigana,
        person_key=f"v:{me.pk}",
        via="mypage",
        premium=350,
        status="enrolled",
        paid_on=datetime.date(fy - 1, 5, 1),
        receipt_number="R",
        enrolled_on=datetime.date(fy - 1, 5, 1),
        coverage_start=datetime.date(fy - 1, 5, 2),
        coverage_end=datetime.date(fy, 3, 31),
    )
    client.force_login(volunteer_user)
    page = _text(client.get(reverse("volunteers:my_insurance")))
    assert "昨年度と同じプランで更新する" in page
    client.post(reverse("volunteers:my_insurance_renew"))
    renewed = Enrolment.objects.get(fiscal_year=fy)
    assert (renewed.plan.name, renewed.status) == ("天災タイプA", "applied")
    assert "昨年度と同じプランで更新する" not in _text(client.get(reverse("volunteers:my_insurance")))


def test_renewal_is_post_only(client, volunteer_user, me):
    client.force_login(volunteer_user)
    assert client.get(reverse("volunteers:my_insurance_renew")).status_code == 405


def test_staff_confirm_a_whole_roster_with_one_receipt(client, staff, group_rep_user, rep_group, plan):
    client.force_login(group_rep_user)
    client.post(
        reverse("volunteers:group_roster", args=[rep_group.pk]), {"plan": plan.pk, "members": roster_text(50)}
    )
    roster = rep_group.insurance_rosters.get()
    first = roster.enrolments.order_by("pk").first()
    client.force_login(staff)
    client.post(reverse("volunteers:staff_enrolment_cancel", args=[first.pk]), {"reason": "退会"})
    page = _text(client.get(reverse("volunteers:staff_roster", args=[roster.pk])))
    assert "まとめて入金を確認する（49人・17,150円）" in page
    today = timezone.localdate().isoformat()
    client.post(
        reverse("volunteers:staff_roster", args=[roster.pk]),
        {"receipt_number": "G-7", "paid_on": today, "complete": "on"},
    )
    assert roster.enrolments.filter(status="enrolled", receipt_number="G-7").count() == 49
    assert roster.enrolments.filter(status="cancelled").count() == 1
    receipt = _text(client.get(reverse("volunteers:staff_roster_receipt", args=[roster.pk])))
    assert "金 17,150 円" in receipt and "ひばりの会 様" in receipt and "49人分" in receipt
    client.force_login(group_rep_user)
    assert client.get(reverse("volunteers:staff_roster", args=[roster.pk])).status_code == 403


def test_the_counter_picker_chooses_a_single_match_and_shows_who_already_applied(client, staff, plan):
    v = VolunteerFactory(
        registered=True, name="保谷 次郎", furigana="ホウヤ ジロウ", furigana_key="ホウヤジロウ"
    )
    client.force_login(staff)
    page = _text(client.get(reverse("volunteers:staff_enrolment_new"), {"q": "ほうや"}))
    assert f'<option value="{v.pk}" selected>' in page
    Enrolment.objects.create(
        fiscal_year=plan.fiscal_year,
        plan=plan,
        volunteer=v,
        person_name=v.name,
        person_furigana=v.furigana,
        person_key=f"v:{v.pk}",
        via="mypage",
        premium=350,
    )
    page = _text(client.get(reverse("volunteers:staff_enrolment_new"), {"q": "ほうや"}))
    assert f"［{plan.fiscal_year}年度申込］" in page
    response = client.post(reverse("volunteers:staff_enrolment_new"), {"volunteer": v.pk, "plan": plan.pk})
    assert "この方はこの年度のボランティア保険にすでに申込・加入しています。" in _text(response)
    assert Enrolment.objects.count() == 1


def test_staff_enter_a_paper_roster_for_a_group(client, staff, plan):
    group = VolunteerGroupFactory(name="けやきの会", name_kana="ケヤキノカイ", name_kana_key="ケヤキノカイ")
    client.force_login(staff)
    page = _text(client.get(reverse("volunteers:staff_roster_new"), {"q": "けやき"}))
    assert f"?group={group.pk}" in page
    url = reverse("volunteers:staff_roster_new") + f"?group={group.pk}"
    bad = client.post(url, {"plan": plan.pk, "members": roster_text(3) + "\n保谷 次郎、ホウヤ ジロウ"})
    assert "4行目（保谷 次郎）：生年月日がありません。" in _text(bad)
    assert not Enrolment.objects.exists()
    client.post(url, {"plan": plan.pk, "members": roster_text(12)})
    assert Enrolment.objects.filter(group=group, via="roster", created_by=staff).count() == 12


def test_a_provisional_volunteer_cannot_apply_on_the_my_page(client, volunteer_user, plan):
    VolunteerFactory(user=volunteer_user)  # 仮登録
    client.force_login(volunteer_user)
    assert "ボランティア保険に申し込む" not in _text(client.get(reverse("volunteers:my_insurance")))
    response = client.post(reverse("volunteers:my_insurance"), {"plan": plan.pk})
    assert "登録が済んだボランティアの方が対象です" in _text(response)
    assert not Enrolment.objects.exists()


def test_pages_with_sample_amounts_say_so_and_hostile_text_is_escaped(
    client, staff, group_rep_user, rep_group
):
    plan = event_plan()
    day = timezone.localdate() + datetime.timedelta(days=30)
    e = EventInsurance.objects.create(
        group=rep_group,
        fiscal_year=plan.fiscal_year,
        plan=plan,
        event_name="<script>alert(1)</script>",
        starts_on=day,
        ends_on=day,
        place="公園",
        participants=10,
        premium=280,
        status="paid",
        paid_on=timezone.localdate(),
        receipt_number="E-1",
    )
    client.force_login(staff)
    receipt = _text(client.get(reverse("volunteers:staff_event_receipt", args=[e.pk])))
    assert "領収書（サンプル）" in receipt and "<script>alert(1)</script>" not in receipt
    assert "サンプル" in _text(client.get(reverse("volunteers:staff_insurance_daily")))
    client.force_login(group_rep_user)
    page = _text(client.get(reverse("volunteers:group_insurance", args=[rep_group.pk])))
    assert "サンプル" in page and "&lt;script&gt;" in page


def test_staff_enter_a_groups_event_at_the_counter(client, staff):
    group = VolunteerGroupFactory(name="けやきの会", name_kana="ケヤキノカイ", name_kana_key="ケヤキノカイ")
    day = timezone.localdate() + datetime.timedelta(days=20)
    plan = event_plan(fiscal_year(day), name="当日参加対応型", rate=2000, unit="event")
    client.force_login(staff)
    assert f"?group={group.pk}" in _text(client.get(reverse("volunteers:staff_event_new"), {"q": "けやき"}))
    data = {
        "event_name": "夏祭り",
        "starts_on": day.isoformat(),
        "place": "公民館",
        "participants": "300",
        "plan": plan.pk,
    }
    url = reverse("volunteers:staff_event_new") + f"?group={group.pk}"
    assert "保険料：2,000円" in _text(client.post(url, {**data, "action": "preview"}))
    response = client.post(url, {**data, "action": "submit"})
    event = EventInsurance.objects.get()
    assert response.url == reverse("volunteers:staff_event", args=[event.pk])
    assert (event.group, event.premium, event.created_by) == (group, 2000, staff)


def test_staff_take_an_events_payment_in_two_steps_and_cancel_it_with_a_reason(client, staff, group_rep_user):
    from volunteers.services import insurance as services

    group = VolunteerGroupFactory(representative=group_rep_user)
    today = timezone.localdate()
    plan = event_plan(fiscal_year(today + datetime.timedelta(days=30)))
    e = services.event_apply(
        group=group,
        plan=plan,
        event_name="秋の清掃",
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
        place="いこいの森公園",
        participants=25,
        by=group_rep_user,
        today=today,
    )
    client.force_login(staff)
    page = reverse("volunteers:staff_event", args=[e.pk])
    response = client.post(
        reverse("volunteers:staff_event_pay", args=[e.pk]),
        {"receipt_number": "E-7", "paid_on": today.isoformat()},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == page and "入金を確認しました。" in _text(response)
    e.refresh_from_db()
    assert e.status == "paid"
    response = client.post(reverse("volunteers:staff_event_complete", args=[e.pk]), follow=True)
    assert "加入済にしました。" in _text(response)
    e.refresh_from_db()
    assert e.status == "enrolled"
    response = client.post(reverse("volunteers:staff_event_cancel", args=[e.pk]), {"reason": ""}, follow=True)
    assert "取消の理由を入力してください。" in _text(response)
    e.refresh_from_db()
    assert e.status == "enrolled"
    response = client.post(
        reverse("volunteers:staff_event_cancel", args=[e.pk]), {"reason": "雨天中止"}, follow=True
    )
    assert "申込を取り消しました。" in _text(response)
    e.refresh_from_db()
    assert e.status == "cancelled"
