"""School requests for tests: the themes as the migration loads them, and requests at each status."""

import datetime

from django.utils import timezone

from programs.models import SchoolRequest, SchoolTheme
from programs.school_defaults import create_school_themes
from programs.services import schools as services
from volunteers.models import ActivityField


def themes() -> dict[str, SchoolTheme]:
    """The themes (a transactional test flushes the migration's rows, so put them back)."""
    create_school_themes(SchoolTheme, ActivityField)
    return {t.name: t for t in SchoolTheme.objects.all()}


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def submit(
    *, theme: str = "車いす", day: datetime.date | None = None, email: str = "sensei@example.jp", **fields
):
    """A request as the public form sends it, 受付, preferring `day` 10:00–11:30."""
    day = day or timezone.localdate() + datetime.timedelta(days=14)
    values = {
        "kind": SchoolRequest.Kind.LESSON,
        "organisation": "西東京市立けやき小学校",
        "grade": "4年生",
        "pupils": 60,
        "place": "けやき小学校 体育館",
        "contact_name": "田無 先生",
        "contact_phone": "042-461-0000",
        "contact_email": email,
        **fields,
    }
    return services.request_submit(
        school_request=SchoolRequest(theme=themes()[theme], **values),
        dates=[services.PreferredDate(day, datetime.time(10), datetime.time(11, 30))],
    )


def confirmed(*, by, lecturer, day: datetime.date | None = None, **fields) -> SchoolRequest:
    """A request decided for `day` 10:00–11:30 with one lecturer (a Volunteer or a VolunteerGroup)."""
    day = day or timezone.localdate() + datetime.timedelta(days=14)
    school_request = submit(day=day, **fields)
    key = "volunteer" if lecturer._meta.model_name == "volunteer" else "group"
    services.lecturer_add(school_request=school_request, by=by, **{key: lecturer})
    return services.request_confirm(
        school_request=school_request, starts_at=at(day, 10), ends_at=at(day, 11, 30), by=by
    )
