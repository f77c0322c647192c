"""Staff bring their Excel roster in: download the template, fill it, upload it, read the preview, confirm,
and find an imported volunteer by furigana in the staff list. The preview page is then looked at on a phone
and a desktop at 標準 and 特大 text."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .fixtures import _context, assert_accessible

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots/imports")


def test_staff_import_a_filled_template_and_find_the_person_by_furigana(
    chromium, live_server, page, staff, login, tmp_path
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    login(page, staff)
    page.goto("/")
    page.get_by_role("link", name="職員メニュー").first.click()
    page.get_by_role("link", name="名簿の取り込み（Excel・CSV）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("名簿の取り込み（Excel・CSV）")
    page.screenshot(path=str(SHOTS / "home-1280-normal.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="ボランティアのテンプレート（Excel）").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    assert headers[:2] == ["氏名", "フリガナ"]
    sheet.delete_rows(2)  # the example row

    def row(values: dict):
        sheet.append([values.get(h, "") for h in headers])

    row(
        {
            "氏名": "西東京 花子",
            "フリガナ": "にしとうきょう はなこ",
            "生年月日": "S25.5.10",
            "郵便番号": "１８８００１１",
            "住所": "西東京市田無町5-5-12",
            "電話番号": "０４２４６６３０７０",
            "状態": "登録済",
            "登録日": "令和2年4月1日",
        }
    )
    row(
        {
            "氏名": "山田 太郎",
            "フリガナ": "山田",
            "生年月日": "1950/5/10",
            "郵便番号": "188-0012",
            "住所": "西東京市南町1-1",
            "電話番号": "042-461-1111",
        }
    )
    row(
        {
            "氏名": "鈴木 一郎",
            "フリガナ": "スズキ イチロウ",
            "生年月日": "昭和30年1月2日",
            "郵便番号": "202-0001",
            "住所": "西東京市ひばりが丘1-1",
            "メールアドレス": "ichiro@example.jp",
            "登録日": "2019/4/1",
            "特技・資格": '=HYPERLINK("http://evil.example/","x")',
        }
    )
    filled = tmp_path / "ボランティア名簿.xlsx"
    workbook.save(filled)

    page.get_by_label("取り込む記録の種類").select_option(label="ボランティア")
    page.get_by_label("ファイル（Excel の xlsx か CSV）").set_input_files(str(filled))
    page.get_by_role("button", name="アップロードして確かめる").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("取り込みの確認")
    counts = page.get_by_role("list", name="件数")
    expect(counts).to_contain_text("新しく作る2")
    expect(counts).to_contain_text("問題のある行1")
    problems = page.get_by_role("table", name="問題のある行の一覧")
    expect(problems).to_contain_text("3行目")
    expect(problems).to_contain_text("フリガナはカタカナ（またはひらがな）で入力してください。")
    preview_url = page.url
    page.screenshot(path=str(SHOTS / "preview-1280-normal.png"), full_page=True)
    assert_accessible(page)

    # The same preview on a phone and at 特大, as staff at the counter see it.
    for width, size in [(1280, "xlarge"), (375, "normal"), (375, "xlarge")]:
        options = {"viewport": {"width": width, "height": 900}}
        if width < 500:
            options |= {"device_scale_factor": 2, "is_mobile": True, "has_touch": True}
        context = _context(chromium, live_server, **options)
        context.add_cookies([{"name": "text_size", "value": size, "url": live_server.url}])
        other = context.new_page()
        login(other, staff)
        other.goto(preview_url)
        expect(other.get_by_role("table", name="問題のある行の一覧")).to_contain_text("3行目")
        other.screenshot(path=str(SHOTS / f"preview-{width}-{size}.png"), full_page=True)
        other.get_by_role("list", name="件数").screenshot(path=str(SHOTS / f"counts-{width}-{size}.png"))
        other.get_by_role("table", name="問題のある行の一覧").screenshot(
            path=str(SHOTS / f"problems-{width}-{size}.png")
        )
        assert other.evaluate(f"document.documentElement.scrollWidth <= {width} + 1"), (
            f"sideways scroll at {width} {size}"
        )
        other.goto("/staff/imports/")
        other.screenshot(path=str(SHOTS / f"home-{width}-{size}.png"), full_page=True)
        other.locator("form[enctype]").screenshot(path=str(SHOTS / f"upload-{width}-{size}.png"))
        assert other.evaluate(f"document.documentElement.scrollWidth <= {width} + 1"), (
            f"sideways scroll at {width} {size}"
        )
        context.close()

    page.get_by_label("問題のある行を除いて、問題のない行だけを取り込みます").check()
    page.get_by_role("button", name="取り込む", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("取り込みの結果")
    expect(page.get_by_text("取り込みました：新規 2件、更新 0件、変更なし 0件。")).to_be_visible()
    page.screenshot(path=str(SHOTS / "done-1280-normal.png"), full_page=True)

    page.goto("/staff/volunteers/")
    page.get_by_label("氏名・フリガナ").fill("にしとうきょう")
    page.get_by_role("button", name="検索").click()
    results = page.get_by_role("table", name="ボランティアの一覧")
    expect(results).to_contain_text("西東京 花子")
    expect(results).to_contain_text("ニシトウキョウ ハナコ")
    expect(results).not_to_contain_text("鈴木 一郎")
