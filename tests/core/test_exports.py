import csv
import io
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from openpyxl import load_workbook

from config.core.exports import Column, choose_columns, export_response

# The format tests need no permission: rows without personal data (personal=False) are neither checked nor logged.
REQUEST = RequestFactory().get("/")
REQUEST.user = AnonymousUser()

COLUMNS = [
    Column("name", "氏名", lambda r: r.name),
    Column("kana", "フリガナ", lambda r: r.kana),
    Column("ok", "可", lambda r: r.ok),
]
ROWS = [SimpleNamespace(name="山田 太郎", kana="ヤマダ タロウ", ok=True), SimpleNamespace(name="=HYPERLINK(1)", kana="", ok=False)]


def test_csv_has_a_bom_the_chosen_columns_and_defused_formulas():
    response = export_response(ROWS, choose_columns(COLUMNS, ["kana", "name"]), "csv", "名簿", request=REQUEST, personal=False)
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows == [["氏名", "フリガナ"], ["山田 太郎", "ヤマダ タロウ"], ["'=HYPERLINK(1)", ""]]
    assert "filename*=UTF-8''%E5%90%8D%E7%B0%BF_" in response["Content-Disposition"]


def test_xlsx_round_trips():
    response = export_response(ROWS, COLUMNS, "xlsx", "名簿", request=REQUEST, personal=False)
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == ["氏名", "フリガナ", "可"]
    assert [c.value for c in ws[2]] == ["山田 太郎", "ヤマダ タロウ", "○"]


def test_no_columns_chosen_means_all():
    assert choose_columns(COLUMNS, []) == COLUMNS
