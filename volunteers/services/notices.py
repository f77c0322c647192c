"""The one way the system tells a volunteer or a group something."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ..models import Notice, Volunteer, VolunteerGroup

SIGNATURE = "\n\n--\n西東京ボランティア・市民活動センター\n電話 042-466-3070"


def notify(*, subject: str, body: str, volunteer: Volunteer | None = None, group: VolunteerGroup | None = None) -> Notice:
    """Email the person or group when they have an address; otherwise leave it on the staff list to phone or post.

    Either way a Notice is kept, so staff can see what was said to whom.
    """
    if (volunteer is None) == (group is None):
        raise ValueError("notify() needs exactly one of volunteer or group")
    address = volunteer.email if volunteer else (group.contact_email or getattr(group.representative, "email", ""))
    notice = Notice.objects.create(
        volunteer=volunteer,
        group=group,
        subject=subject,
        body=body,
        channel=Notice.Channel.EMAIL if address else Notice.Channel.MANUAL,
    )
    if address:
        # Send after commit: a rolled-back booking or approval must not have been announced.
        transaction.on_commit(lambda: send_mail(f"【西東京ボランティア・市民活動センター】{subject}", body + SIGNATURE, None, [address]))
    return notice


def notice_mark_handled(*, notice: Notice, by) -> Notice:
    """Staff passed a notice on by phone or post."""
    notice.handled_at = timezone.now()
    notice.handled_by = by
    notice.save(update_fields=["handled_at", "handled_by"])
    return notice
