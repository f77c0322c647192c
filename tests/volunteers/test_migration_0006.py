"""The 0006 data step: existing requests and consultations get their search keys, and a 募集 already public
gets a public place that reveals nothing (until then the public page showed the request's own place)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("volunteers", "0005_accounts_login_codes")]
AFTER = [("volunteers", "0006_coord_public_place_search_keys_renewal")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_keys_and_published_requests_a_safe_public_place(django_user_model):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    HelpRequest = apps.get_model("volunteers", "HelpRequest")
    Consultation = apps.get_model("volunteers", "Consultation")
    User = apps.get_model("auth", "User")
    common = {
        "title": "草取り",
        "description": "庭",
        "received_on": datetime.date(2025, 5, 1),
        "requester_type": "individual",
    }
    public = HelpRequest.objects.create(
        requester_name="山田　花子",
        place="西東京市田無町1-2-3",
        is_published=True,
        public_title="庭の草取り",
        **common,
    )
    private = HelpRequest.objects.create(requester_name="鈴木 一郎", **common)
    staff = User.objects.create(username="migration-staff")
    Consultation.objects.create(
        received_on=datetime.date(2025, 5, 1),
        channel="phone",
        category="other",
        content="x",
        person_name="山田 花子",
        staff=staff,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    HelpRequest = apps.get_model("volunteers", "HelpRequest")
    Consultation = apps.get_model("volunteers", "Consultation")
    public = HelpRequest.objects.get(pk=public.pk)
    assert (
        public.public_place == "詳しくはセンターへお問い合わせください" and "1-2-3" not in public.public_place
    )
    assert public.requester_name_key == "山田花子"
    assert HelpRequest.objects.get(pk=private.pk).public_place == ""
    assert Consultation.objects.get().person_name_key == "山田花子"
    executor.loader.build_graph()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
