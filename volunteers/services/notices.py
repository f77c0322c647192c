"""The one way the system tells a volunteer or a group something."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Notice, Volunteer, VolunteerGroup

SIGNATURE = _("\n\n--\n西東京ボランティア・市民活動センター\n電話 042-466-3070")

# What the stored copy says in place of a secret that went only into the email.
PRIVATE_TEXT_PLACEHOLDER = _(
    "（パスワード設定用のリンクはメールにだけ記載しました。記録には残していません。）"
)


def notice_address(*, volunteer: Volunteer | None = None, group: VolunteerGroup | None = None) -> str:
    """Where mail for this person or group goes; empty when they have no email."""
    if volunteer is not None:
        return volunteer.email
    return group.contact_email or getattr(group.representative, "email", "")


def notify(
    *,
    subject: str,
    body: str,
    volunteer: Volunteer | None = None,
    group: VolunteerGroup | None = None,
    private_text: str = "",
    kind: str = Notice.Kind.MESSAGE,
) -> Notice:
    """Email the person or group when they have an address; otherwise leave it on the staff list to phone or post.

    Either way a Notice is kept, so staff can see what was said to whom. `private_text` (a set-password
    link) goes into the email only and never into the stored Notice, which every staff member can read;
    it cannot be sent to someone without email (they get a printed letter instead).
    """
    if (volunteer is None) == (group is None):
        raise ValueError("notify() needs exactly one of volunteer or group")
    address = notice_address(volunteer=volunteer, group=group)
    if private_text and not address:
        raise ValueError("private_text needs an email address; post a printed letter instead")
    stored = body + ("\n\n" + str(PRIVATE_TEXT_PLACEHOLDER) if private_text else "")
    notice = Notice.objects.create(
        volunteer=volunteer,
        group=group,
        subject=subject,
        body=stored,
        kind=kind,
        channel=Notice.Channel.EMAIL if address else Notice.Channel.MANUAL,
    )
    if address:
        sent = body + ("\n\n" + private_text if private_text else "") + SIGNATURE
        # Send after commit: a rolled-back booking or approval must not have been announced.
        transaction.on_commit(
            lambda: send_mail(
                _("【西東京ボランティア・市民活動センター】%(subject)s") % {"subject": subject},
                sent,
                None,
                [address],
            )
        )
    return notice


def notice_mark_handled(*, notice: Notice, by) -> Notice:
    """Staff passed a notice on by phone or post."""
    notice.handled_at = timezone.now()
    notice.handled_by = by
    notice.save(update_fields=["handled_at", "handled_by"])
    return notice
