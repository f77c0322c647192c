"""The 0006 data step: existing requests and consultations get their search keys, and a 募集 already public
gets a public place that reveals nothing (until then the public page showed the request's own place).

The step runs on today's tables, on rows as 0006 found them: no search keys, and a published request without
a public place, which a later check constraint forbids; the test drops that constraint inside its own
transaction, which rolls back at the end. (Migrating back to 0005 and forward again did the same in 30 s,
most of the suite's slowest non-browser test; every test database still runs the real migration.)"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import connection

from volunteers.models import Consultation, HelpRequest

from .factories import ConsultationFactory, HelpRequestFactory

step = importlib.import_module("volunteers.migrations.0006_coord_public_place_search_keys_renewal")


@pytest.mark.django_db
def test_existing_rows_get_keys_and_published_requests_a_safe_public_place():
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE volunteers_helprequest DROP CONSTRAINT volunteers_helprequest_published_has_place"
        )
    common = {
        "received_on": datetime.date(2025, 5, 1),
        "requester_type": HelpRequest.RequesterType.INDIVIDUAL,
    }
    public = HelpRequestFactory(
        requester_name="山田　花子",
        requester_furigana="やまだ はなこ",
        place="西東京市田無町1-2-3",
        is_published=True,
        public_title="庭の草取り",
        **common,
    )
    private = HelpRequestFactory(requester_name="鈴木 一郎", **common)
    already = HelpRequestFactory(
        is_published=True, public_title="話し相手", public_place="保谷町周辺", **common
    )
    consultation = ConsultationFactory(person_name="山田 花子", person_furigana="やまだ はなこ")
    # As 0006 found them: no search keys yet, and the published request shows no public place.
    HelpRequest.objects.update(requester_name_key="", requester_furigana_key="")
    HelpRequest.objects.filter(pk=public.pk).update(public_place="")
    Consultation.objects.update(person_name_key="", person_furigana_key="")

    step.fill_search_keys_and_public_place(apps, None)

    public.refresh_from_db()
    assert (
        public.public_place == "詳しくはセンターへお問い合わせください" and "1-2-3" not in public.public_place
    )
    assert (public.requester_name_key, public.requester_furigana_key) == ("山田花子", "ヤマダハナコ")
    assert HelpRequest.objects.get(pk=private.pk).public_place == ""
    assert HelpRequest.objects.get(pk=private.pk).requester_name_key == "鈴木一郎"
    assert HelpRequest.objects.get(pk=already.pk).public_place == "保谷町周辺"
    consultation.refresh_from_db()
    assert (consultation.person_name_key, consultation.person_furigana_key) == ("山田花子", "ヤマダハナコ")
