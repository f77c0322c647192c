"""Records for the plans tests: counts in known fiscal years across the apps the metrics read."""

import datetime
from datetime import time as T

from config.core.models import Site
from programs.models import RoomBooking
from tests.programs.factories import make_room, span
from tests.volunteers.factories import (
    ConsultationFactory,
    GroupRegistrationFactory,
    IntroductionFactory,
    VolunteerFactory,
    VolunteerGroupFactory,
)

RECOGNISABLE = "鳩山 珍名太郎"


def seed_year(fy: int, scale: int = 1) -> None:
    """A year's worth of records, `scale` times over: registrations, introductions, consultations, room uses."""
    april = datetime.date(fy, 4, 10)
    tanashi = Site.objects.get(slug="tanashi")
    room = (
        make_room(tanashi, name=f"会議室{fy}-{scale}")
        if not tanashi.rooms.filter(name=f"会議室{fy}-{scale}").exists()
        else tanashi.rooms.get(name=f"会議室{fy}-{scale}")
    )
    group = VolunteerGroupFactory()
    GroupRegistrationFactory(group=group, fiscal_year=fy)
    for i in range(scale):
        volunteer = VolunteerFactory(name=RECOGNISABLE, registered=True, registered_on=april)
        IntroductionFactory(volunteer=volunteer, introduced_on=april + datetime.timedelta(days=i % 200))
        ConsultationFactory(received_on=april, person_name=RECOGNISABLE)
        day = april + datetime.timedelta(days=i)
        RoomBooking.objects.create(room=room, group=group, during=span(day, T(9), T(10)))
