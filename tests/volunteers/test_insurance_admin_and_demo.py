"""Insurance demo data (sample rates, loads twice the same), the admin (products through the service, enrolments read-only), and the renewal command."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from config.core.audit import AuditEntry
from config.core.dates import current_fiscal_year
from volunteers import demo_insurance
from volunteers.models import Notice
from volunteers.models.insurance import Enrolment, EventInsurance, InsurancePlan, InsuranceYear

from .factories import VolunteerFactory
from .insurance_factories import PlanFactory

pytestmark = pytest.mark.django_db


def test_the_demo_loads_idempotently_with_sample_rates(base_data):
    VolunteerFactory.create_batch(5, registered=True)
    demo_insurance.load(io.StringIO())
    first = (InsurancePlan.objects.count(), Enrolment.objects.count(), EventInsurance.objects.count())
    demo_insurance.load(io.StringIO())
    assert (InsurancePlan.objects.count(), Enrolment.objects.count(), EventInsurance.objects.count()) == first
    assert first[1] > 0
    assert not InsurancePlan.objects.filter(is_sample=False).exists()
    fy = current_fiscal_year()
    assert {"enrolled", "applied"} <= set(
        Enrolment.objects.filter(fiscal_year=fy).values_list("status", flat=True)
    )
    assert Enrolment.objects.filter(fiscal_year=fy - 1, status="enrolled").exists()


def test_a_product_saved_in_the_admin_is_audited(client, staff):
    client.force_login(staff)
    fy = current_fiscal_year()
    response = client.post(
        reverse("admin:volunteers_insuranceplan_add"),
        {
            "fiscal_year": fy,
            "kind": "volunteer",
            "name": "基本タイプA",
            "rate": "350",
            "rate_unit": "person_year",
            "description": "",
            "sort_order": "0",
        },
    )
    assert response.status_code == 302
    plan = InsurancePlan.objects.get()
    assert AuditEntry.objects.filter(action="insurance_plan_save", target_id=plan.pk).exists()


def test_the_admin_cannot_edit_or_delete_enrolments(client, staff):
    plan = PlanFactory()
    e = Enrolment.objects.create(
        fiscal_year=plan.fiscal_year,
        plan=plan,
        person_name="田無 花子",
        person_furigana="タナシ ハナコ",
        person_key="p:x",
        via="counter",
        premium=350,
    )
    client.force_login(staff)
    client.post(reverse("admin:volunteers_enrolment_change", args=[e.pk]), {"person_name": "改ざん"})
    e.refresh_from_db()
    assert e.person_name == "田無 花子"
    assert client.get(reverse("admin:volunteers_enrolment_delete", args=[e.pk])).status_code == 403


def test_the_year_settings_in_the_admin_go_through_the_service(client, staff):
    client.force_login(staff)
    fy = current_fiscal_year() + 1
    client.post(
        reverse("admin:volunteers_insuranceyear_add"),
        {
            "fiscal_year": fy,
            "applications_open_on": f"{fy}-03-15",
            "event_lead_days": "10",
        },
    )
    assert InsuranceYear.objects.get(fiscal_year=fy).applications_open_on == datetime.date(fy, 3, 15)
    assert AuditEntry.objects.filter(action="insurance_year_set").exists()


def test_the_renewal_command_tells_last_years_enrollees_once(staff):
    today = timezone.localdate()
    fy = current_fiscal_year()
    target = fy + 1
    # Open next year's applications today, whatever today is, by setting last year's round as the one to renew.
    plan = PlanFactory(fiscal_year=fy - 1, name="基本タイプA")
    PlanFactory(fiscal_year=fy, name="基本タイプA")
    v = VolunteerFactory(registered=True)
    Enrolment.objects.create(
        fiscal_year=fy - 1,
        plan=plan,
        volunteer=v,
        person_name=v.name,
        person_furigana=v.furigana,
        person_key=f"v:{v.pk}",
        via="mypage",
        premium=350,
        status="enrolled",
        paid_on=today,
        receipt_number="R",
        enrolled_on=today,
        coverage_start=today,
        coverage_end=today,
    )
    out = io.StringIO()
    call_command("insurance_renewal_notices", "--fiscal-year", str(fy), "--dry-run", stdout=out)
    assert "1人に案内する予定" in out.getvalue()
    assert not Notice.objects.filter(subject__contains="更新").exists()
    call_command("insurance_renewal_notices", "--fiscal-year", str(fy), stdout=io.StringIO())
    call_command("insurance_renewal_notices", "--fiscal-year", str(fy), stdout=io.StringIO())
    assert Notice.objects.filter(volunteer=v, subject__contains="更新のご案内").count() == 1
    out = io.StringIO()
    call_command(
        "insurance_renewal_notices", stdout=out
    )  # next year: not open before its March date (or nobody to tell)
    assert f"{target}年度の更新：0人" in out.getvalue()
