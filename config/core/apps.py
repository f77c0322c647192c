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
        from django.contrib.auth.signals import user_logged_in

        from .middleware import limit_staff_session

        user_logged_in.connect(limit_staff_session, dispatch_uid="core.limit_staff_session")
