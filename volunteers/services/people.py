"""Writes about people: registration, approval, profile changes, status changes and accounts.

Every change to personal data is recorded with config.core.audit inside the same transaction.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.core import audit, privacy, roles
from config.core.normalize import kana_search_key, normalize_text

from ..models import ActivityField, Volunteer
from ..models.people import RegisteredVia, VolunteerStatus
from .accounts import account_create, account_send_link, account_welcome
from .notices import notify

User = get_user_model()

# The version of the privacy policy (個人情報の取扱いについて) shown with the forms: config.core.privacy keeps them.
PRIVACY_POLICY_VERSION = privacy.CURRENT.version

# The fields of a volunteer that the person (or staff for them) fills in; all of them are personal data.
PROFILE_FIELDS = [
    "name",
    "furigana",
    "birth_date",
    "gender",
    "postal_code",
    "address",
    "phone",
    "email",
    "skills",
    "availability",
    "availability_note",
    "heard_from",
]
AUDITED_FIELDS = [
    *PROFILE_FIELDS,
    "lives_in_city",
    "status",
    "registered_on",
    "withdrawn_on",
    "staff_note",
    "user_id",
    "activity_fields",
]


def _apply_profile(volunteer: Volunteer, data: dict[str, Any]) -> None:
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(volunteer, name, data[name] if data[name] is not None or name == "birth_date" else "")
    if "staff_note" in data:
        volunteer.staff_note = data["staff_note"]
    # The search keys and 市内/市外 are derived, never typed: keep them in step here and nowhere else.
    volunteer.name_key = normalize_text(volunteer.name).replace(" ", "")
    volunteer.furigana_key = kana_search_key(volunteer.furigana)
    volunteer.lives_in_city = Volunteer.address_is_in_city(volunteer.address, volunteer.postal_code)


class RepeatedRegistration(ValidationError):
    """The person has applied (or is registered) already: nothing new is created."""


def volunteer_register(
    *,
    data: dict[str, Any],
    activity_fields: Iterable[ActivityField],
    via: str = RegisteredVia.ONLINE,
    by=None,
    user=None,
) -> Volunteer:
    """A new registration (仮登録), online by the person or at the counter by staff; consent is recorded.

    Online, a repeat of an earlier application (the same name, and the same birth date, email or phone)
    creates nothing: it raises RepeatedRegistration, the earlier record's history notes it, and the address on
    that record is told by email. At the counter staff see possible duplicates before approving.
    """
    activity_fields = list(activity_fields)
    volunteer = Volunteer(status=VolunteerStatus.PROVISIONAL, registered_via=via, user=user)
    _apply_profile(volunteer, data)
    volunteer.consent_at = timezone.now()
    volunteer.consent_policy_version = PRIVACY_POLICY_VERSION
    volunteer.full_clean()
    if via == RegisteredVia.ONLINE:
        # The same name as well: a household shares a phone (and sometimes an email) but not a name.
        earlier = (
            Volunteer.objects.possible_duplicates_of(volunteer)
            .filter(name_key=volunteer.name_key)
            .exclude(status=VolunteerStatus.WITHDRAWN)
            .order_by("pk")
            .first()
        )
        if earlier is not None:
            with transaction.atomic():  # committed: the note and the email stand although nothing is created
                audit.record(actor=by, action="volunteer.register_repeat", target=earlier)
                if earlier.email:
                    notify(
                        volunteer=earlier,
                        subject=_("ボランティア登録のお申込みについて"),
                        body=_(
                            "%(name)s 様\n\nボランティア登録のお申込みを、もう一度いただきました。"
                            "以前のお申込みを受け付けていますので、新しいお申込みは不要です。\n"
                            "登録内容を変えたいときは、マイページから、またはセンターへお電話でお知らせください。"
                        )
                        % {"name": earlier.name},
                    )
            raise RepeatedRegistration(_("以前のお申込みを受け付けています。"), code="repeated_registration")
    with transaction.atomic():
        volunteer.save()
        volunteer.activity_fields.set(activity_fields)
        changes = audit.diff(volunteer, {}, AUDITED_FIELDS)
        audit.record(actor=by, action="volunteer.register", target=volunteer, changes=changes)
        if volunteer.email and via == RegisteredVia.ONLINE:
            notify(
                volunteer=volunteer,
                subject=_("ボランティア登録のお申込みを受け付けました"),
                body=_(
                    "%(name)s 様\n\nボランティア登録のお申込みを受け付けました。ありがとうございます。\n"
                    "職員が内容を確かめて登録を完了し、ログインのご案内をお送りします。"
                    "数日たってもご案内が届かないときは、センターへお電話ください。"
                )
                % {"name": volunteer.name},
            )
    return volunteer


def volunteer_update(
    *, volunteer: Volunteer, data: dict[str, Any], activity_fields: Iterable[ActivityField], by
) -> Volunteer:
    """Change a volunteer's profile (the person on their my page, or staff)."""
    activity_fields = list(activity_fields)
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        before = audit.snapshot(volunteer, AUDITED_FIELDS)
        _apply_profile(volunteer, data)
        volunteer.full_clean()
        volunteer.save()
        volunteer.activity_fields.set(activity_fields)
        changes = audit.record_changes(
            actor=by, action="volunteer.update", instance=volunteer, before=before, fields=AUDITED_FIELDS
        )
        if volunteer.user_id and "email" in changes:
            User.objects.filter(pk=volunteer.user_id).update(email=volunteer.email)
    return volunteer


def volunteer_approve(*, volunteer: Volunteer, by, site_url: str) -> Volunteer:
    """Staff approve a 仮登録: the person becomes 登録済, gets an account and a link to set a password."""
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if volunteer.status != VolunteerStatus.PROVISIONAL:
            raise ValidationError(_("仮登録の方だけを承認できます。"), code="not_provisional")
        before = audit.snapshot(volunteer, AUDITED_FIELDS)
        volunteer.status = VolunteerStatus.REGISTERED
        volunteer.registered_on = timezone.localdate()
        volunteer.approved_by = by
        if volunteer.user is None:
            volunteer.user = account_create(
                prefix="v",
                number=volunteer.pk,
                name=volunteer.name,
                email=volunteer.email,
                role=roles.VOLUNTEER,
                by=by,
            )
        else:
            volunteer.user.groups.add(Group.objects.get_or_create(name=roles.VOLUNTEER)[0])
        volunteer.full_clean()
        volunteer.save()
        audit.record(
            actor=by,
            action="volunteer.approve",
            target=volunteer,
            changes=audit.diff(volunteer, before, AUDITED_FIELDS),
        )
        account_welcome(
            user=volunteer.user,
            volunteer=volunteer,
            subject=_("ボランティア登録が完了しました"),
            greeting=_("%(name)s 様\n\nボランティア登録が完了しました。ご登録ありがとうございます。")
            % {"name": volunteer.name},
            site_url=site_url,
        )
    return volunteer


def volunteer_send_account_link(*, volunteer: Volunteer, by, site_url: str) -> None:
    """Email the set-password link again (it expired, or the mail was lost); without email, print a letter."""
    if volunteer.user is None or volunteer.status not in (
        VolunteerStatus.REGISTERED,
        VolunteerStatus.SUSPENDED,
    ):
        raise ValidationError(_("登録済のボランティアにだけ送れます。"), code="no_account")
    with transaction.atomic():
        audit.record(actor=by, action="account.send_link", target=volunteer.user)
        account_send_link(
            user=volunteer.user,
            volunteer=volunteer,
            subject=_("パスワード設定のご案内"),
            greeting=_("%(name)s 様") % {"name": volunteer.name},
            site_url=site_url,
        )


# Which status a volunteer may move to from which, outside approval (which has its own service).
STATUS_MOVES = {
    VolunteerStatus.REGISTERED: {VolunteerStatus.SUSPENDED, VolunteerStatus.WITHDRAWN},
    VolunteerStatus.SUSPENDED: {VolunteerStatus.REGISTERED, VolunteerStatus.WITHDRAWN},
    VolunteerStatus.WITHDRAWN: {VolunteerStatus.REGISTERED},
    VolunteerStatus.PROVISIONAL: {VolunteerStatus.WITHDRAWN},
}


def volunteer_set_status(*, volunteer: Volunteer, status: str, by) -> Volunteer:
    """休止, 再開 or 退会 (staff), and 退会 by the person themself. A withdrawn person's account is closed."""
    with transaction.atomic():
        volunteer = (
            Volunteer.objects.select_for_update(of=("self",)).select_related("user").get(pk=volunteer.pk)
        )
        if status not in STATUS_MOVES.get(volunteer.status, set()):
            raise ValidationError(
                _("「%(old)s」から「%(new)s」には変更できません。"),
                code="bad_status_move",
                params={"old": volunteer.get_status_display(), "new": VolunteerStatus(status).label},
            )
        before = audit.snapshot(volunteer, AUDITED_FIELDS)
        volunteer.status = status
        if status == VolunteerStatus.WITHDRAWN:
            volunteer.withdrawn_on = timezone.localdate()
        else:
            volunteer.withdrawn_on = None
            volunteer.registered_on = volunteer.registered_on or timezone.localdate()
        if volunteer.user is not None:
            active = status != VolunteerStatus.WITHDRAWN or volunteer.user.represented_groups.exists()
            if volunteer.user.is_active != active:
                volunteer.user.is_active = active
                volunteer.user.save(update_fields=["is_active"])
        volunteer.full_clean()
        volunteer.save()
        audit.record(
            actor=by,
            action="volunteer.status",
            target=volunteer,
            changes=audit.diff(volunteer, before, AUDITED_FIELDS),
        )
    return volunteer
