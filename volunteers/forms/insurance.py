"""Forms for insurance enrolment: applications (my page, counter, roster, 行事保険), payment, cancellation, staff lists."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.core import forms as core_forms
from config.core.dates import fiscal_year_label
from config.core.normalize import normalize_text

from ..models import Volunteer, VolunteerGroup
from ..models.insurance import Enrolment, InsuranceKind, InsurancePlan, InsuranceStatus
from ..services.insurance import ROSTER_LIMIT, RosterLine

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        sample = gettext("（サンプル）") if obj.is_sample else ""
        return gettext("%(year)s %(name)s　%(rate)s円%(sample)s") % {
            "year": fiscal_year_label(obj.fiscal_year),
            "name": obj.name,
            "rate": f"{obj.rate:,}",
            "sample": sample,
        }


def _plan_field(years: list[int], kind: str, label) -> PlanChoice:
    return PlanChoice(
        label=label,
        queryset=InsurancePlan.objects.filter(fiscal_year__in=years, kind=kind).order_by(
            "-fiscal_year", "sort_order", "pk"
        ),
        widget=forms.RadioSelect,
    )


class EnrolmentApplyForm(core_forms.NormalizedForm):
    """A volunteer applies for themself on their my page: the plan is all they choose."""

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"] = _plan_field(years, InsuranceKind.VOLUNTEER, _("プラン"))


class _VolunteerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        born = f"・{obj.birth_date:%Y-%m-%d}" if obj.birth_date else ""
        return f"{obj.name}（{obj.furigana}{born}）"


class CounterEnrolmentForm(core_forms.NormalizedForm):
    """Staff at the counter: find the person (or type name, furigana, birth date), the plan, and the payment if made now."""

    PICKER_LIMIT = 30

    volunteer = _VolunteerChoice(
        label=_("登録ボランティア"),
        required=False,
        queryset=Volunteer.objects.exclude(status="withdrawn"),
        empty_label=_("（登録ボランティアではない）"),
    )
    name = core_forms.FoldedTextField(label=_("氏名"), required=False, max_length=50)
    furigana = core_forms.KanaField(label=_("フリガナ"), required=False, max_length=100)
    birth_date = core_forms.DateField(label=_("生年月日"), required=False, widget=DATE_WIDGET)
    group = forms.ModelChoiceField(
        label=_("団体（団体で加入するとき）"), required=False, queryset=VolunteerGroup.objects.all()
    )
    receipt_number = core_forms.FoldedTextField(
        label=_("領収書番号（いま入金を受けたとき）"),
        required=False,
        max_length=30,
        help_text=_("入力すると、入金確認と加入手続きの完了までをまとめて行います。"),
    )

    def __init__(self, *args, years: list[int], person_query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"] = _plan_field(years, InsuranceKind.VOLUNTEER, _("プラン"))
        field = self.fields["volunteer"]
        current = self["volunteer"].value()
        rows = list(field.queryset.filter(pk=current)) if str(current or "").isdigit() else []
        if person_query:
            rows += [
                r
                for r in Volunteer.objects.exclude(status="withdrawn").search(person_query)[
                    : self.PICKER_LIMIT
                ]
                if r not in rows
            ]
        # Say who already applied for a year taking applications, so staff see it before submitting.
        taken = {}
        for vid, fy, status in (
            Enrolment.objects.active()
            .filter(volunteer__in=rows, fiscal_year__in=years)
            .values_list("volunteer", "fiscal_year", "status")
        ):
            taken.setdefault(vid, []).append(
                gettext("%(year)s年度%(status)s") % {"year": fy, "status": InsuranceStatus(status).label}
            )
        field.widget.choices = [("", field.empty_label)] + [
            (r.pk, field.label_from_instance(r) + (f"［{'・'.join(taken[r.pk])}］" if r.pk in taken else ""))
            for r in rows
        ]
        if person_query and len(rows) == 1 and not self.is_bound:
            self.initial["volunteer"] = rows[
                0
            ].pk  # one match: chosen already, so the counter goes plan → submit
            self._bound_fields_cache.pop("volunteer", None)
        self.fields["group"].widget.choices = [("", gettext("（個人で加入）"))] + [
            (g.pk, g.name) for g in VolunteerGroup.objects.only("pk", "name").order_by("name_kana_key")[:500]
        ]
        self.order_fields(["volunteer", "name", "furigana", "birth_date", "plan", "group", "receipt_number"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("volunteer") and not all(
            cleaned.get(k) for k in ("name", "furigana", "birth_date")
        ):
            if not self.errors:
                self.add_error(
                    None, gettext("登録ボランティアを選ぶか、氏名・フリガナ・生年月日を入力してください。")
                )
        return cleaned


# A roster line: 氏名, フリガナ, 生年月日 — separated by tabs (pasted from a spreadsheet) or commas (typed).
_SEPARATORS = re.compile(r"\t|,|、|，")


def parse_roster(text: str) -> tuple[list[RosterLine], list[str]]:
    """Every line of a pasted or typed roster, or the messages for the lines that are wrong (by line number)."""
    kana = core_forms.KanaField(label=gettext("フリガナ"))
    date = core_forms.DateField(label=gettext("生年月日"))
    lines, errors = [], []
    number = 0
    for raw in text.splitlines():
        if not raw.strip():
            continue
        number += 1
        parts = [p.strip() for p in _SEPARATORS.split(raw)]
        while parts and not parts[-1]:
            parts.pop()
        name = normalize_text(parts[0]) if parts else ""
        if name in ("氏名", "名前"):  # a header row pasted with the data
            number -= 1
            continue
        if len(parts) < 2 or not parts[1]:
            errors.append(
                gettext(
                    "%(n)s行目（%(name)s）：フリガナがありません。「氏名、フリガナ、生年月日」の順に入力してください。"
                )
                % {"n": number, "name": name}
            )
            continue
        if len(parts) < 3 or not parts[2]:
            errors.append(
                gettext("%(n)s行目（%(name)s）：生年月日がありません。") % {"n": number, "name": name}
            )
            continue
        if not name or len(name) > 50:
            errors.append(gettext("%(n)s行目：氏名は50文字以内で入力してください。") % {"n": number})
            continue
        try:
            furigana = kana.clean(parts[1])
        except ValidationError:
            errors.append(
                gettext("%(n)s行目（%(name)s）：フリガナはカタカナ（またはひらがな）で入力してください。")
                % {"n": number, "name": name}
            )
            continue
        try:
            born = date.clean(parts[2])
        except ValidationError:
            errors.append(
                gettext("%(n)s行目（%(name)s）：生年月日は 1980-04-01 の形で入力してください。")
                % {"n": number, "name": name}
            )
            continue
        if born > timezone.localdate():
            errors.append(
                gettext("%(n)s行目（%(name)s）：生年月日が未来の日付です。") % {"n": number, "name": name}
            )
            continue
        lines.append(RosterLine(number=number, name=name, furigana=furigana, birth_date=born))
    return lines, errors


class RosterForm(core_forms.NormalizedForm):
    members = forms.CharField(
        label=_("名簿（1行に1人：氏名、フリガナ、生年月日）"),
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        max_length=ROSTER_LIMIT * 120,
        help_text=_(
            "表計算ソフトから「氏名・フリガナ・生年月日」の3列をそのまま貼り付けられます。手で入力するときは「、」で区切ってください。例：田無 花子、タナシ ハナコ、1980-04-01"
        ),
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"] = _plan_field(years, InsuranceKind.VOLUNTEER, _("プラン（全員同じプラン）"))
        self.order_fields(["plan", "members"])

    def clean_members(self):
        lines, errors = parse_roster(self.cleaned_data["members"])
        if errors:
            raise ValidationError(errors)
        if not lines:
            raise ValidationError(gettext("名簿に1人以上入力してください。"))
        if len(lines) > ROSTER_LIMIT:
            raise ValidationError(gettext("一度に申込できるのは%(n)s人までです。") % {"n": ROSTER_LIMIT})
        return lines


class EventApplyForm(core_forms.NormalizedForm):
    event_name = forms.CharField(label=_("行事名"), max_length=100)
    starts_on = core_forms.DateField(label=_("行事の初日"), widget=DATE_WIDGET)
    ends_on = core_forms.DateField(
        label=_("行事の最終日"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("1日だけの行事は空欄のままにしてください。"),
    )
    place = forms.CharField(label=_("場所"), max_length=100)
    participants = forms.IntegerField(label=_("参加予定人数"), min_value=1, max_value=100000)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"] = _plan_field(years, InsuranceKind.EVENT, _("保険の種類"))
        self.order_fields(["event_name", "starts_on", "ends_on", "place", "participants", "plan"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and not end:
            cleaned["ends_on"] = start
        elif start and end and end < start:
            self.add_error("ends_on", gettext("最終日は初日以降にしてください。"))
        return cleaned


class PaymentForm(core_forms.NormalizedForm):
    receipt_number = core_forms.FoldedTextField(label=_("領収書番号"), max_length=30)
    paid_on = core_forms.DateField(label=_("入金日"), widget=DATE_WIDGET)
    complete = forms.BooleanField(
        label=_("加入手続きも完了する（加入済にする）"),
        required=False,
        initial=True,
        help_text=_("補償は完了日の翌日から始まります。"),
    )


class CancelForm(core_forms.NormalizedForm):
    reason = forms.CharField(label=_("取消の理由"), max_length=200)


def _status_choices():
    return [("", _("すべて")), *InsuranceStatus.choices]


class EnrolmentFilterForm(core_forms.NormalizedForm):
    q = core_forms.FoldedTextField(label=_("氏名・フリガナ"), required=False, max_length=50)
    fiscal_year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("状態"), required=False, choices=_status_choices)
    plan = forms.ModelChoiceField(
        label=_("プラン"), required=False, queryset=InsurancePlan.objects.none(), empty_label=_("すべて")
    )
    group = forms.ModelChoiceField(
        label=_("団体"), required=False, queryset=VolunteerGroup.objects.all(), empty_label=_("すべて")
    )
    enrolled_from = core_forms.DateField(label=_("加入日（から）"), required=False, widget=DATE_WIDGET)
    enrolled_to = core_forms.DateField(label=_("加入日（まで）"), required=False, widget=DATE_WIDGET)

    kind = InsuranceKind.VOLUNTEER

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", _("すべて"))] + [(y, fiscal_year_label(y)) for y in years]
        # One choice per plan name (the same plan each year): the filter matches it in every year.
        plans = InsurancePlan.objects.filter(kind=self.kind).order_by("name", "-fiscal_year").distinct("name")
        self.fields["plan"].queryset = InsurancePlan.objects.filter(pk__in=[p.pk for p in plans]).order_by(
            "sort_order", "name"
        )
        self.fields["plan"].label_from_instance = lambda p: p.name
        self.fields["group"].widget.choices = [("", gettext("すべて"))] + [
            (g.pk, g.name) for g in VolunteerGroup.objects.only("pk", "name").order_by("name_kana_key")[:500]
        ]


class EventFilterForm(EnrolmentFilterForm):
    kind = InsuranceKind.EVENT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = gettext("行事名・団体名")
        self.fields["plan"].label = gettext("保険の種類")


class DayForm(core_forms.NormalizedForm):
    day = core_forms.DateField(label=_("日付"), widget=DATE_WIDGET)


class CopyYearForm(core_forms.NormalizedForm):
    from_year = forms.TypedChoiceField(label=_("コピー元の年度"), coerce=int)
    to_year = forms.IntegerField(label=_("コピー先の年度（西暦）"), min_value=2000, max_value=2100)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_year"].choices = [(y, fiscal_year_label(y)) for y in years]


class InsuranceYearForm(core_forms.NormalizedForm):
    fiscal_year = forms.IntegerField(label=_("年度（西暦）"), min_value=2000, max_value=2100)
    applications_open_on = core_forms.DateField(
        label=_("申込の受付開始日（前の年度の3月）"), widget=DATE_WIDGET
    )
    event_lead_days = forms.IntegerField(
        label=_("行事保険の申込期限（行事の何日前まで）"), min_value=0, max_value=90
    )


class RosterExportForm(core_forms.NormalizedForm):
    """The submission roster: enrolments completed between two days."""

    start = core_forms.DateField(label=_("加入日（から）"), widget=DATE_WIDGET)
    end = core_forms.DateField(label=_("加入日（まで）"), widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", gettext("「まで」は「から」以降の日にしてください。"))
        return cleaned
