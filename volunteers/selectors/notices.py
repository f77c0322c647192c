"""Notices that wait on the staff phone/post list (people and groups without email)."""

from django.db.models import QuerySet

from ..models import Notice


def pending_manual_notices() -> QuerySet[Notice]:
    """Messages staff still have to phone or post (login letters among them), oldest first."""
    return (
        Notice.objects.filter(channel=Notice.Channel.MANUAL, handled_at__isnull=True)
        .select_related("volunteer", "group")
        .order_by("created_at")
    )
