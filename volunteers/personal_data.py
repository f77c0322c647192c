"""What the volunteers app holds about a volunteer, for the download on マイページ and for anonymisation.

Registered with config.core.personal_data from VolunteersConfig.ready(). Anonymisation keeps every row and
every field the yearly counts read (status, registered_on, withdrawn_on, lives_in_city, dates, statuses,
the insurance person_key ``v:<id>``) and blanks what identifies the person.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.core import audit, personal_data
from config.core.normalize import kana_search_key, normalize_text

from .models import Consultation, Enrolment, Introduction, Notice, Volunteer

ANONYMISED_TEXT = _("（匿名化済み）")
# What stays in an anonymised volunteer's history: the facts the counts are made of.
KEPT_IN_HISTORY = ("status", "registered_on", "withdrawn_on", "lives_in_city", "gender", "activity_fields")


def anonymous_name(volunteer: Volunteer) -> str:
    return gettext("退会者%(id)s") % {"id": volunteer.pk}


def _profile(volunteer: Volunteer) -> list[dict]:
    rows = personal_data.rows_of(
        Volunteer.objects.filter(pk=volunteer.pk).prefetch_related("activity_fields"),
        [
            "name",
            "furigana",
            "birth_date",
            "gender",
            "postal_code",
            "address",
            "lives_in_city",
            "phone",
            "email",
            "activity_fields",
            "skills",
            "availability",
            "availability_note",
            "heard_from",
            "status",
            "registered_via",
            "applied_at",
            "registered_on",
            "withdrawn_on",
            "consent_at",
            "consent_policy_version",
        ],
    )
    if rows and volunteer.user_id:
        rows[0][gettext("ログインID")] = volunteer.user.username
    return rows


def _anonymise_profile(volunteer: Volunteer) -> int:
    name = anonymous_name(volunteer)
    volunteer.name, volunteer.furigana = name, "タイカイシャ"
    volunteer.name_key, volunteer.furigana_key = (
        normalize_text(name).replace(" ", ""),
        kana_search_key("タイカイシャ"),
    )
    volunteer.birth_date = None
    volunteer.postal_code = volunteer.address = volunteer.phone = volunteer.email = ""
    volunteer.skills = volunteer.availability_note = volunteer.staff_note = ""
    volunteer.save()
    user = volunteer.user
    if user is not None and not user.represented_groups.exists():
        user.username = f"withdrawn-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        audit.scrub(target_type="auth.user", target_ids=[user.pk])
    audit.scrub(target_type="volunteers.volunteer", target_ids=[volunteer.pk], keep=KEPT_IN_HISTORY)
    return 1


def _introductions(volunteer: Volunteer) -> list[dict]:
    return personal_data.rows_of(
        Introduction.objects.filter(volunteer=volunteer).select_related("request").order_by("pk"),
        ["request", "status", "response", "responded_at", "introduced_on", "started_on", "ended_on", "note"],
    )


def _anonymise_introductions(volunteer: Volunteer) -> int:
    return Introduction.objects.filter(volunteer=volunteer).exclude(note="").update(note="")


def _enrolments(volunteer: Volunteer) -> list[dict]:
    return personal_data.rows_of(
        Enrolment.objects.filter(volunteer=volunteer).select_related("plan").order_by("fiscal_year", "pk"),
        [
            "fiscal_year",
            "plan",
            "person_name",
            "person_furigana",
            "birth_date",
            "status",
            "premium",
            "paid_on",
            "coverage_start",
            "coverage_end",
        ],
    )


def _anonymise_enrolments(volunteer: Volunteer) -> int:
    name = anonymous_name(volunteer)
    rows = Enrolment.objects.filter(volunteer=volunteer)
    ids = list(rows.values_list("pk", flat=True))
    # person_key (v:<id>) stays: it is what keeps one person counted once a year.
    changed = rows.update(
        person_name=name,
        person_furigana="タイカイシャ",
        birth_date=None,
        name_key=normalize_text(name).replace(" ", ""),
        furigana_key=kana_search_key("タイカイシャ"),
    )
    audit.scrub(target_type="volunteers.enrolment", target_ids=ids, keep=("status", "fiscal_year", "premium"))
    return changed


def _consultations(volunteer: Volunteer) -> list[dict]:
    return personal_data.rows_of(
        Consultation.objects.filter(volunteer=volunteer).order_by("received_on", "pk"),
        ["received_on", "channel", "category", "content", "response", "status"],
    )


def _anonymise_consultations(volunteer: Volunteer) -> int:
    rows = Consultation.objects.filter(volunteer=volunteer)
    ids = list(rows.values_list("pk", flat=True))
    changed = rows.update(content=str(ANONYMISED_TEXT), response=str(ANONYMISED_TEXT), person_contact="")
    audit.scrub(
        target_type="volunteers.consultation", target_ids=ids, keep=("status", "category", "received_on")
    )
    return changed


def _notices(volunteer: Volunteer) -> list[dict]:
    return personal_data.rows_of(
        Notice.objects.filter(volunteer=volunteer).order_by("created_at", "pk"),
        ["created_at", "channel", "subject", "body"],
    )


def _anonymise_notices(volunteer: Volunteer) -> int:
    return Notice.objects.filter(volunteer=volunteer).update(body=str(ANONYMISED_TEXT))


def register() -> None:
    personal_data.register("profile", _("登録内容"), _profile, _anonymise_profile)
    personal_data.register("introductions", _("活動の紹介"), _introductions, _anonymise_introductions)
    personal_data.register("insurance", _("ボランティア保険"), _enrolments, _anonymise_enrolments)
    personal_data.register("consultations", _("相談の記録"), _consultations, _anonymise_consultations)
    personal_data.register("notices", _("センターからの連絡"), _notices, _anonymise_notices)
