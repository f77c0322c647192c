"""Staff bring a course's participant list in: download the events template, fill it, upload it, read the
preview, press 取り込む and see 取り込み中です… while it runs, then find the participants on the event's page.
The running state is looked at on a desktop and a phone at 標準 and 特大 text."""

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.programs.event_factories import event_type

from .fixtures import _context, assert_accessible, fits

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots/imp2")


def _filled_template(page, tmp_path) -> Path:
    with page.expect_download() as download:
        page.get_by_role("link", name="講座・イベントと参加者のテンプレート（Excel）").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["講座・イベント名", "種類", "開催日"]
    sheet.delete_rows(2)  # the example row
    course = {
        "講座・イベント名": "傾聴ボランティア入門",
        "種類": "ボランティアはじめて講座",
        "開催日": "令和8年11月14日",
        "開始時刻": "13:00",
        "終了時刻": "15:00",
        "会場": "田無総合福祉センター",
        "定員": "２０",
    }
    for person in [
        {
            "氏名": "西東京 花子",
            "フリガナ": "にしとうきょう はなこ",
            "電話番号": "０４２４６６３０７０",
            "出席": "○",
        },
        {"氏名": "山田 太郎", "フリガナ": "ヤマダ タロウ", "メールアドレス": "taro@example.jp"},
        {"氏名": "鈴木 一郎", "フリガナ": "スズキ イチロウ"},  # no way to reach him: refused
    ]:
        sheet.append([{**course, **person}.get(h, "") for h in headers])
    path = tmp_path / "講座の参加者.xlsx"
    workbook.save(path)
    return path


def test_staff_import_a_course_with_its_participants_and_watch_it_run(
    chromium, live_server, page, staff, login, tmp_path
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    event_type("course-beginner")
    login(page, staff)
    page.goto("/staff/imports/")
    filled = _filled_template(page, tmp_path)
    page.get_by_label("取り込む記録の種類").select_option(label="講座・イベントと参加者")
    page.get_by_label("ファイル（Excel の xlsx か CSV）").set_input_files(str(filled))
    page.get_by_role("button", name="アップロードして確かめる").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("取り込みの確認")
    counts = page.get_by_role("list", name="件数")
    expect(counts).to_contain_text("新しく作る2")
    expect(counts).to_contain_text("問題のある行1")
    expect(page.get_by_role("table", name="問題のある行の一覧")).to_contain_text("メールアドレスか電話番号")
    expect(page.get_by_text("2行を書き込みます（目安はおよそ1秒です）。")).to_be_visible()
    preview_url = page.url
    assert_accessible(page)

    # While the import runs: the button is pressed once, and the page says what is going on.
    for width, size in [(1280, "normal"), (1280, "xlarge"), (375, "normal"), (375, "xlarge")]:
        options = {"viewport": {"width": width, "height": 900}}
        if width < 500:
            options |= {"device_scale_factor": 2, "is_mobile": True, "has_touch": True}
        context = _context(chromium, live_server, **options)
        context.add_cookies([{"name": "text_size", "value": size, "url": live_server.url}])
        other = context.new_page()
        login(other, staff)
        other.goto(preview_url)
        other.get_by_label("問題のある行を除いて、問題のない行だけを取り込みます").check()
        # The press as the page's script sees it, without sending the form: the import itself runs below.
        other.evaluate(
            "document.querySelector('form[data-import-progress]')"
            ".dispatchEvent(new Event('submit', {cancelable: true}))"
        )
        status = other.get_by_role("status").filter(has_text="取り込み中です")
        expect(status).to_have_text("取り込み中です…（2行、目安はおよそ1秒）")
        expect(other.get_by_role("progressbar", name="取り込みの進み具合")).to_be_visible()
        expect(other.get_by_role("button", name="取り込む", exact=True)).to_be_disabled()
        assert fits(other), f"sideways scroll at {width} {size}"
        other.screenshot(path=str(SHOTS / f"running-{width}-{size}.png"), full_page=True)
        if width == 1280 and size == "normal":
            # How the line reads once the server reports rows written (the figures are the JSON view's shape;
            # tests/core/test_import_progress.py checks the real figures of a running import).
            other.route(
                "**/progress/",
                lambda route: route.fulfill(
                    content_type="application/json",
                    body=json.dumps(
                        {"status": "running", "phase": "writing", "done": 1, "total": 2, "seconds": 3}
                    ),
                ),
            )
            expect(status).to_have_text("取り込み中です…2行のうち1行を書き込みました（3秒経過）。")
            expect(other.get_by_role("progressbar", name="取り込みの進み具合")).to_have_attribute(
                "value", "1"
            )
            other.screenshot(path=str(SHOTS / "writing-1280-normal.png"), full_page=True)
        context.close()

    # Now for real: the import runs and the result page follows.
    page.get_by_label("問題のある行を除いて、問題のない行だけを取り込みます").check()
    page.get_by_role("button", name="取り込む", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("取り込みの結果")
    expect(page.get_by_text("取り込みました：新規 2件、更新 0件、変更なし 0件。")).to_be_visible()
    page.screenshot(path=str(SHOTS / "done-1280-normal.png"), full_page=True)

    page.goto("/staff/events/?fy=2026")
    page.get_by_role("link", name="傾聴ボランティア入門").click()
    participants = page.get_by_role("table", name="参加者")
    expect(participants).to_contain_text("西東京 花子（ニシトウキョウ ハナコ）（一般）")
    expect(participants).to_contain_text("山田 太郎")
    expect(participants).not_to_contain_text("鈴木 一郎")
    page.screenshot(path=str(SHOTS / "event-1280-normal.png"), full_page=True)
