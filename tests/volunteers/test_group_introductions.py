"""A representative sees the introductions (紹介) made to their group, and only their own group's."""

import datetime

import pytest

from config.core import roles
from tests.conftest import make_user
from volunteers import selectors

from .factories import HelpRequestFactory, IntroductionFactory, registered_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_groups(group_rep_user):
    rep_b = make_user("dantai-b", roles.GROUP_REP)
    group_a = registered_group(representative=group_rep_user, name="Aの会")
    group_b = registered_group(representative=rep_b, name="Bの会")
    to_a = IntroductionFactory(
        volunteer=None,
        group=group_a,
        status="active",
        introduced_on=datetime.date(2025, 6, 3),
        started_on=datetime.date(2025, 6, 10),
        request=HelpRequestFactory(
            title="施設の夏祭りで演奏", public_title="夏祭りでの演奏", requester_name="けやき苑"
        ),
    )
    to_b = IntroductionFactory(
        volunteer=None,
        group=group_b,
        status="proposed",
        introduced_on=datetime.date(2025, 7, 1),
        request=HelpRequestFactory(
            title="点字の名刺づくり", requester_name="ひみつ商店", requester_phone="042-111-0000"
        ),
    )
    return {"a": group_a, "b": group_b, "rep_b": rep_b, "to_a": to_a, "to_b": to_b}


def test_the_group_page_lists_the_introductions_with_title_date_and_status(
    client, group_rep_user, two_groups
):
    client.force_login(group_rep_user)
    body = client.get(f"/mypage/groups/{two_groups['a'].pk}/").content.decode()
    assert "センターからの紹介" in body
    assert "夏祭りでの演奏" in body and "令和7年6月3日" in body and "活動開始" in body
    assert "点字の名刺づくり" not in body
    # The requester's contact data is not part of what a representative reads.
    assert "042-461-0000" not in body


def test_representative_b_cannot_see_the_introductions_of_a(client, two_groups):
    client.force_login(two_groups["rep_b"])
    assert client.get(f"/mypage/groups/{two_groups['a'].pk}/").status_code == 404
    body = client.get(f"/mypage/groups/{two_groups['b'].pk}/").content.decode()
    assert "点字の名刺づくり" in body and "紹介中" in body
    assert "夏祭りでの演奏" not in body and "施設の夏祭りで演奏" not in body


def test_the_selector_reads_one_group_and_leaves_out_applications(two_groups):
    assert list(selectors.introductions_for_group(two_groups["a"])) == [two_groups["to_a"]]
    IntroductionFactory(volunteer=None, group=two_groups["a"], status="applied", introduced_on=None)
    assert list(selectors.introductions_for_group(two_groups["a"])) == [two_groups["to_a"]]


def test_the_group_page_costs_a_bounded_number_of_queries(
    client, group_rep_user, two_groups, django_assert_max_num_queries
):
    for n in range(10):
        IntroductionFactory(
            volunteer=None,
            group=two_groups["a"],
            status="proposed",
            request=HelpRequestFactory(title=f"依頼{n}"),
        )
    client.force_login(group_rep_user)
    with django_assert_max_num_queries(14):
        client.get(f"/mypage/groups/{two_groups['a'].pk}/")
