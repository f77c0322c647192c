"""The two committees and their meeting rules as first written (staff edit them in the admin afterwards).

Used by the data migration and by tests whose transactional flush removed the migration's rows."""

import datetime

# key, name, description, observation allowed, rule (months, weekday, week, start, end, venue, seats, deadline days)
COMMITTEES = [
    (
        "operating-committee",
        "ボランティア・市民活動センター運営委員会",
        "ボランティア推進事業関係者が集まり、センターの事業計画、予算、決算、設備、機能などについて協議しています。"
        "会議は年間6回実施予定です。運営委員会は傍聴ができます。",
        True,
        (
            [5, 7, 9, 11, 1, 3],
            1,
            2,
            datetime.time(18, 30),
            datetime.time(20, 0),
            "田無総合福祉センター4階 第三会議室",
            5,
            3,
        ),
    ),
    (
        "progress-committee",
        "地域福祉活動計画進行管理委員会",
        "第四次西東京市地域福祉活動計画の進み具合を点検・評価（PDCA）し、次の取り組みにつなげます。",
        False,
        (
            [6, 10, 2],
            2,
            3,
            datetime.time(14, 0),
            datetime.time(16, 0),
            "田無総合福祉センター4階 第三会議室",
            0,
            3,
        ),
    ),
]


def create_committees(committee_model, rule_model, site_model=None) -> None:
    for order, (key, name, description, observable, rule) in enumerate(COMMITTEES):
        committee, _ = committee_model.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "description": description,
                "observation_allowed": observable,
                "order": order,
            },
        )
        months, weekday, week, start, end, venue, seats, days = rule
        site = site_model.objects.filter(slug="tanashi").first() if site_model is not None else None
        rule_model.objects.get_or_create(
            committee=committee,
            defaults={
                "months": months,
                "weekday": weekday,
                "week": week,
                "start_time": start,
                "end_time": end,
                "venue": venue,
                "site": site,
                "seat_limit": seats,
                "deadline_days": days,
            },
        )
