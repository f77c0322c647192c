import pytest

from config.core import audit
from config.core.models import AuditEntry
from tests.volunteers.factories import VolunteerFactory, activity_field

pytestmark = pytest.mark.django_db


def test_diff_lists_changed_fields_and_many_to_many_names(staff):
    volunteer = VolunteerFactory(phone="042-466-3070")
    volunteer.activity_fields.set([activity_field("elderly", "高齢者")])
    before = audit.snapshot(volunteer, ["phone", "email", "activity_fields"])
    volunteer.phone = "090-1234-5678"
    volunteer.activity_fields.set([activity_field("braille", "点字")])
    changes = audit.diff(volunteer, before, ["phone", "email", "activity_fields"])
    assert changes == {"phone": ["042-466-3070", "090-1234-5678"], "activity_fields": [["高齢者"], ["点字"]]}
    entry = audit.record(actor=staff, action="volunteer.update", target=volunteer, changes=changes)
    assert AuditEntry.objects.get(pk=entry.pk).target_type == "volunteers.volunteer"


def test_secret_fields_are_masked():
    volunteer = VolunteerFactory()
    before = {"password": "old"}
    volunteer.password = "new"
    assert audit.diff(volunteer, before, ["password"]) == {"password": ["***", "***"]}


def test_save_recorded_logs_a_new_row_whole_and_a_changed_row_by_its_changes(staff, tanashi):
    import datetime

    from config.core.models import Closure

    fields = ["reason", "start_date", "end_date"]
    closure = Closure(
        site=tanashi,
        reason="設備点検",
        start_date=datetime.date(2026, 5, 12),
        end_date=datetime.date(2026, 5, 12),
    )
    audit.save_recorded(actor=staff, action="closure", instance=closure, fields=fields)
    created = AuditEntry.objects.get(action="closure_create")
    assert created.actor == staff and created.changes["reason"] == [None, "設備点検"]
    closure.reason = "停電"
    assert audit.save_recorded(actor=staff, action="closure", instance=closure, fields=fields) == {
        "reason": ["設備点検", "停電"]
    }
    assert audit.save_recorded(actor=staff, action="closure", instance=closure, fields=fields) == {}
    assert AuditEntry.objects.filter(action="closure_update").count() == 1
