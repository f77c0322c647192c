from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("ボランティア・団体")

    def ready(self):
        # What this app holds about a person: the マイページ download and anonymisation (config.core.personal_data).
        from . import personal_data

        personal_data.register()
        # The kinds of record this app can import (取り込み), registered with config.core.imports.
        from . import imports

        imports.register()
