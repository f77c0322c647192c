from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("事業（部屋・機材・講座）")

    def ready(self):
        # What this app holds about a person: the マイページ download and anonymisation (config.core.personal_data).
        from . import personal_data

        personal_data.register()
        # The kinds of record this app can import (取り込み), registered with config.core.imports.
        from . import imports

        imports.register()
        # Cached anonymous pages (config/core/pagecache.py): the top page, the event list and detail, the week views.
        from config.core import pagecache

        from . import models

        pagecache.watch("events", models.Event, models.EventSession, models.EventSignup, models.EventType)
        pagecache.watch("news", models.NewsArticle, models.NewsletterIssue)
        pagecache.watch("summer", models.SummerCampaign, models.SummerProgram, models.SummerProgramDate)
        pagecache.watch("rooms", models.Room, models.RoomHours, models.RoomBooking, models.BookingRules)
