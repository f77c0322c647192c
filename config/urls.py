from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.core.auth_forms import IdentifierLoginForm

admin.site.site_header = _("西東京ボランティア・市民活動センター 管理画面")
admin.site.site_title = _("西東京ボランティア・市民活動センター")
admin.site.index_title = _("データの管理")

# The account forms answer GET and POST only. Django's FormView also takes PUT (handled as a POST with an empty
# body, so harmless but needless); a black-box scan reported it (docs/security-scan.md).
FORM_METHODS = ["get", "post", "head", "options"]

urlpatterns = [
    path("", include("config.core.urls")),
    path("", include("volunteers.urls")),
    path("", include("programs.urls")),
    path("", include("plans.urls")),
    path("", include("committees.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=IdentifierLoginForm, http_method_names=FORM_METHODS), name="login"),
    # django.contrib.auth.urls, with the account forms answering GET and POST only (FORM_METHODS).
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(http_method_names=FORM_METHODS), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password_reset/", auth_views.PasswordResetView.as_view(http_method_names=FORM_METHODS), name="password_reset"),
    path("accounts/password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(http_method_names=FORM_METHODS), name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
]
