"""Events, sessions and sign-ups for the events tests."""

import datetime

from django.utils import timezone

from programs.models import Event, EventSession, EventType

NAMES = {
    "course-beginner": "ボランティアはじめて講座",
    "course-disaster": "災害ボランティア養成講習会",
    "course-listening": "傾聴ボランティアスキルアップ講座",
    "volunteer-festival": "ボラフェス（ボランティアのつどい）",
    "outreach-course": "ボランティア出張講座",
}


def event_type(key="course-beginner", name=None):
    """The type as the migration creates it (transactional tests flush the migration's rows, so make it again)."""
    obj, _ = EventType.objects.get_or_create(
        key=key, defaults={"name": name or NAMES.get(key, key), "metric_key": f"programs.events:{key}"}
    )
    return obj


def make_event(
    *, capacity=10, days_ahead=10, sessions=1, type_key="course-beginner", room=None, **kw
) -> Event:
    kw.setdefault("place", "" if room else "田無公民館")
    kw.setdefault("is_published", True)
    kw.setdefault("title", "ボランティアはじめて講座")
    event = Event.objects.create(event_type=event_type(type_key), capacity=capacity, room=room, **kw)
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=days_ahead
    )
    for i in range(sessions):
        day = start + datetime.timedelta(days=7 * i)
        EventSession.objects.create(event=event, starts_at=day, ends_at=day + datetime.timedelta(hours=2))
    return event
