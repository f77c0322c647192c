"""A small world for the performance tests: both sites' rooms, equipment, event types, one account per role with
their records, and then the dataset generators (config/core/dataset.py) at a given scale on top."""

import random

from django.contrib.auth.models import Group

from config.core import roles
from config.core.dataset import Dataset
from config.core.management.commands.generate_dataset import registry
from config.core.models import Site
from programs.models import BookingRules, EventType
from tests.programs.factories import make_kind, make_room, make_units
from tests.volunteers.factories import (
    GroupRegistrationFactory,
    UserFactory,
    VolunteerFactory,
    VolunteerGroupFactory,
)

EVENT_TYPES = ["course-beginner", "course-disaster", "volunteer-meetup", "outreach-course"]


def build_world(scale: float, years: int = 10) -> dict:
    """The base every generator expects (what the demo data gives), then every generator at this scale."""
    roles.create_roles(Group)
    sites = {s.slug: s for s in Site.objects.all()}
    for site in sites.values():
        BookingRules.objects.get_or_create(site=site)  # as the demo data makes them (a GET would otherwise)
    for slug, names in (("tanashi", ["第1会議室", "第2会議室", "和室"]), ("hoya", ["活動室A", "活動室B"])):
        for name in names:
            make_room(sites[slug], name=name)
    kind = make_kind()
    make_units(kind, sites["tanashi"], n=2, prefix="T")
    make_units(kind, sites["hoya"], n=1, prefix="H")
    for order, key in enumerate(EVENT_TYPES):
        EventType.objects.get_or_create(key=key, defaults={"name": key, "sort_order": order})
    users = {
        "staff": UserFactory(username="staff", role=roles.STAFF, is_staff=True),
        "committee": UserFactory(username="iinkai", role=roles.COMMITTEE),
        "volunteer": UserFactory(username="volunteer", role=roles.VOLUNTEER),
        "group": UserFactory(username="dantai", role=roles.GROUP_REP),
    }
    VolunteerFactory(user=users["volunteer"], registered=True)
    group = VolunteerGroupFactory(representative=users["group"])
    GroupRegistrationFactory(group=group)
    ds = Dataset(rng=random.Random(1), scale=scale, years=years)
    for generator in registry():
        generator(ds)
    return {"users": users, "group": group, "fy": ds.last_fy}
