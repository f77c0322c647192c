"""Extra factories for coordination and consultation tests (the shared ones live in factories.py)."""

import datetime

from volunteers.models import HelpRequest

from .factories import HelpRequestFactory, VolunteerFactory, activity_field


def registered_volunteer(user=None, *, fields=(), **kwargs):
    """A registered volunteer, optionally with an account and activity fields (slugs of the default fields)."""
    volunteer = VolunteerFactory(registered=True, user=user, **kwargs)
    if fields:
        volunteer.activity_fields.set([activity_field(slug) for slug in fields])
    return volunteer


class PublishedRequestFactory(HelpRequestFactory):
    """A request from an individual, published as a 募集 with a public title and text free of personal data."""

    requester_type = HelpRequest.RequesterType.INDIVIDUAL
    requester_name = "依頼 花子"
    requester_phone = "042-461-9876"
    requester_email = "irai-hanako@example.jp"
    requester_address = "西東京市保谷町1-2-3"
    is_published = True
    public_title = "買い物の付き添い"
    public_description = "週に一度、近所のスーパーへの買い物に付き添ってくださる方を探しています。"
    place = "保谷町"
    public_place = "保谷町周辺"
    schedule = "毎週水曜日 午前"
    received_on = datetime.date(2025, 5, 1)
