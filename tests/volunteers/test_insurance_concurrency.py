"""Two applications for one person at once (my page and the counter, or two rosters): only one can succeed."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from volunteers.forms.insurance import parse_roster
from volunteers.models.insurance import Enrolment
from volunteers.services import insurance as services

from .factories import VolunteerFactory, VolunteerGroupFactory
from .insurance_factories import PlanFactory

TODAY = datetime.date(2020, 5, 1)
DUPLICATE = "この方はこの年度のボランティア保険にすでに申込・加入しています。"


def _race(n, work):
    barrier = threading.Barrier(n)
    outcomes = []

    def run(i):
        try:
            barrier.wait()
            work(i)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_simultaneous_applications_for_one_volunteer_cannot_both_succeed(staff):
    plans = [PlanFactory(fiscal_year=2020) for _ in range(4)]
    volunteer = VolunteerFactory(registered=True)

    outcomes = _race(
        4,
        lambda i: services.enrolment_apply(
            plan=plans[i], volunteer=volunteer, via="counter", by=staff, today=TODAY
        ),
    )

    assert Enrolment.objects.filter(volunteer=volunteer, fiscal_year=2020).count() == 1
    assert outcomes.count("ok") == 1
    assert outcomes.count(DUPLICATE) == 3


@pytest.mark.django_db(transaction=True)
def test_two_rosters_naming_one_person_at_once_save_one_whole_roster(staff):
    plan = PlanFactory(fiscal_year=2020)
    groups = [VolunteerGroupFactory(), VolunteerGroupFactory()]
    lines = [
        parse_roster(f"保谷 一郎、ホウヤ イチロウ、1950-01-01\n別人 {i}、ベツジン、1960-01-0{i + 1}")[0]
        for i in range(2)
    ]

    outcomes = _race(
        2, lambda i: services.roster_apply(group=groups[i], plan=plan, lines=lines[i], by=staff, today=TODAY)
    )

    assert outcomes.count("ok") == 1
    assert Enrolment.objects.filter(person_name="保谷 一郎").count() == 1
    winner = Enrolment.objects.get(person_name="保谷 一郎").group
    # The losing roster saved nothing, not even its other member.
    assert set(Enrolment.objects.values_list("group", flat=True)) == {winner.pk}
