"""What the programs app holds about a volunteer: bookings and loans they made, and their event sign-ups.

Registered with config.core.personal_data from ProgramsConfig.ready(). None of these rows carries a
volunteer's name or contact (they point at the record or the account), so once the profile is anonymised
nothing here identifies them, and every count stays as it was.
"""

from django.utils.translation import gettext_lazy as _

from config.core import personal_data

from .models import EquipmentLoan, EventSignup, RoomBooking


def _bookings(volunteer) -> list[dict]:
    if volunteer.user_id is None:
        return []
    return personal_data.rows_of(
        RoomBooking.objects.filter(created_by_id=volunteer.user_id)
        .select_related("room", "group")
        .order_by("pk"),
        ["room", "group", "during", "purpose", "created_at", "cancelled_at"],
    )


def _loans(volunteer) -> list[dict]:
    if volunteer.user_id is None:
        return []
    return personal_data.rows_of(
        EquipmentLoan.objects.filter(created_by_id=volunteer.user_id)
        .select_related("unit", "group")
        .order_by("pk"),
        ["unit", "group", "pickup_on", "return_on", "purpose", "status", "fee", "created_at"],
    )


def _signups(volunteer) -> list[dict]:
    return personal_data.rows_of(
        EventSignup.objects.filter(volunteer=volunteer).select_related("event").order_by("pk"),
        ["event", "people", "status", "created_at", "cancelled_at"],
    )


def _anonymise_old_guests(cutoff) -> int:
    """Guests' names and contacts on sign-ups for events that ended before cutoff; the sign-up, its people
    count and status stay, so the participant numbers do not change."""
    from django.db.models import Max

    from config.core import audit

    rows = (
        EventSignup.objects.filter(volunteer__isnull=True, group__isnull=True)
        .exclude(guest_name=str(ANONYMISED_GUEST))
        .annotate(last=Max("event__sessions__ends_at"))
        .filter(last__date__lt=cutoff)
    )
    ids = list(rows.values_list("pk", flat=True))
    changed = EventSignup.objects.filter(pk__in=ids).update(
        guest_name=str(ANONYMISED_GUEST), guest_furigana="", guest_email="", guest_phone=""
    )
    audit.scrub(target_type="programs.eventsignup", target_ids=ids, keep=("status", "people"))
    return changed


# What stays of an anonymised guest (the sign-up needs a name when it has no record: programs_eventsignup_has_person).
ANONYMISED_GUEST = _("（匿名化済み）")


def register() -> None:
    personal_data.register("bookings", _("部屋の予約"), _bookings)
    personal_data.register("loans", _("機材の貸し出し"), _loans)
    personal_data.register("event_signups", _("講座・イベントの申込"), _signups)
    personal_data.register_expiry("event_guests", _anonymise_old_guests)
