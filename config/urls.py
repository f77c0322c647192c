from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.core.auth_forms import IdentifierLoginForm

admin.site.site_header = _("西東京ボランティア・市民活動センター 管理画面")
admin.site.site_title = _("西東京ボランティア・市民活動センター")
admin.site.index_title = _("データの管理")

urlpatterns = [
    path("", include("config.core.urls")),
    path("", include("volunteers.urls")),
    path("", include("programs.urls")),
    path("", include("plans.urls")),
    path("", include("committees.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=IdentifierLoginForm), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
