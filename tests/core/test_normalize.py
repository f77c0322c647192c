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
    [("やまだ　たろう", "ヤマダ タロウ"), ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"), ("ヴぁいおりん", "ヴァイオリン"), ("すずき ゆうこ", "スズキ ユウコ")],
)
def test_furigana_becomes_katakana(raw, clean):
    assert normalize.normalize_furigana(raw) == clean


@pytest.mark.parametrize("raw", ["山田太郎", "yamada", "ヤマダ1", "<script>", ""])
def test_furigana_refuses_anything_but_kana(raw):
    with pytest.raises(ValidationError) as exc:
        normalize.normalize_furigana(raw)
    assert "フリガナ" in exc.value.messages[0]


@pytest.mark.parametrize("raw", ["1880011", "188-0011", "１８８－００１１", "188ー0011", "〒188-0011", "188 0011"])
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


def test_plain_text_keeps_line_breaks_when_asked():
    assert normalize.clean_plain_text("１行目 \n  ２行目", multiline=True) == "1行目\n2行目"
    assert normalize.clean_plain_text("１行目 \n  ２行目") == "1行目 2行目"


@pytest.mark.parametrize("raw", ["<script>alert(1)</script>", "<b>太字</b>", "a > b", "＜script＞"])
def test_plain_text_refuses_markup_in_one_japanese_message(raw):
    with pytest.raises(ValidationError) as exc:
        normalize.clean_plain_text(raw)
    assert exc.value.messages == [normalize.MARKUP_MESSAGE]
