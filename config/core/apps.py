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

        from .context_processors import forget_sites_on_write
        from .models import AnnualClosure, OpeningHours, Site

        # The footer's sites are cached for every server: any write to what it shows, from the admin, a service or
        # the shell, drops the cached copy so the next request everywhere reads the new one (cache, not business logic).
        for model in (Site, OpeningHours, AnnualClosure):
            post_save.connect(
                forget_sites_on_write, sender=model, dispatch_uid=f"core.forget_sites.save.{model.__name__}"
            )
            post_delete.connect(
                forget_sites_on_write, sender=model, dispatch_uid=f"core.forget_sites.del.{model.__name__}"
            )

        # Cached anonymous pages (config/core/pagecache.py): every page shows the footer's sites, and the closures and
        # the ふりがな dictionary change what pages render; a write to any of them is visible on the next request.
        from . import pagecache
        from .furigana import forget_words
        from .models import Closure, FuriganaWord

        pagecache.watch(pagecache.SITE, Site, OpeningHours, AnnualClosure, Closure, FuriganaWord)

        def forget_words_on_write(sender, **kwargs):
            forget_words()

        post_save.connect(forget_words_on_write, sender=FuriganaWord, dispatch_uid="core.forget_words.save")
        post_delete.connect(forget_words_on_write, sender=FuriganaWord, dispatch_uid="core.forget_words.del")
        self.forget_words_on_write = forget_words_on_write  # signals hold receivers weakly

        from django.contrib.auth.signals import user_logged_in

        from .middleware import limit_staff_session

        user_logged_in.connect(limit_staff_session, dispatch_uid="core.limit_staff_session")
