"""Writes about people: registration, approval, profile changes, status changes and accounts.

Every change to personal data is recorded with config.core.audit inside the same transaction.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from config.core import audit, roles
from config.core.normalize import kana_search_key, normalize_text

from ..models import ActivityField, Volunteer
from ..models.people import RegisteredVia, VolunteerStatus
from .notices import notify

User = get_user_model()

# The version of the privacy policy (個人情報の取扱いについて) shown with the registration forms.
# Change it whenever templates/volunteers/people/_privacy_policy_text.html changes.
PRIVACY_POLICY_VERSION = "2026年4月版"

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


def volunteer_register(
    *,
    data: dict[str, Any],
    activity_fields: Iterable[ActivityField],
    via: str = RegisteredVia.ONLINE,
    by=None,
    user=None,
) -> Volunteer:
    """A new registration (仮登録), online by the person or at the counter by staff; consent is recorded."""
    activity_fields = list(activity_fields)
    volunteer = Volunteer(status=VolunteerStatus.PROVISIONAL, registered_via=via, user=user)
    _apply_profile(volunteer, data)
    volunteer.consent_at = timezone.now()
    volunteer.consent_policy_version = PRIVACY_POLICY_VERSION
    volunteer.full_clean()
    with transaction.atomic():
        volunteer.save()
        volunteer.activity_fields.set(activity_fields)
        changes = audit.diff(volunteer, {}, AUDITED_FIELDS)
        audit.record(actor=by, action="volunteer.register", target=volunteer, changes=changes)
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


def set_password_url(user, site_url: str) -> str:
    """An absolute link to Django's password-reset confirm page, where a new account sets its first password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return site_url.rstrip("/") + path


def _unique_username(prefix: str, number: int) -> str:
    base = f"{prefix}{number:05d}"
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def account_create(*, prefix: str, number: int, name: str, email: str, role: str, by):
    """A login account without a password yet; the person sets one from the emailed (or posted) link."""
    last, _, first = normalize_text(name).partition(" ")
    user = User(
        username=_unique_username(prefix, number), email=email, last_name=last[:150], first_name=first[:150]
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    audit.record(
        actor=by,
        action="account.create",
        target=user,
        changes={"username": [None, user.username], "role": [None, role]},
    )
    return user


def _account_notice_body(user, site_url: str, greeting: str) -> str:
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    return (
        f"{greeting}\n\n"
        f"マイページのユーザー名：{user.username}\n\n"
        f"次のリンクからパスワードを設定してください（リンクは{days}日間有効です）。\n"
        f"{set_password_url(user, site_url)}\n\n"
        "リンクの期限が切れたときは、センターへお電話ください。"
    )


def volunteer_approve(*, volunteer: Volunteer, by, site_url: str) -> Volunteer:
    """Staff approve a 仮登録: the person becomes 登録済, gets an account and a link to set a password."""
    with transaction.atomic():
        volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if volunteer.status != VolunteerStatus.PROVISIONAL:
            raise ValidationError("仮登録の方だけを承認できます。", code="not_provisional")
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
        greeting = f"{volunteer.name} 様\n\nボランティア登録が完了しました。ご登録ありがとうございます。"
        if volunteer.user.has_usable_password():
            body = (
                greeting
                + f"\n\nいつものユーザー名（{volunteer.user.username}）でマイページにログインできます。"
            )
        else:
            body = _account_notice_body(volunteer.user, site_url, greeting)
        notify(volunteer=volunteer, subject="ボランティア登録が完了しました", body=body)
    return volunteer


def volunteer_send_account_link(*, volunteer: Volunteer, by, site_url: str) -> None:
    """Send the set-password link again (it expired, or the letter was lost)."""
    if volunteer.user is None or volunteer.status not in (
        VolunteerStatus.REGISTERED,
        VolunteerStatus.SUSPENDED,
    ):
        raise ValidationError("登録済のボランティアにだけ送れます。", code="no_account")
    with transaction.atomic():
        audit.record(actor=by, action="account.send_link", target=volunteer.user)
        notify(
            volunteer=volunteer,
            subject="パスワード設定のご案内",
            body=_account_notice_body(volunteer.user, site_url, f"{volunteer.name} 様"),
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
                "「%(old)s」から「%(new)s」には変更できません。",
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
