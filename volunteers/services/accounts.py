"""Writes about login accounts: creating one, welcoming the person, and the printed login code.

A person with email gets a set-password link by email (the link is never stored). A person without
email gets a letter (ログインのご案内) that staff print: it carries their member number and a short
one-time code, valid for weeks; with both they set their own password on the はじめてのログイン page.
Only a hash of the code is stored, and each printing is recorded in the audit log.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.core import audit
from config.core.normalize import normalize_text

from ..auth import account_candidates
from ..models import LoginCode, Notice, Volunteer, VolunteerGroup
from .notices import notice_address, notify

User = get_user_model()

CODE_DIGITS = 8
# After this many wrong codes the letter stops working and staff print a new one.
MAX_FAILED_ATTEMPTS = 5

WRONG_CODE = gettext_lazy(
    "会員番号（または電話番号）か、案内状のコードが違います。案内状を見ながら、もう一度入力してください。"
)
CODE_LOCKED = gettext_lazy(
    "コードを何度も間違えたため、この案内状は使えなくなりました。お手数ですが、センター（電話 042-466-3070）へご連絡ください。新しい案内状をお送りします。"
)


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
    """A login account without a password yet; the person sets one from the emailed link or the posted letter."""
    last, _sep, first = normalize_text(name).partition(" ")
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


def accounts_create_in_bulk(*, people: list[tuple[int, str, str]], role: str, by, prefix: str = "v") -> list:
    """account_create for many people at once (an import of a roster): (number, name, email) each, the same
    accounts — username from the number, no usable password yet, the role's group, an audit entry — written
    with a few COPYs instead of five queries a person. Nobody is told: staff send the set-password mail or
    print the letter from the person's page when they are ready. Call it inside the caller's transaction."""
    from config.core.imports import bulk_insert
    from config.core.models import AuditEntry

    if not people:
        return []
    bases = [f"{prefix}{number:05d}" for number, _name, _email in people]
    taken = set(User.objects.filter(username__in=bases).values_list("username", flat=True))
    users = []
    for base, (number, name, email) in zip(bases, people, strict=True):
        last, _sep, first = normalize_text(name).partition(" ")
        user = User(
            username=_unique_username(prefix, number) if base in taken else base,
            email=email,
            last_name=last[:150],
            first_name=first[:150],
        )
        user.set_unusable_password()
        users.append(user)
    bulk_insert(User, users)
    group = Group.objects.get_or_create(name=role)[0]
    bulk_insert(User.groups.through, [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users])
    actor = by if getattr(by, "is_authenticated", False) else None
    bulk_insert(
        AuditEntry,
        [
            AuditEntry(
                actor=actor,
                action="account.create",
                target_type=User._meta.label_lower,
                target_id=u.pk,
                changes={"username": [None, u.username], "role": [None, role]},
            )
            for u in users
        ],
    )
    return users


def account_send_link(
    *, user, subject: str, greeting: str, site_url: str, volunteer: Volunteer | None = None, group=None
) -> Notice:
    """Email a set-password link; the stored notice says a link was sent, never the link."""
    if not notice_address(volunteer=volunteer, group=group):
        raise ValidationError(
            _(
                "メールアドレスがないため、リンクは送れません。「ログインのご案内を印刷する」から案内状を郵送してください。"
            ),
            code="no_email",
        )
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    body = (
        greeting
        + "\n\n"
        + _("会員番号（ログインID）：%(username)s") % {"username": user.username}
        + "\n"
        + _("ログインには、会員番号のほか、このメールアドレスも使えます。")
    )
    link = (
        _("次のリンクからパスワードを設定してください（リンクは%(days)s日間有効です）。") % {"days": days}
        + "\n"
        + set_password_url(user, site_url)
        + "\n\n"
        + _("期限が切れたときは、ログインのページの「パスワードをお忘れの方」から設定し直せます。")
    )
    return notify(volunteer=volunteer, group=group, subject=subject, body=body, private_text=link)


def account_welcome(
    *,
    user,
    subject: str,
    greeting: str,
    site_url: str,
    volunteer: Volunteer | None = None,
    group: VolunteerGroup | None = None,
) -> Notice:
    """Tell a person how to log in: by email with a set-password link, or by a letter that staff print.

    The stored notice never holds the link or a code; for a person without email it asks staff to
    print the letter (ログインのご案内) and post it.
    """
    member = _("会員番号（ログインID）：%(username)s") % {"username": user.username}
    if user.has_usable_password():
        body = (
            greeting
            + "\n\n"
            + _("これまでと同じ会員番号とパスワードでマイページにログインできます。")
            + "\n"
            + member
        )
        return notify(volunteer=volunteer, group=group, subject=subject, body=body)
    if notice_address(volunteer=volunteer, group=group):
        return account_send_link(
            user=user, subject=subject, greeting=greeting, site_url=site_url, volunteer=volunteer, group=group
        )
    body = (
        greeting
        + "\n\n"
        + member
        + "\n"
        + _(
            "メールアドレスのご登録がないため、ログインのご案内（はじめてのログイン用のコードを記載した案内状）を郵送します。"
        )
    )
    return notify(
        volunteer=volunteer, group=group, subject=subject, body=body, kind=Notice.Kind.ACCOUNT_LETTER
    )


def format_code(code: str) -> str:
    """The code as printed: two groups of four digits, easy to read aloud."""
    return f"{code[:4]} {code[4:]}"


def login_code_issue(*, user, by) -> tuple[str, LoginCode]:
    """A new one-time code for the letter staff are printing; any earlier code stops working.

    Returns the code itself (shown once, on the letter) and its stored record (which holds a hash only).
    """
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).get()
        LoginCode.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        record = LoginCode.objects.create(
            user=user,
            code_hash=make_password(code),
            created_by=by,
            expires_at=now + datetime.timedelta(days=settings.LOGIN_CODE_DAYS),
        )
        audit.record(
            actor=by,
            action="account.letter_print",
            target=user,
            changes={"expires_at": [None, record.expires_at.isoformat()]},
        )
    return code, record


def _clean_code(code: str) -> str:
    return "".join(ch for ch in normalize_text(code) if ch.isdigit())


def login_code_redeem(*, identifier: str, code: str, password: str):
    """The person types their member number (or phone number) and the letter's code, and sets a password.

    Raises ValidationError with a message for the page; wrong codes are counted even though the
    attempt fails, and the letter stops working after MAX_FAILED_ATTEMPTS.
    """
    code = _clean_code(code)
    candidates = [u for u in account_candidates(identifier) if u.is_active]
    if len(code) == CODE_DIGITS:
        for candidate in candidates:
            with transaction.atomic():
                record = LoginCode.objects.live().select_for_update().filter(user=candidate).first()
                if record is None or not check_password(code, record.code_hash):
                    continue
                # Check the password before spending the code, so a weak password can be retyped.
                password_validation.validate_password(password, candidate)
                record.used_at = timezone.now()
                record.save(update_fields=["used_at"])
                candidate.set_password(password)
                candidate.save(update_fields=["password"])
                audit.record(
                    actor=candidate,
                    action="account.code_used",
                    target=candidate,
                    changes={"password": ["***", "***"]},
                )
                return candidate
    # A wrong code: counted (and committed) before the failure is raised, so guessing runs out.
    locked_out = False
    with transaction.atomic():
        for record in LoginCode.objects.live().select_for_update().filter(user__in=candidates):
            record.failed_attempts += 1
            fields = ["failed_attempts"]
            if record.failed_attempts >= MAX_FAILED_ATTEMPTS:
                record.revoked_at = timezone.now()
                fields.append("revoked_at")
                locked_out = True
            record.save(update_fields=fields)
    raise ValidationError(
        CODE_LOCKED if locked_out else WRONG_CODE, code="locked" if locked_out else "wrong_code"
    )
