"""Two staff members approving the same person at once: one approval, one account, one notice."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from volunteers.models import Notice
from volunteers.services.people import volunteer_approve

from .factories import VolunteerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_double_approval_creates_one_account(staff):
    v = VolunteerFactory(email="")
    barrier = threading.Barrier(2)
    results = []

    def approve():
        try:
            barrier.wait()
            volunteer_approve(volunteer=v, by=staff, site_url="https://vc.example.jp/")
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    v.refresh_from_db()
    assert v.status == "registered" and v.user is not None
    assert Notice.objects.filter(volunteer=v).count() == 1
