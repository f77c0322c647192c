"""Ten years of committee meetings, in bulk (see config/core/dataset.py): about 60 meetings on the committees' own
rules (奇数月の第2火曜日 …) in the years the demo left empty, with agendas; past ones with attendance, published
minutes and, where observing is allowed, a few observers."""

import datetime

from django.utils import timezone

from config.core import roles
from config.core.dataset import Dataset, bulk, set_created

from .models import AgendaItem, Attendance, Committee, CommitteeMember, Meeting, Minutes, Observation
from .services import rule_dates

AGENDA = ["前回議事録の確認", "事業の進捗について", "予算・決算について", "その他"]


def _aware(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def meetings(ds: Dataset) -> str:
    """The rule's days of every fiscal year in which a committee has no meeting yet, about 60 at ten years."""
    today = timezone.localdate()
    staff = ds.stash["users"][roles.STAFF]
    candidates = []
    for committee in Committee.objects.select_related("rule").order_by("order", "pk"):
        rule = getattr(committee, "rule", None)
        if rule is None:
            continue
        have = {fy for fy in ds.fiscal_years if committee.meetings.in_fiscal_year(fy).exists()}
        for fy in ds.fiscal_years:
            if fy not in have:
                candidates += [(committee, rule, day) for day in rule_dates(rule, fy)]
    chosen = sorted(ds.rng.sample(candidates, min(len(candidates), ds.n(60))), key=lambda c: (c[2], c[0].pk))
    made = bulk(
        Meeting,
        [
            Meeting(
                committee=committee,
                date=day,
                start_time=rule.start_time,
                end_time=rule.end_time,
                venue=rule.venue,
                seat_limit=rule.seat_limit if committee.observation_allowed else 0,
                observe_until=day - datetime.timedelta(days=rule.deadline_days),
                cancelled_at=_aware(day - datetime.timedelta(days=7), datetime.time(10))
                if ds.rng.random() < 0.03
                else None,
            )
            for committee, rule, day in chosen
        ],
    )
    members = list(CommitteeMember.objects.all())
    agenda, attendance, minutes, observers = [], [], [], []
    for meeting in made:
        agenda += [
            AgendaItem(meeting=meeting, order=i, title=title) for i, title in enumerate(AGENDA, start=1)
        ]
        if meeting.cancelled_at or meeting.date >= today:
            continue
        for member in members:
            if member.committee_id == meeting.committee_id and member.is_current(meeting.date):
                attendance.append(Attendance(meeting=meeting, member=member, present=ds.rng.random() < 0.85))
        approved = _aware(meeting.date + datetime.timedelta(days=14), datetime.time(17))
        published = meeting.date < today - datetime.timedelta(
            days=45
        )  # a recent meeting's minutes are a draft
        minutes.append(
            Minutes(
                meeting=meeting,
                body=f"{meeting.committee.name}を開催しました。事務局から事業の進捗を報告し、質疑のうえ了承されました。",
                status=Minutes.Status.PUBLISHED if published else Minutes.Status.DRAFT,
                approved_at=approved if published else None,
                approved_by_id=ds.rng.choice(staff) if published else None,
                published_at=approved + datetime.timedelta(days=30) if published else None,
            )
        )
        if meeting.committee.observation_allowed:
            for number in range(1, ds.rng.randint(0, 3) + 1):
                name, furigana, _g = ds.person()
                observers.append(
                    Observation(
                        meeting=meeting,
                        number=number,
                        name=name,
                        furigana=furigana,
                        phone=ds.phone(),
                        people=1,
                    )
                )
    bulk(AgendaItem, agenda)
    bulk(Attendance, attendance)
    bulk(Minutes, minutes)
    observers = bulk(Observation, observers)
    if observers:
        set_created(
            "committees_observation o",
            "created_at",
            "m.date - interval '1 day' * (5 + o.id % 20) + time '19:00'",
            f"FROM committees_meeting m WHERE m.id = o.meeting_id AND o.id BETWEEN {observers[0].pk} "
            f"AND {observers[-1].pk}",
        )
    return (
        f"committee meetings: {len(made)}, agenda items: {len(agenda)}, attendance: {len(attendance)}, "
        f"minutes: {len(minutes)}, observers: {len(observers)}"
    )


GENERATORS = [meetings]
