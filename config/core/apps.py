from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "config.core"
    label = "core"
    verbose_name = _("センター共通設定")

    def ready(self):
        from . import roles

        # Permissions rows only exist after every app has migrated, so the staff role is granted them here.
        post_migrate.connect(roles.grant_staff_permissions, dispatch_uid="core.grant_staff_permissions")

        from django.db.models.signals import post_delete, post_save

        # The footer's sites (context_processors.cached_sites) and the cached anonymous pages (pagecache.py) are kept
        # under the version of the `site` namespace: any write to what the footer shows, to closures or to the ふりがな
        # dictionary, from the admin, a service or the shell, bumps it, so the next request everywhere reads the new
        # rows (cache, not business logic).
        from . import pagecache
        from .furigana import forget_words
        from .models import AnnualClosure, Closure, FuriganaWord, OpeningHours, Site

        pagecache.watch(pagecache.SITE, Site, OpeningHours, AnnualClosure, Closure, FuriganaWord)
        # A person's cached pages (pagecache.cached_per_person) also hang on their account and roles.
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        pagecache.watch(pagecache.ACCOUNTS, get_user_model(), Group)

        def forget_words_on_write(sender, **kwargs):
            forget_words()

        post_save.connect(forget_words_on_write, sender=FuriganaWord, dispatch_uid="core.forget_words.save")
        post_delete.connect(forget_words_on_write, sender=FuriganaWord, dispatch_uid="core.forget_words.del")
        self.forget_words_on_write = forget_words_on_write  # signals hold receivers weakly

        from django.contrib.auth.signals import user_logged_in

        from .middleware import limit_staff_session

        user_logged_in.connect(limit_staff_session, dispatch_uid="core.limit_staff_session")
