"""The staff form for a one-off closure (臨時休所); the service checks and saves it."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Site
from .normalize import clean_plain_text, normalize_text

REQUIRED = {"required": _("入力してください。")}


class _DateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": _("日付は 2026-05-12 の形で入力してください。")}

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_text(value).replace("/", "-")
        return super().to_python(value)


class ClosureForm(forms.Form):
    site = forms.ModelChoiceField(
        label=_("拠点"), queryset=Site.objects.all(), required=False, empty_label=_("全拠点")
    )
    start_date = _DateField(label=_("開始日"), error_messages=REQUIRED)
    end_date = _DateField(
        label=_("終了日"),
        error_messages=REQUIRED,
        help_text=_("1日だけのときは開始日と同じ日にしてください。"),
    )
    reason = forms.CharField(
        label=_("理由"),
        max_length=100,
        error_messages=REQUIRED | {"max_length": _("100文字以内で入力してください。")},
        help_text=_("例：設備点検、停電"),
    )

    def clean_reason(self):
        return clean_plain_text(self.cleaned_data["reason"])

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        for name in ("start_date", "end_date"):
            day = data.get(name)
            if day and not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31):
                self.add_error(name, _("日付が正しくありません。"))
        if start and end and start > end:
            self.add_error("end_date", _("終了日は開始日以降にしてください。"))
        return data
