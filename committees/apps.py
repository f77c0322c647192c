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
        metrics.register(
            "committees.meetings",
            _("委員会の開催回数"),
            _("回"),
            lambda fy, param: selectors.meeting_numbers(fy).get(param, {}).get("held", 0),
        )
        metrics.register(
            "committees.attendance",
            _("委員会の出席者数（延べ）"),
            _("人"),
            lambda fy, param: selectors.meeting_numbers(fy).get(param, {}).get("attendance", 0),
        )
        hooks.register_item_section(plan_item_comments_section)
