"""変更履歴 on every staff page of a record with personal data: who, when, what kind of change, which items —
written by the services (config.core.audit), shown by {% record_history %}."""

import datetime

import pytest

from config.core import audit
from config.core.dates import fiscal_year
from programs.services import equipment as equipment_services
from programs.services import events as event_services
from tests.programs.event_factories import make_event
from tests.programs.factories import equipment_rules, make_kind, make_units
from tests.volunteers.coordination_factories import registered_volunteer
from tests.volunteers.factories import registered_group
from tests.volunteers.insurance_factories import PlanFactory
from volunteers.models import Consultation, Enrolment
from volunteers.services import consultations as consultation_services

pytestmark = pytest.mark.django_db
D = datetime.date


def _history_of(client, url) -> str:
    body = client.get(url).content.decode()
    assert "変更履歴" in body, url
    return body[body.index("変更履歴") :]


def test_a_consultation_shows_its_history(client, staff):
    volunteer = registered_volunteer(name="相談 花子")
    consultation = consultation_services.consultation_create(
        by=staff,
        received_on=D(2026, 5, 1),
        channel=Consultation.Channel.PHONE,
        category=Consultation.Category.WANT_TO_HELP,
        content="活動を始めたい",
        volunteer=volunteer,
    )
    consultation_services.consultation_update(
        consultation=consultation,
        by=staff,
        data={
            "content": "活動を始めたい（傾聴）",
            "received_on": D(2026, 5, 1),
            "channel": "phone",
            "category": consultation.category,
            "volunteer": volunteer,
            "status": consultation.status,
        },
    )
    client.force_login(staff)
    history = _history_of(client, f"/staff/consultations/{consultation.pk}/")
    assert "相談を受付" in history and "相談の記録を変更" in history and "相談内容" in history
    assert "アリス" in history


def test_an_equipment_loan_shows_its_history(client, staff, tanashi):
    today = datetime.date.today()
    equipment_rules(tanashi, max_days_ahead=60, max_loan_days=14, cancel_deadline_days=1)
    kind = make_kind("車椅子", fee=300, extra=100)
    make_units(kind, tanashi, 1)
    pickup = today + datetime.timedelta(days=7)
    while pickup.weekday() == 6:
        pickup += datetime.timedelta(days=1)
    group = registered_group(name="ひばりの会", fiscal_year=fiscal_year(pickup))
    loan = equipment_services.loan_reserve(
        kind=kind, site=tanashi, group=group, pickup_on=pickup, return_on=pickup, by=staff, as_staff=True
    )
    client.force_login(staff)
    assert "貸出の予約" in _history_of(client, f"/staff/equipment/loans/{loan.pk}/")


def test_an_event_and_an_insurance_enrolment_show_their_history(client, staff):
    event = make_event(title="傾聴講座")
    event_services.event_cancel(event=event, by=staff, reason="台風のため")
    volunteer = registered_volunteer(name="保険 太郎")
    plan = PlanFactory(fiscal_year=2026)
    enrolment = Enrolment.objects.create(
        fiscal_year=2026,
        plan=plan,
        volunteer=volunteer,
        person_name=volunteer.name,
        person_furigana=volunteer.furigana,
        person_key=f"v:{volunteer.pk}",
        via="counter",
        status="applied",
        premium=350,
    )
    audit.record(
        actor=staff, action="insurance_apply", target=enrolment, changes={"status": [None, "applied"]}
    )
    client.force_login(staff)
    assert "講座・イベントの中止" in _history_of(client, f"/staff/events/{event.pk}/")
    history = _history_of(client, f"/staff/insurance/{enrolment.pk}/")
    assert "保険の申込" in history and "状態" in history
