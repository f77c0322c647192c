from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("運営委員会")

    def ready(self) -> None:
        """Hook into the layers below, which never import this app: the 運営委員 role's term check, the plans'
        committees.meetings metric and the members' comments on a plan item's page."""
        from config.core import roles
        from plans import hooks, metrics

        from . import selectors
        from .sections import plan_item_comments_section

        roles.ROLE_CONDITIONS[roles.COMMITTEE] = selectors.is_current_member

        # The plans' cached aggregates count meetings and attendance: every write here bumps their version.
        from django.apps import apps

        from config.core import pagecache

        pagecache.watch(metrics.RECORDS, *apps.get_app_config("committees").get_models())

        def numbers(fy: int, param: str, field: str) -> int:
            return (
                metrics._once("meeting_numbers", fy, selectors.meeting_numbers).get(param, {}).get(field, 0)
            )

        def months(field: str):
            return metrics.by_month(
                "meeting_numbers_by_month",
                selectors.meeting_numbers_by_month,
                lambda n, param: n.get(param, {}).get(field, [0] * 12),
            )

        def records(fy: int, param: str) -> list[metrics.Record]:
            """Each meeting held, 「5月12日 第1回（出席9人）」."""
            return [
                metrics.Record(
                    (r.date,), _("第%(n)s回") % {"n": r.number}, _("出席%(n)s人") % {"n": r.present}
                )
                for r in metrics._once("meeting_records", fy, selectors.meeting_records)
                if r.committee_key == param
            ]

        metrics.register(
            "committees.meetings",
            _("委員会の開催回数"),
            _("回"),
            lambda fy, param: numbers(fy, param, "held"),
            monthly=months("held"),
            records=records,
        )
        metrics.register(
            "committees.attendance",
            _("委員会の出席者数（延べ）"),
            _("人"),
            lambda fy, param: numbers(fy, param, "attendance"),
            monthly=months("attendance"),
            records=records,
        )
        hooks.register_item_section(plan_item_comments_section)
