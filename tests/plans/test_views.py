"""Who may do what on the plans pages, the PDCA and manual-entry services (audited), exports and the 事業報告."""

import ast
import datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse

from config.core.models import AuditEntry
from plans import services
from plans.models import Evaluation, ManualEntry, PlanItem

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _item(name="ボランティアの紹介"):
    return PlanItem.objects.get(fiscal_year=2020, name=name)


def test_the_public_read_the_overview_progress_and_items_but_not_staff_pages(client):
    item = _item()
    assert "一人ひとりの個性をいかし" in client.get(reverse("plans:overview")).content.decode()
    html = client.get(reverse("plans:progress") + "?fy=2020").content.decode()
    assert "令和2年度（2020年度）" in html and "240件／年" in html and "未集計（手入力）" in html
    assert client.get(reverse("plans:item", args=[item.pk])).status_code == 200
    assert client.get(reverse("plans:evaluation", args=[item.pk])).status_code == 302
    assert client.get(reverse("plans:report", args=[2020])).status_code == 302
    assert client.get(reverse("plans:progress") + "?fy=1999").status_code == 404


def test_committee_members_land_on_their_area_and_see_no_staff_forms(client, committee_member):
    response = client.post(
        reverse("login"), {"username": "iinkai", "password": "pass-for-tests-1"}, follow=True
    )
    # The members' area (committees) links to the progress pages.
    assert response.redirect_chain[-1][0] == reverse("committees:members_home")
    assert reverse("plans:progress") in response.content.decode()
    item = _item()
    html = client.get(reverse("plans:item", args=[item.pk])).content.decode()
    assert "PDCA評価を記入する" not in html
    assert client.get(reverse("plans:evaluation", args=[item.pk])).status_code == 403
    assert client.get(reverse("plans:entry_create", args=[item.targets.first().pk])).status_code == 403


def test_staff_record_a_pdca_evaluation_and_it_is_audited_and_shown(client, staff):
    item = _item()
    client.force_login(staff)
    data = {
        "grade": "B",
        "do_text": "通年で紹介した。",
        "check_text": "目標にやや届かず。",
        "action_text": "募集の周知を増やす。",
    }
    response = client.post(reverse("plans:evaluation", args=[item.pk]), data)
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(item=item)
    assert evaluation.grade == "B" and evaluation.updated_by == staff
    client.post(reverse("plans:evaluation", args=[item.pk]), {**data, "grade": "A"})
    actions = list(AuditEntry.objects.filter(target_type="plans.evaluation").values_list("action", flat=True))
    assert sorted(actions) == ["plans.evaluation.create", "plans.evaluation.update"]
    html = client.get(reverse("plans:item", args=[item.pk])).content.decode()
    assert "募集の周知を増やす。" in html and "A（目標を上回った）" in html


def test_staff_enter_a_manual_actual_within_the_fiscal_year(client, staff):
    paper = _item("広報紙を活用した広報")
    target = paper.targets.first()
    client.force_login(staff)
    url = reverse("plans:entry_create", args=[target.pk])
    response = client.post(url, {"entered_on": "2021-04-01", "value": "1", "note": ""})
    assert response.status_code == 200 and "2020年度の日付" in response.content.decode()
    response = client.post(url, {"entered_on": "令和2年7月1日", "value": "1", "note": "第100号を発行"})
    assert response.status_code == 302
    client.post(url, {"entered_on": "2020-10-01", "value": "1", "note": ""})
    entry = ManualEntry.objects.filter(target=target).first()
    assert entry.entered_by == staff and entry.entered_on == datetime.date(2020, 7, 1)
    assert AuditEntry.objects.filter(action="plans.entry.create").count() == 2
    html = client.get(reverse("plans:item", args=[paper.pk])).content.decode()
    assert "第100号を発行" in html
    client.logout()
    public = client.get(reverse("plans:item", args=[paper.pk])).content.decode()
    assert "第100号を発行" not in public  # entries (and who made them) are for staff
    assert "2回" in public  # the public see the total: two issues in the year


def test_the_years_table_exports_as_csv_and_xlsx(client, staff):
    services.evaluation_save(
        item=_item(), grade="C", do_text="実施", check_text="確認", action_text="改善策", by=staff
    )
    response = client.get(reverse("plans:progress_export", args=[2020, "csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "240件／年" in body and "改善策" in body and "未集計（手入力）" in body
    response = client.get(reverse("plans:progress_export", args=[2020, "xlsx"]))
    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(response.content)).active
    assert ws["B1"].value == "項目"
    assert client.get(reverse("plans:progress_export", args=[2020, "pdf"])).status_code == 404


def test_the_year_end_report_is_written_from_items_actuals_entries_and_pdca(client, staff):
    item = _item("広報紙を活用した広報")
    services.manual_entry_create(
        target=item.targets.first(), entered_on=datetime.date(2020, 7, 1), value=1, note="夏号", by=staff
    )
    services.evaluation_save(
        item=item, grade="B", do_text="", check_text="読者が増えた。", action_text="", by=staff
    )
    client.force_login(staff)
    html = client.get(reverse("plans:report", args=[2020])).content.decode()
    assert (
        "令和2年度 事業報告" in html
        and "当初計画" in html
        and "7月1日（1回） 夏号" in html
        and "読者が増えた。" in html
    )
    response = client.get(reverse("plans:report_xlsx", args=[2020]))
    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in ws[2]][1:] == [
        "事業",
        "当初計画",
        "実施内容・実施日（参加者数等）",
        "成果と課題",
    ]
    rows = {r[1]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    assert "夏号" in rows["広報紙を活用した広報"][3] and "読者が増えた。" in rows["広報紙を活用した広報"][4]


def test_staff_copy_a_years_items_and_targets_to_the_next(client, staff):
    client.force_login(staff)
    response = client.post(reverse("plans:copy_year"), {"from_fy": 2020})
    assert response.status_code == 302
    assert PlanItem.objects.filter(fiscal_year=2021).count() == 30
    copied = PlanItem.objects.get(fiscal_year=2021, name="ボランティアはじめて講座")
    assert [t.text or str(t.value) for t in copied.targets.all()] == ["2回（40人）", "40.00"]
    assert copied.pillar.no == 3
    services_error = client.post(reverse("plans:copy_year"), {"from_fy": 2020}, follow=True)
    assert "すでにあります" in services_error.content.decode()
    assert AuditEntry.objects.filter(action="plans.year.copy").count() == 1


def test_plans_imports_other_apps_only_through_their_selectors():
    for path in (ROOT / "plans").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                top = node.module.split(".")[0]
                if top in ("volunteers", "programs"):
                    assert node.module == top and all(a.name == "selectors" for a in node.names), (
                        path,
                        node.module,
                    )
                assert top != "committees", path
            if isinstance(node, ast.Import):
                for alias in node.names:
                    top = alias.name.split(".")[0]
                    assert top not in ("volunteers", "programs", "committees") or alias.name.endswith(
                        ".selectors"
                    ), path


def test_a_metric_backed_target_takes_a_note_not_a_value(client, staff):
    target = _item().targets.first()
    client.force_login(staff)
    url = reverse("plans:entry_create", args=[target.pk])
    assert 'name="value"' not in client.get(url).content.decode()
    response = client.post(url, {"entered_on": "2020-05-01", "value": "99", "note": "施設向け説明会で周知"})
    assert response.status_code == 302
    entry = ManualEntry.objects.get(target=target)
    assert entry.value is None and entry.note == "施設向け説明会で周知"


def test_item_edits_in_the_admin_are_audited(client, staff):
    item = _item()
    client.force_login(staff)
    url = reverse("admin:plans_planitem_change", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "approaches": [a.pk for a in item.approaches.all()],
            "goals": [g.pk for g in item.goals.all()],
            "pillar": item.pillar_id,
            "active_months": "[4, 5, 6]",
            "note": "",
        }
    )
    targets = list(item.targets.all())
    data.update(
        {
            "targets-TOTAL_FORMS": len(targets),
            "targets-INITIAL_FORMS": len(targets),
            "targets-MIN_NUM_FORMS": 0,
            "targets-MAX_NUM_FORMS": 1000,
        }
    )
    for i, t in enumerate(targets):
        data.update(
            {
                f"targets-{i}-id": t.pk,
                f"targets-{i}-item": item.pk,
                f"targets-{i}-order": t.order,
                f"targets-{i}-text": t.text,
                f"targets-{i}-value": "250" if i == 0 else t.value,
                f"targets-{i}-unit": t.unit,
                f"targets-{i}-metric_key": t.metric_key,
                f"targets-{i}-metric_param": t.metric_param,
            }
        )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert item.active_months == [4, 5, 6]
    assert item.targets.first().value == 250
    assert AuditEntry.objects.filter(action="plans.item.update", target_id=item.pk).exists()
    assert AuditEntry.objects.filter(action="plans.target.update", target_id=item.pk).exists()
