"""The ふりがな switch: readings from SudachiPy and the correction dictionary, on the server, never over what
people type or over people's names."""

import re

import pytest

from config.core import furigana
from config.core.furigana import annotate_html, annotate_text
from config.core.models import FuriganaWord

pytestmark = pytest.mark.django_db

WORDS = (("西東京", "にしとうきょう"), ("田無", "たなし"))


def readings(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<ruby>([^<]+)<rp>\(</rp><rt aria-hidden="true">([^<]+)</rt><rp>\)</rp></ruby>', html)


def test_the_center_name_gets_its_readings_with_the_dictionary_word_whole():
    html = annotate_text("西東京ボランティア・市民活動センター", WORDS)
    assert readings(html) == [("西東京", "にしとうきょう"), ("市民", "しみん"), ("活動", "かつどう")]
    assert (
        re.sub(r"<rp>\(</rp><rt[^>]*>[^<]*</rt><rp>\)</rp>|</?ruby>", "", html)
        == "西東京ボランティア・市民活動センター"
    )


def test_without_the_dictionary_the_analyser_reads_it_in_pieces():
    assert readings(annotate_text("西東京", ()))[0] == ("西", "にし")


def test_okurigana_stay_outside_the_reading():
    assert readings(annotate_text("書きました", ())) == [("書", "か")]
    assert annotate_text("書きました", ()).endswith("きました")


def test_text_without_kanji_is_returned_as_it_is():
    assert annotate_text("ボランティアです。&amp; 123", ()) == "ボランティアです。&amp; 123"


def test_people_s_names_get_no_guessed_reading():
    html = annotate_text("山田太郎さんが参加しました。", ())
    assert "山田" not in dict(readings(html))
    assert "太郎" not in dict(readings(html))
    assert ("参加", "さんか") in readings(html)


def test_what_people_type_pick_or_are_named_is_never_altered():
    page = (
        '<label for="x" title="活動">活動分野</label><input id="x" value="活動">'
        "<textarea>漢字の入力</textarea><select><option>高齢者</option></select>"
        "<script>var a = '漢字';</script><style>/* 漢字 */</style>"
        "<span data-no-ruby>鈴木<span>花子</span>様</span><p>福祉</p>"
    )
    html = annotate_html(page, ())
    assert '<label for="x" title="活動">' in html
    assert '<input id="x" value="活動">' in html
    assert "<textarea>漢字の入力</textarea>" in html
    assert "<option>高齢者</option>" in html
    assert "<script>var a = '漢字';</script>" in html
    assert "<style>/* 漢字 */</style>" in html
    assert "<span data-no-ruby>鈴木<span>花子</span>様</span>" in html
    assert ("福祉", "ふくし") in readings(html)
    assert ("活動", "かつどう") in readings(html)


def test_the_switch_sets_a_cookie_and_every_public_page_then_has_ruby(client, base_data):
    assert "<ruby>" not in client.get("/").content.decode()
    response = client.get("/furigana/on/?next=/about/")
    assert response.status_code == 302
    assert response["Location"] == "/about/"
    for path in ("/", "/about/", "/access/"):
        body = client.get(path).content.decode()
        assert '<ruby>西東京<rp>(</rp><rt aria-hidden="true">にしとうきょう</rt>' in body, path
        assert re.search(r'aria-current="true"\s+aria-label="ふりがな あり"', body)
    client.get("/furigana/off/?next=/")
    assert "<ruby>" not in client.get("/").content.decode()


def test_the_switch_refuses_other_values_and_foreign_next(client, base_data):
    response = client.get("/furigana/maybe/?next=https://evil.example/")
    assert response["Location"] == "/"
    assert furigana.FURIGANA_COOKIE not in response.cookies


def test_form_pages_keep_their_inputs(client, base_data):
    client.cookies[furigana.FURIGANA_COOKIE] = "on"
    body = client.get("/volunteers/register/").content.decode()
    assert "<ruby>" in body
    for tag in re.findall(r"<(?:input|textarea|select|option)\b[^>]*>", body):
        assert "<ruby>" not in tag and "<rt" not in tag


def test_staff_pages_and_the_admin_are_left_alone(client, staff):
    client.force_login(staff)
    client.cookies[furigana.FURIGANA_COOKIE] = "on"
    assert "<ruby>" not in client.get("/staff/rooms/").content.decode()
    assert "<ruby>" not in client.get("/admin/").content.decode()


def test_my_page_does_not_read_the_volunteer_s_own_name(client, volunteer_user):
    from tests.volunteers.factories import VolunteerFactory

    VolunteerFactory(user=volunteer_user, name="東海林 直人", furigana="ショウジ ナオト", registered=True)
    client.force_login(volunteer_user)
    client.cookies[furigana.FURIGANA_COOKIE] = "on"
    body = client.get("/mypage/").content.decode()
    assert "<ruby>" in body
    assert "東海林" in body
    assert not any(base in ("東海林", "東海", "直人") for base, _r in readings(body))


def test_a_dictionary_edit_in_the_admin_shows_on_the_next_page(client, staff, base_data):
    from config.core.models import AuditEntry

    client.force_login(staff)
    client.cookies[furigana.FURIGANA_COOKIE] = "on"
    response = client.post(
        "/admin/core/furiganaword/add/", {"surface": "市民活動", "reading": "しみんかつどう"}
    )
    assert response.status_code == 302
    assert FuriganaWord.objects.filter(surface="市民活動").exists()
    assert AuditEntry.objects.filter(action="furigana_word_create").exists()
    body = client.get("/").content.decode()
    assert '<ruby>市民活動<rp>(</rp><rt aria-hidden="true">しみんかつどう</rt>' in body


def test_the_dictionary_refuses_readings_that_are_not_hiragana(client, staff):
    client.force_login(staff)
    response = client.post(
        "/admin/core/furiganaword/add/", {"surface": "保谷町", "reading": "ホウヤ<script>"}
    )
    assert response.status_code == 200
    assert "読みはひらがなで入力してください。" in response.content.decode()
    assert not FuriganaWord.objects.filter(surface="保谷町").exists()


def test_the_seeded_dictionary_has_the_city_s_proper_nouns():
    words = dict(furigana.dictionary_words())
    assert words["西東京"] == "にしとうきょう"
    assert words["保谷"] == "ほうや"
    assert words["気球くん"] == "ききゅうくん"


def test_the_accessibility_statement_names_the_standard_and_the_phone(client, base_data):
    body = client.get("/accessibility/").content.decode()
    assert "JIS X 8341-3:2016" in body
    assert "042-466-3070" in body
    assert 'href="/accessibility/"' in client.get("/").content.decode()
