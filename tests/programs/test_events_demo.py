"""The events demo data: a fiscal year of events of every plan type, with sessions, sign-ups, a waiting list and
attendance; news and four issues of ぼらんてぃあ倶楽部; loaded idempotently."""

import io

from django.core.management import call_command

from config.core.dates import current_fiscal_year
from programs import selectors
from programs.models import (
    Event,
    EventAttendance,
    EventSession,
    EventSignup,
    EventType,
    NewsArticle,
    NewsletterIssue,
)


def test_the_demo_has_a_year_of_events_news_and_four_newsletters(base_data, settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=io.StringIO())
    fy = current_fiscal_year()
    planned = set(EventType.objects.exclude(metric_key="").values_list("key", flat=True))
    assert planned <= set(Event.objects.values_list("event_type__key", flat=True))
    assert EventSession.objects.count() >= Event.objects.count()
    assert EventSession.objects.filter(booking__isnull=False).exists()
    assert EventSignup.objects.filter(status="waiting").exists()
    assert EventSignup.objects.filter(status="confirmed").count() >= 50
    assert NewsletterIssue.objects.count() == 4
    assert NewsArticle.objects.count() >= 4
    assert selectors.events_held(fy) == Event.objects.count()
    assert selectors.events_held(fy, "outreach-course") == 3
    if EventAttendance.objects.exists():
        assert selectors.event_attendance(fy) > 0
    events, signups = Event.objects.count(), EventSignup.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Event.objects.count() == events and EventSignup.objects.count() == signups
