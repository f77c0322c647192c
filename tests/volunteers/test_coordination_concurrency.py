"""Two clicks at once: one volunteer applying twice concurrently gets one Introduction (the database decides)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from volunteers.models import Introduction
from volunteers.services.coordination import introduction_apply

from .coordination_factories import PublishedRequestFactory, registered_volunteer


@pytest.mark.django_db(transaction=True)
def test_one_volunteer_applying_twice_at_once_gets_one_introduction(volunteer_user):
    volunteer = registered_volunteer(volunteer_user)
    request = PublishedRequestFactory()
    barrier = threading.Barrier(4)
    outcomes = []

    def apply():
        try:
            barrier.wait()
            introduction_apply(help_request=request, volunteer=volunteer)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Introduction.objects.filter(request=request, volunteer=volunteer).count() == 1
    assert outcomes.count("ok") == 1
    assert outcomes.count("このボランティアはこの依頼にすでに紹介・応募されています。") == 3
