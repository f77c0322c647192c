"""The one way the system tells a volunteer or a group something."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.core import audit

from ..models import Notice, Volunteer, VolunteerGroup

SIGNATURE = _("\n\n--\n西東京ボランティア・市民活動センター\n電話 042-466-3070")

# What the stored copy says in place of a secret that went only into the email.
PRIVATE_TEXT_PLACEHOLDER = _(
    "（パスワード設定用のリンクはメールにだけ記載しました。記録には残していません。）"
)


def notice_address(
    *, volunteer: Volunteer | None = None, group: VolunteerGroup | None = None, guest_email: str = ""
) -> str:
    """Where mail for this person or group goes; empty when they have no email."""
    if volunteer is not None:
        return volunteer.email
    if group is not None:
        return group.contact_email or getattr(group.representative, "email", "")
    return guest_email


def notify(
    *,
    subject: str,
    body: str,
    volunteer: Volunteer | None = None,
    group: VolunteerGroup | None = None,
    private_text: str = "",
    kind: str = Notice.Kind.MESSAGE,
    guest_name: str = "",
    guest_phone: str = "",
    guest_email: str = "",
) -> Notice:
    """Email the person or group when they have an address; otherwise leave it on the staff list to phone or post.

    Either way a Notice is kept, so staff can see what was said to whom. `private_text` (a set-password
    link) goes into the email only and never into the stored Notice, which every staff member can read;
    it cannot be sent to someone without email (they get a printed letter instead).

    A person with no record of their own (an event guest) is named by guest_name, with guest_phone for
    the staff call and guest_email when they gave one.
    """
    if sum((volunteer is not None, group is not None, bool(guest_name))) != 1:
        raise ValueError("notify() needs exactly one of volunteer, group or guest_name")
    address = notice_address(volunteer=volunteer, group=group, guest_email=guest_email)
    if private_text and not address:
        raise ValueError("private_text needs an email address; post a printed letter instead")
    stored = body + ("\n\n" + str(PRIVATE_TEXT_PLACEHOLDER) if private_text else "")
    notice = Notice.objects.create(
        volunteer=volunteer,
        group=group,
        guest_name=guest_name,
        guest_phone=guest_phone,
        subject=subject,
        body=stored,
        kind=kind,
        channel=Notice.Channel.EMAIL if address else Notice.Channel.MANUAL,
    )
    if address:
        sent = body + ("\n\n" + private_text if private_text else "") + SIGNATURE
        # Queue after commit: a rolled-back booking or approval must not have been announced, and no mail
        # work happens while the caller's row locks are held. EMAIL_BACKEND is django-mailer's queue, so this
        # is one insert; `send_mail` delivers later. robust: should even the insert fail, the committed
        # submission stands and the failure is logged (the Notice above still shows staff what was said).
        transaction.on_commit(
            lambda: send_mail(
                _("【西東京ボランティア・市民活動センター】%(subject)s") % {"subject": subject},
                sent,
                None,
                [address],
            ),
            robust=True,
        )
    return notice


def notice_mark_handled(*, notice: Notice, by) -> Notice:
    """Staff passed a notice on by phone or post."""
    with transaction.atomic():
        notice.handled_at = timezone.now()
        notice.handled_by = by
        notice.save(update_fields=["handled_at", "handled_by"])
        audit.record(
            actor=by,
            action="notice_handled",
            target=notice,
            changes={"handled_at": [None, notice.handled_at.isoformat()]},
        )
    return notice
