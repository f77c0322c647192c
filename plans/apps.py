from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("計画と進捗")

    def ready(self) -> None:
        """The plans' aggregates are cached under the `records` version (plans/metrics.py): any save or delete of a
        record of the apps below bumps it (committees registers its own). The plans' own rows are records too: the
        cached pages of a person (config/core/pagecache.py) show them."""
        from django.apps import apps

        from config.core import pagecache

        from . import metrics

        for label in ("volunteers", "programs", "plans"):
            pagecache.watch(metrics.RECORDS, *apps.get_app_config(label).get_models())
