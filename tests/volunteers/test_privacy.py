"""Who sees what: a volunteer only their own record, a representative only their groups, committee members
none, anonymous visitors only the public directory. Changing an id in a URL reveals nothing."""

import pytest

from .factories import VolunteerFactory, VolunteerGroupFactory, registered_group

pytestmark = pytest.mark.django_db

STAFF_URLS = [
    "/staff/",
    "/staff/volunteers/",
    "/staff/volunteers/new/",
    "/staff/volunteers/{v}/",
    "/staff/volunteers/{v}/edit/",
    "/staff/groups/",
    "/staff/groups/new/",
    "/staff/groups/{g}/",
    "/staff/groups/{g}/edit/",
    "/staff/groups/{g}/renew/",
    "/staff/volunteers/?export=csv",
]
STAFF_POSTS = [
    "/staff/volunteers/{v}/approve/",
    "/staff/volunteers/{v}/status/",
    "/staff/volunteers/{v}/send-link/",
    "/staff/group-registrations/{r}/approve/",
    "/staff/group-registrations/{r}/reject/",
]


@pytest.fixture
def world(volunteer_user, other_volunteer_user, group_rep_user):
    mine = VolunteerFactory(registered=True, user=volunteer_user, name="自分 太郎")
    theirs = VolunteerFactory(name="他人 次郎", phone="042-111-2222", email="jiro@example.jp")
    VolunteerFactory(registered=True, user=other_volunteer_user, name="別人 三郎")
    my_group = registered_group(representative=group_rep_user, name="自分の会")
    other_group = registered_group(
        name="よその会", contact_phone="042-999-8888", representative_name="代表 秘密"
    )
    pending = other_group.registrations.create(fiscal_year=2000, members_count=3, status="applied")
    return {
        "mine": mine,
        "theirs": theirs,
        "my_group": my_group,
        "other_group": other_group,
        "pending": pending,
    }


def urls(templates, world):
    ids = {"v": world["theirs"].pk, "g": world["other_group"].pk, "r": world["pending"].pk}
    return [t.format(**ids) for t in templates]


@pytest.mark.parametrize("who", ["volunteer_user", "group_rep_user", "committee_member"])
def test_no_one_but_staff_reaches_staff_pages(client, world, committee_member, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in urls(STAFF_URLS, world):
        assert client.get(url).status_code == 403, url
    for url in urls(STAFF_POSTS, world):
        assert client.post(url, {"status": "withdrawn", "note": "x"}).status_code == 403, url
    world["theirs"].refresh_from_db()
    assert world["theirs"].status == "provisional"


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for url in [
        *urls(STAFF_URLS, world),
        "/mypage/",
        "/mypage/profile/",
        f"/mypage/groups/{world['my_group'].pk}/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_a_volunteer_sees_only_their_own_record_on_the_my_page(client, world, volunteer_user):
    client.force_login(volunteer_user)
    body = client.get("/mypage/").content.decode()
    assert "自分 太郎" in body
    assert "他人 次郎" not in body and "別人 三郎" not in body
    # The my page takes no id: there is nothing in the URL to change.
    assert client.get(f"/mypage/?pk={world['theirs'].pk}").content.decode().count("他人 次郎") == 0


def test_a_representative_sees_only_their_own_groups(client, world, group_rep_user):
    client.force_login(group_rep_user)
    assert "自分の会" in client.get(f"/mypage/groups/{world['my_group'].pk}/").content.decode()
    assert client.get(f"/mypage/groups/{world['other_group'].pk}/").status_code == 404
    assert client.get(f"/mypage/groups/{world['other_group'].pk}/renew/").status_code == 404
    assert (
        client.post(f"/mypage/groups/{world['other_group'].pk}/renew/", {"name": "乗っ取り"}).status_code
        == 404
    )
    assert "よその会" not in client.get("/mypage/").content.decode()


def test_a_volunteer_without_a_group_cannot_open_group_pages(client, world, volunteer_user):
    client.force_login(volunteer_user)
    assert client.get(f"/mypage/groups/{world['my_group'].pk}/").status_code == 403


def test_committee_members_have_no_my_page_and_no_personal_data(client, world, committee_member):
    client.force_login(committee_member)
    assert client.get("/mypage/").status_code == 403
    body = client.get("/groups/").content.decode()
    assert "042-999-8888" not in body and "代表 秘密" not in body


def test_the_public_directory_has_no_personal_data(client, world):
    world["other_group"].listed_publicly = True
    world["other_group"].save()
    body = client.get("/groups/").content.decode()
    assert "よその会" in body
    for secret in (
        "042-999-8888",
        "代表 秘密",
        world["other_group"].contact_email,
        world["other_group"].contact_name,
    ):
        assert secret not in body


def test_an_unlisted_or_unregistered_group_is_not_in_the_directory(client, base_data):
    registered_group(name="非公開の会", listed_publicly=False)
    VolunteerGroupFactory(name="未登録の会", listed_publicly=True)
    registered_group(fiscal_year=2001, name="昔の会", listed_publicly=True)
    body = client.get("/groups/").content.decode()
    assert "非公開の会" not in body and "未登録の会" not in body and "昔の会" not in body


def test_staff_see_everyone(client, world, staff):
    client.force_login(staff)
    assert "他人 次郎" in client.get(f"/staff/volunteers/{world['theirs'].pk}/").content.decode()
    assert "よその会" in client.get(f"/staff/groups/{world['other_group'].pk}/").content.decode()
    assert client.get("/staff/volunteers/999999/").status_code == 404
