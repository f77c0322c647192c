"""The members' area: landing after login, upcoming meetings with unpublished materials, comments on plan items
(members and staff; staff told and answer; the public never sees them), and no volunteers' personal data."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from committees import services
from committees.models import PlanComment
from plans.models import PlanItem
from tests.conftest import make_user
from tests.volunteers.factories import VolunteerFactory

from .factories import make_meeting, make_member, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(base_data):
    return PlanItem.objects.create(fiscal_year=2020, section_no=1, section="相談", name="ボランティアの紹介")


def test_a_current_member_lands_on_the_members_area_with_upcoming_meetings_and_materials(
    client, staff, committee_member
):
    meeting = make_meeting()
    services.agenda_item_add(meeting=meeting, title="令和2年度事業計画について", by=staff)
    services.material_add(meeting=meeting, title="事業計画案", upload=pdf_upload(), by=staff)
    client.post(reverse("login"), {"username": "iinkai", "password": "pass-for-tests-1"})
    response = client.get(reverse("core:landing"))
    assert response["Location"] == reverse("committees:members_home")
    text = client.get(response["Location"]).content.decode()
    assert "令和2年度事業計画について" in text and "事業計画案" in text and "委員・職員のみ" in text
    assert reverse("plans:progress") in text


def test_members_never_see_volunteers_personal_data(client, committee_member):
    VolunteerFactory(name="鳩山 珍名太郎")
    client.force_login(committee_member)
    assert "鳩山 珍名太郎" not in client.get(reverse("committees:members_home")).content.decode()
    assert client.get(reverse("volunteers:staff_home")).status_code == 403


def test_a_member_comments_on_a_plan_item_and_staff_are_told(
    client, staff, committee_member, item, django_capture_on_commit_callbacks
):
    client.force_login(committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("committees:comment_add", args=[item.pk]),
            {"body": "紹介の件数が伸びています。"},
            follow=True,
        )
    assert "意見を送りました" in response.content.decode()
    comment = PlanComment.objects.get()
    assert comment.fiscal_year == 2020 and comment.author == committee_member
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "ボランティアの紹介" in mail.outbox[0].body
    assert "紹介の件数が伸びています。" in client.get(reverse("plans:item", args=[item.pk])).content.decode()


def test_staff_answer_and_the_member_reads_the_answer(
    client, staff, committee_member, item, django_capture_on_commit_callbacks
):
    comment = services.plan_comment_add(item=item, body="質問です。", by=committee_member)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("committees:comment_answer", args=[comment.pk]), {"body": "次回ご説明します。"})
    assert comment.answers.get().body == "次回ご説明します。"
    assert mail.outbox[-1].to == [committee_member.email]
    client.force_login(committee_member)
    page = client.get(reverse("plans:item", args=[item.pk])).content.decode()
    assert "次回ご説明します。" in page and "職員の回答" in page


def test_members_cannot_answer_as_staff(client, committee_member, item):
    comment = services.plan_comment_add(item=item, body="質問です。", by=committee_member)
    client.force_login(committee_member)
    assert (
        client.post(reverse("committees:comment_answer", args=[comment.pk]), {"body": "x"}).status_code == 403
    )
    assert not comment.answers.exists()


def test_the_public_and_volunteers_never_see_the_comments_or_post_one(
    client, committee_member, volunteer_user, item
):
    services.plan_comment_add(item=item, body="委員だけの意見", by=committee_member)
    url = reverse("plans:item", args=[item.pk])
    page = client.get(url).content.decode()
    assert "委員だけの意見" not in page and "委員の意見" not in page
    assert (
        client.post(reverse("committees:comment_add", args=[item.pk]), {"body": "x"}).status_code == 302
    )  # login
    client.force_login(volunteer_user)
    assert "委員だけの意見" not in client.get(url).content.decode()
    assert client.post(reverse("committees:comment_add", args=[item.pk]), {"body": "x"}).status_code == 403
    assert PlanComment.objects.count() == 1


def test_a_member_whose_term_ended_can_no_longer_comment(client, item):
    user, _m = make_member("zenin", term_start=datetime.date(2016, 4, 1), term_end=datetime.date(2020, 3, 31))
    client.force_login(user)
    assert client.post(reverse("committees:comment_add", args=[item.pk]), {"body": "x"}).status_code == 403
    assert "委員の意見" not in client.get(reverse("plans:item", args=[item.pk])).content.decode()


def test_an_empty_comment_is_refused(client, committee_member, item):
    client.force_login(committee_member)
    response = client.post(reverse("committees:comment_add", args=[item.pk]), {"body": "   "}, follow=True)
    assert "意見を入力してください。" in response.content.decode()
    assert not PlanComment.objects.exists()


def test_a_committee_account_without_any_term_has_no_member_access(client, base_data):
    from config.core import roles

    user = make_user("noterm", roles.COMMITTEE)
    client.force_login(user)
    assert client.get(reverse("committees:members_home")).status_code == 403
    assert client.get(reverse("core:landing"))["Location"] == reverse("core:home")
