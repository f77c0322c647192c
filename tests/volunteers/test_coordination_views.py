"""Coordination pages: who may see what, bad input on every form, query budgets on the staff lists."""

import datetime

import pytest
from django.urls import reverse

from volunteers.models import HelpRequest, Introduction, RequestComment
from volunteers.services import coordination as services
from volunteers.services.people import PRIVACY_POLICY_VERSION

from .coordination_factories import PublishedRequestFactory, registered_volunteer
from .factories import HelpRequestFactory, IntroductionFactory, activity_field, registered_group

pytestmark = pytest.mark.django_db
PASSWORD = "pass-for-tests-1"
PERSONAL = ["依頼 花子", "042-461-9876", "irai-hanako@example.jp", "保谷町1-2-3"]


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def text(response) -> str:
    return response.content.decode()


# --- privacy ---


@pytest.mark.parametrize("name", ["request_list", "request_create", "application_list"])
def test_staff_pages_send_anonymous_visitors_to_login_and_refuse_others(client, committee_member, volunteer_user, name):
    url = reverse(f"volunteers:{name}")
    assert client.get(url).status_code == 302
    for user in (committee_member, volunteer_user):
        login(client, user)
        assert client.get(url).status_code == 403


def test_committee_members_and_volunteers_see_no_request_pages(client, committee_member, volunteer_user):
    request = PublishedRequestFactory()
    for user in (committee_member, volunteer_user):
        login(client, user)
        for name in ("request_detail", "request_candidates", "request_edit"):
            response = client.get(reverse(f"volunteers:{name}", args=[request.pk]))
            assert response.status_code == 403
            assert not any(p in text(response) for p in PERSONAL)


def test_staff_see_the_requesters_data(client, staff):
    request = PublishedRequestFactory()
    response = login(client, staff).get(reverse("volunteers:request_detail", args=[request.pk]))
    assert all(p in text(response) for p in PERSONAL)


def test_public_boshu_pages_show_no_requester_data(client, base_data):
    request = PublishedRequestFactory()
    HelpRequestFactory(title="非公開の依頼")
    listing = client.get(reverse("volunteers:boshu_list"))
    detail = client.get(reverse("volunteers:boshu_detail", args=[request.pk]))
    assert "買い物の付き添い" in text(listing) and "買い物の付き添い" in text(detail)
    for response in (listing, detail):
        assert not any(p in text(response) for p in PERSONAL)
        assert "非公開の依頼" not in text(response) and request.title not in text(response)


def test_unpublished_and_closed_requests_are_not_public(client, base_data):
    hidden = HelpRequestFactory()
    closed = PublishedRequestFactory(status="closed", closing_reason="matched")
    for pk in (hidden.pk, closed.pk):
        assert client.get(reverse("volunteers:boshu_detail", args=[pk])).status_code == 404


def test_a_volunteer_cannot_answer_someone_elses_introduction_by_changing_the_id(client, volunteer_user, other_volunteer_user, staff):
    mine = services.introduction_create(help_request=HelpRequestFactory(), by=staff, volunteer=registered_volunteer(volunteer_user))
    theirs = services.introduction_create(
        help_request=HelpRequestFactory(title="別の人の依頼"), by=staff, volunteer=registered_volunteer(other_volunteer_user)
    )
    login(client, volunteer_user)
    page = client.get(reverse("volunteers:my_introductions"))
    assert mine.request.title in text(page) and "別の人の依頼" not in text(page)
    response = client.post(reverse("volunteers:introduction_answer", args=[theirs.pk]), {"answer": "accept"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.response == "pending"
    response = client.post(reverse("volunteers:introduction_answer", args=[mine.pk]), {"answer": "accept"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.response == "accepted"


def test_staff_cannot_answer_for_a_volunteer(client, staff):
    intro = services.introduction_create(help_request=HelpRequestFactory(), by=staff, volunteer=registered_volunteer())
    login(client, staff)
    assert client.post(reverse("volunteers:introduction_answer", args=[intro.pk]), {"answer": "accept"}).status_code == 403


def test_an_individual_requesters_data_never_reaches_the_volunteers_page(client, volunteer_user, staff):
    request = PublishedRequestFactory()
    services.introduction_create(help_request=request, by=staff, volunteer=registered_volunteer(volunteer_user))
    page = text(login(client, volunteer_user).get(reverse("volunteers:my_introductions")))
    assert "買い物の付き添い" in page and not any(p in page for p in PERSONAL)


def test_a_facility_requesters_name_is_shown_to_the_volunteer(client, volunteer_user, staff):
    request = HelpRequestFactory(requester_name="特別養護老人ホーム けやき苑")
    services.introduction_create(help_request=request, by=staff, volunteer=registered_volunteer(volunteer_user))
    page = text(login(client, volunteer_user).get(reverse("volunteers:my_introductions")))
    assert "けやき苑" in page and "042-461-0000" not in page


# --- applying from the public page ---


def test_a_registered_volunteer_applies_from_the_boshu_page(client, volunteer_user):
    volunteer = registered_volunteer(volunteer_user)
    request = PublishedRequestFactory()
    login(client, volunteer_user)
    assert "この活動に応募する" in text(client.get(reverse("volunteers:boshu_detail", args=[request.pk])))
    client.post(reverse("volunteers:boshu_apply", args=[request.pk]))
    intro = Introduction.objects.get(request=request, volunteer=volunteer)
    assert (intro.status, intro.initiated_by) == ("applied", "applied")
    again = client.post(reverse("volunteers:boshu_apply", args=[request.pk]), follow=True)
    assert "すでに紹介・応募されています" in text(again)
    assert Introduction.objects.count() == 1


def test_anonymous_visitors_and_unregistered_users_cannot_apply(client, group_rep_user):
    request = PublishedRequestFactory()
    response = client.post(reverse("volunteers:boshu_apply", args=[request.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    login(client, group_rep_user)
    client.post(reverse("volunteers:boshu_apply", args=[request.pk]))
    assert not Introduction.objects.exists()


def test_staff_confirm_an_application_from_the_waiting_list(client, staff, volunteer_user):
    intro = services.introduction_apply(help_request=PublishedRequestFactory(), volunteer=registered_volunteer(volunteer_user))
    login(client, staff)
    assert str(intro.volunteer) in text(client.get(reverse("volunteers:application_list")))
    client.post(reverse("volunteers:introduction_confirm", args=[intro.pk]), {"next": "applications"})
    intro.refresh_from_db()
    assert intro.status == "proposed" and intro.introduced_on == datetime.date.today()


# --- staff journeys ---


def test_staff_enter_a_request_find_a_candidate_and_introduce(client, staff):
    elderly = activity_field("elderly")
    volunteer = registered_volunteer(fields=["elderly"], availability=["wed_am"])
    login(client, staff)
    response = client.post(reverse("volunteers:request_create"), {
        "requester_type": "facility", "requester_name": "けやき苑", "requester_phone": "０４２４６１００００",
        "title": "話し相手", "description": "入居者の話し相手", "activity_field": elderly.pk,
        "volunteers_needed": "２", "received_on": "2025-06-02",
    })
    request = HelpRequest.objects.get()
    assert response["Location"] == reverse("volunteers:request_detail", args=[request.pk])
    assert request.requester_phone == "042-461-0000" and request.volunteers_needed == 2
    page = client.get(reverse("volunteers:request_candidates", args=[request.pk]), {"searched": "1", "activity_field": elderly.pk, "slots": ["wed_am"]})
    assert volunteer.name in text(page) and "分野：高齢者" in text(page) and "水曜午前" in text(page)
    client.post(reverse("volunteers:introduce", args=[request.pk]), {"volunteer": volunteer.pk})
    assert Introduction.objects.get().volunteer == volunteer
    detail = text(client.get(reverse("volunteers:request_detail", args=[request.pk])))
    assert "紹介中" in detail and "依頼を受付" in detail


def test_staff_comment_close_publish_and_edit_an_introduction(client, staff):
    request = HelpRequestFactory()
    intro = IntroductionFactory(request=request)
    login(client, staff)
    client.post(reverse("volunteers:request_comment", args=[request.pk]), {"body": "施設に電話した"})
    assert RequestComment.objects.get().body == "施設に電話した"
    client.post(reverse("volunteers:request_publish", args=[request.pk]), {"public_title": "話し相手募集", "public_place": "田無町周辺", "public_description": "週1回"})
    request.refresh_from_db()
    assert request.is_published
    client.post(reverse("volunteers:introduction_edit", args=[intro.pk]), {"status": "failed", "failure_reason": "日程が合わない", "introduced_on": "2025-06-02"})
    intro.refresh_from_db()
    assert intro.status == "failed"
    client.post(reverse("volunteers:request_close", args=[request.pk]), {"reason": "no_candidate"})
    request.refresh_from_db()
    assert request.status == "closed" and not request.is_published
    history = text(client.get(reverse("volunteers:request_detail", args=[request.pk])))
    for title in ("記録", "募集の公開設定を変更", "紹介の状態を変更", "依頼を終了", "施設に電話した", "日程が合わない"):
        assert title in history


def test_the_request_list_searches_filters_and_exports(client, staff):
    HelpRequestFactory(title="傾聴の依頼", received_on=datetime.date(2024, 5, 1))
    HelpRequestFactory(title="子ども食堂", received_on=datetime.date(2025, 5, 1))
    login(client, staff)
    page = text(client.get(reverse("volunteers:request_list"), {"q": "傾聴"}))
    assert "傾聴の依頼" in page and "子ども食堂" not in page
    page = text(client.get(reverse("volunteers:request_list"), {"fiscal_year": "２０２５"}))
    assert "子ども食堂" in page and "傾聴の依頼" not in page
    csv = client.get(reverse("volunteers:request_list"), {"fiscal_year": "2025", "export": "csv", "columns": ["title", "status"]})
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0] == "件名,状態" and "子ども食堂,受付" in body and "傾聴" not in body
    xlsx = client.get(reverse("volunteers:request_list"), {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


# --- bad input on every form: a Japanese error and nothing saved ---

ONLINE_OK = {
    "requester_type": "individual", "requester_name": "依頼 花子", "requester_phone": "042-461-9876",
    "title": "買い物の付き添い", "description": "週に一度", "volunteers_needed": "1", "consent": "on",
}


def test_the_online_request_form_saves_normalised_input(client, base_data):
    response = client.post(reverse("volunteers:online_request"), ONLINE_OK | {"requester_phone": "０４２（４６１）９８７６", "volunteers_needed": "２"})
    assert response.status_code == 302
    request = HelpRequest.objects.get()
    assert (request.requester_phone, request.volunteers_needed, request.received_via) == ("042-461-9876", 2, "online")
    assert request.consent_at is not None and request.consent_policy_version == PRIVACY_POLICY_VERSION
    assert request.created_by is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "どんな手伝いが必要ですか（ひとことで）を入力してください。"),
        ({"title": "あ" * 101}, "どんな手伝いが必要ですか（ひとことで）は100文字以内で入力してください（いま101文字です）。"),
        ({"volunteers_needed": "０"}, "必要な人数は1〜500人で入力してください。"),
        ({"volunteers_needed": "501"}, "必要な人数は1〜500人で入力してください。"),
        ({"volunteers_needed": "たくさん"}, "必要な人数は数字で入力してください。"),
        ({"requester_phone": "12345"}, "電話番号"),
        ({"requester_phone": ""}, "電話番号かメールアドレスを入力してください。"),
        ({"consent": ""}, "個人情報の取扱いへの同意が必要です。"),
        ({"starts_on": "2025-07-02", "ends_on": "2025-07-01"}, "活動終了日は開始日以降にしてください。"),
    ],
)
def test_the_online_request_form_refuses_bad_input(client, base_data, changes, message):
    response = client.post(reverse("volunteers:online_request"), ONLINE_OK | changes)
    assert response.status_code == 400
    assert message in text(response)
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"requester_name": ""}, "依頼者名を入力してください。"),
        ({"volunteers_needed": "9999"}, "必要な人数は1〜500人で入力してください。"),
        ({"received_on": "令和7年"}, "受付日は 2026-05-12 の形で入力してください。"),
        ({"conditions": "x" * 2001}, "条件・備考は2000文字以内で入力してください（いま2001文字です）。"),
    ],
)
def test_the_staff_request_form_refuses_bad_input(client, staff, changes, message):
    data = {"requester_type": "facility", "requester_name": "けやき苑", "title": "話し相手", "description": "内容",
            "volunteers_needed": "1", "received_on": "2025-06-02"} | changes
    response = login(client, staff).post(reverse("volunteers:request_create"), data)
    assert response.status_code == 200 and message in text(response)
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize(
    ("url_name", "data", "message"),
    [
        ("request_comment", {"body": ""}, "記録する内容を入力してください。"),
        ("request_comment", {"body": "あ" * 4001}, "記録する内容は4000文字以内で入力してください（いま4001文字です）。"),
        ("request_close", {"reason": ""}, "終了理由を選んでください。"),
        ("request_close", {"reason": "bogus"}, "終了理由は一覧から選んでください。"),
        ("request_close", {"reason": "matched", "closed_on": "２０２５年"}, "終了日は 2026-05-12 の形で入力してください。"),
        ("request_publish", {"public_title": "", "public_description": "x"}, "募集の見出しを入力してください。"),
        ("request_publish", {"public_title": "見出し", "public_place": "保谷町周辺", "public_description": "連絡先 042-461-9876"}, "個人情報"),
    ],
)
def test_the_request_page_forms_refuse_bad_input(client, staff, url_name, data, message):
    request = PublishedRequestFactory(is_published=False, public_title="")
    response = login(client, staff).post(reverse(f"volunteers:{url_name}", args=[request.pk]), data)
    assert response.status_code in (200, 400) and message in text(response)
    request.refresh_from_db()
    assert not RequestComment.objects.exists() and request.status == "received" and not request.is_published


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "failed", "failure_reason": "", "introduced_on": "2025-06-02"}, "不成立の理由を入力してください。"),
        ({"status": "active", "introduced_on": "2025-06-02", "started_on": "2025-07-02", "ended_on": "2025-07-01"}, "終了日は活動開始日以降"),
        ({"status": "applied", "introduced_on": "2025-06-02"}, "状態は一覧から選んでください。"),
        ({"status": "active", "introduced_on": "2025-06-02", "failure_reason": "あ" * 201}, "不成立の理由は200文字以内で入力してください（いま201文字です）。"),
    ],
)
def test_the_introduction_form_refuses_bad_input(client, staff, data, message):
    intro = IntroductionFactory(status="proposed")
    response = login(client, staff).post(reverse("volunteers:introduction_edit", args=[intro.pk]), data)
    assert response.status_code == 200 and message in text(response)
    intro.refresh_from_db()
    assert intro.status == "proposed"


@pytest.mark.parametrize("data", [{"note": "あ" * 201}, {"introduced_on": "昨日"}, {"introduced_on": "2025-02-30"}])
def test_introducing_with_bad_input_saves_nothing(client, staff, data):
    request, volunteer = HelpRequestFactory(), registered_volunteer()
    response = login(client, staff).post(reverse("volunteers:introduce", args=[request.pk]), {"volunteer": volunteer.pk, **data}, follow=True)
    assert "alert-danger" in text(response)
    assert not Introduction.objects.exists()


def test_the_candidate_and_list_filters_report_bad_input(client, staff):
    request = HelpRequestFactory()
    login(client, staff)
    page = client.get(reverse("volunteers:request_candidates", args=[request.pk]), {"searched": "1", "slots": ["xx_am"]})
    assert "入力内容を確認してください" in text(page)
    assert "活動できる曜日・時間帯（どれか一つでも合う人）は一覧から選んでください。" in text(page)
    page = client.get(reverse("volunteers:request_list"), {"fiscal_year": "1999"})
    assert "年度は2000〜2100で入力してください。" in text(page)


# --- query budgets with hundreds of records ---


def test_the_request_list_costs_a_bounded_number_of_queries(client, staff, django_assert_max_num_queries):
    field = activity_field("elderly")
    HelpRequestFactory.create_batch(300, activity_field=field)
    login(client, staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("volunteers:request_list"))
    assert response.status_code == 200 and "300件" in text(response)


def test_the_candidate_page_costs_a_bounded_number_of_queries(client, staff, django_assert_max_num_queries):
    field = activity_field("elderly")
    request = HelpRequestFactory(activity_field=field)
    for _ in range(120):
        registered_volunteer(fields=["elderly", "children"], availability=["wed_am", "sat_pm"])
    for _ in range(30):
        registered_group().activity_fields.add(field)
    login(client, staff)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("volunteers:request_candidates", args=[request.pk]), {"searched": "1", "activity_field": field.pk, "slots": ["wed_am"]})
    assert "120人" in text(response)


def test_the_request_page_and_waiting_list_cost_a_bounded_number_of_queries(client, staff, django_assert_max_num_queries):
    request = PublishedRequestFactory()
    for _ in range(60):
        services.introduction_apply(help_request=request, volunteer=registered_volunteer())
    for n in range(40):
        services.request_comment_add(help_request=request, by=staff, body=f"記録{n}")
    login(client, staff)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("volunteers:request_detail", args=[request.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("volunteers:application_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("volunteers:boshu_list")).status_code == 200


def test_the_my_introductions_page_costs_a_bounded_number_of_queries(client, staff, volunteer_user, django_assert_max_num_queries):
    volunteer = registered_volunteer(volunteer_user)
    for _ in range(30):
        services.introduction_create(help_request=HelpRequestFactory(), by=staff, volunteer=volunteer)
    login(client, volunteer_user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("volunteers:my_introductions")).status_code == 200
