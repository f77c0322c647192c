import pytest
from django.core.exceptions import ValidationError

from config.core import normalize


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("１２３ＡＢＣ", "123ABC"), ("  西東京　 太郎 ", "西東京 太郎"), ("ｶﾀｶﾅ", "カタカナ"), (None, "")],
)
def test_normalize_text_folds_widths_and_spaces(raw, clean):
    assert normalize.normalize_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("やまだ　たろう", "ヤマダ タロウ"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"),
        ("ヴぁいおりん", "ヴァイオリン"),
        ("すずき ゆうこ", "スズキ ユウコ"),
    ],
)
def test_furigana_becomes_katakana(raw, clean):
    assert normalize.normalize_furigana(raw) == clean


@pytest.mark.parametrize("raw", ["山田太郎", "yamada", "ヤマダ1", "<script>", ""])
def test_furigana_refuses_anything_but_kana(raw):
    with pytest.raises(ValidationError) as exc:
        normalize.normalize_furigana(raw)
    assert "フリガナ" in exc.value.messages[0]


@pytest.mark.parametrize(
    "raw", ["1880011", "188-0011", "１８８－００１１", "188ー0011", "〒188-0011", "188 0011"]
)
def test_postal_code(raw):
    assert normalize.normalize_postal_code(raw) == "188-0011"


@pytest.mark.parametrize("raw", ["188-001", "18800111", "abc-defg", ""])
def test_postal_code_must_be_seven_digits(raw):
    with pytest.raises(ValidationError, match="7桁"):
        normalize.normalize_postal_code(raw)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("0424663070", "042-466-3070"),
        ("０４２－４６６－３０７０", "042-466-3070"),
        ("042(466)3070", "042-466-3070"),
        ("09012345678", "090-1234-5678"),
        ("0312345678", "03-1234-5678"),
        ("0120-123-456", "0120-123-456"),
    ],
)
def test_phone_numbers_are_hyphenated_by_area_code(raw, clean):
    assert normalize.normalize_phone(raw) == clean


@pytest.mark.parametrize("raw", ["1234", "042-466-307", "+1 212 555 0100", "電話", "0424663070123"])
def test_phone_refuses_what_is_not_a_japanese_number(raw):
    with pytest.raises(ValidationError, match="電話番号"):
        normalize.normalize_phone(raw)


def test_kana_search_key_ignores_spaces_and_script():
    assert normalize.kana_search_key("やまだ た") == "ヤマダタ"


def test_free_text_keeps_line_breaks_and_tabs_in_a_text_area_and_folds_them_on_one_line():
    assert normalize.clean_plain_text("１行目 \r\n\t２行目", multiline=True) == "１行目\n\t２行目"
    assert normalize.clean_plain_text("１行目\n２行目\t終わり") == "１行目 ２行目 終わり"


@pytest.mark.parametrize(
    "raw",
    [
        "血圧>140、脈<100",
        "a > b",
        "<b>太字</b>",
        "＜script＞",
        "（土）午前（雨天中止）",
        "ＡＢＣ　１２３",
        "☆★",
    ],
)
def test_free_text_is_kept_as_the_person_wrote_it(raw):
    # Django escapes on output, so < and > are ordinary characters; no NFKC, so （） and ＡＢＣ stay.
    assert normalize.clean_plain_text(raw) == raw
    assert normalize.clean_plain_text(raw, multiline=True) == raw


def test_free_text_loses_control_characters_and_bidi_overrides():
    assert normalize.clean_plain_text("西東京\x00市\x07\x1b[31m\u202e赤\ufeff") == "西東京市[31m赤"
    assert normalize.clean_plain_text("\x7f\x85  ") == ""


def test_postal_code_gives_the_municipality_offline():
    from config.core import postal

    assert str(postal.lookup("１８８－００１１")) == "東京都西東京市田無町"
    assert postal.lookup("180-0004").city == "武蔵野市"
    assert postal.lookup("000-0000") is None and postal.lookup("") is None


@pytest.mark.parametrize(
    ("postal_code", "address", "in_city"),
    [
        ("188-0011", "田無町5-5-12", True),  # the address text alone would say 市外
        ("180-0004", "吉祥寺本町1-1-1", False),  # 武蔵野市
        ("180-0004", "西東京市田無町5-5-12", False),  # the code decides when it is known
        ("", "西東京市中町1-1", True),  # no code: the address text
        ("", "田無町5-5-12", False),
        ("000-0000", "西東京市中町1-1", True),  # an unknown code: the address text
    ],
)
def test_in_city_is_decided_by_the_postal_code_then_the_address(postal_code, address, in_city):
    from config.core import postal

    assert postal.is_in_city(postal_code=postal_code, address=address) is in_city
