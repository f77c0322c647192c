"""The login form: one box for whatever the person remembers (member number, email or phone)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .forms import NormalizedFormMixin


class IdentifierLoginForm(NormalizedFormMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("会員番号・メールアドレス・電話番号"),
        help_text=_("会員番号は、登録のご案内（メールまたは郵送の案内状）に書いてあります。"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "会員番号（またはメールアドレス・電話番号）かパスワードが違います。もう一度入力してください。"
        ),
        "inactive": _("このアカウントは使えなくなっています。センターへお問合せください。"),
    }
