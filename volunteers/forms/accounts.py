"""はじめてのログイン: the member number and the code from the posted letter, and a password of one's own."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from config.core import forms as core_forms


class FirstLoginForm(core_forms.NormalizedForm):
    identifier = core_forms.FoldedTextField(
        label=_("会員番号（または電話番号）"),
        help_text=_("案内状に書いてある会員番号です（例：v00042）。登録した電話番号でもかまいません。"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    code = core_forms.FoldedTextField(
        label=_("案内状のコード（8けたの数字）"),
        help_text=_("案内状に大きく書いてある数字です。空白はあってもなくてもかまいません。"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    new_password1 = forms.CharField(
        label=_("新しいパスワード"),
        help_text=password_validation.password_validators_help_text_html(),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("新しいパスワード（確認のため、もう一度）"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("new_password1"), cleaned.get("new_password2")
        if one and two and one != two:
            self.add_error(
                "new_password2", _("2つのパスワードが同じではありません。もう一度入力してください。")
            )
        return cleaned
