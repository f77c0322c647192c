"""Staff pages (職員メニュー): pending work, lists with search and export, detail and edit pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from config.core import pagecache
from config.core.dates import current_fiscal_year, fiscal_year_label
from config.core.exports import FORMATS, Column, choose_columns, export_response
from config.core.forms import save_valid
from config.core.roles import capability_required

from .. import selectors
from ..forms.groups import GroupSearchForm, RejectForm, StaffGroupForm
from ..forms.people import (
    ColumnsForm,
    CounterRegistrationForm,
    StaffVolunteerForm,
    StatusForm,
    VolunteerSearchForm,
)
from ..models import GroupRegistration
from ..models.people import RegisteredVia, VolunteerStatus
from ..selectors import get_group_for_user, get_volunteer_for_user
from ..services.groups import (
    group_register,
    group_registration_approve,
    group_registration_reject,
    group_update,
)
from ..services.notices import notice_mark_handled
from ..services.people import (
    STATUS_MOVES,
    volunteer_approve,
    volunteer_register,
    volunteer_send_account_link,
    volunteer_set_status,
    volunteer_update,
)
from ._shared import page_of, renew_page
from ._shared import site_url as _site_url

staff_only = capability_required("staff_pages")


def _names(objs) -> list[str]:
    return [o.name for o in objs]


@staff_only
def home(request):
    pending_volunteers = selectors.pending_volunteers()
    pending_groups = selectors.pending_group_registrations()
    notices = selectors.pending_manual_notices()
    return render(
        request,
        "volunteers/staff/home.html",
        {
            "pending_volunteers": pending_volunteers[:50],
            "pending_volunteers_count": pending_volunteers.count(),
            "pending_groups": pending_groups[:50],
            "pending_groups_count": pending_groups.count(),
            "notices": notices[:100],
            "notices_count": notices.count(),
            "coordination": selectors.coordination_staff_counts(request.user),
        },
    )


@staff_only
@require_POST
def notice_handled(request, pk: int):
    notice = get_object_or_404(selectors.pending_manual_notices(), pk=pk)
    notice_mark_handled(notice=notice, by=request.user)
    messages.success(request, _("「%(subject)s」を連絡済みにしました。") % {"subject": notice.subject})
    return redirect("volunteers:staff_home")


# ---- volunteers ---------------------------------------------------------------------------------

VOLUNTEER_COLUMNS = [
    Column("name", _l("氏名"), lambda v: v.name),
    Column("furigana", _l("フリガナ"), lambda v: v.furigana),
    Column("status", _l("状態"), lambda v: v.get_status_display()),
    Column("birth_date", _l("生年月日"), lambda v: v.birth_date),
    Column("age", _l("年齢"), lambda v: v.age),
    Column("gender", _l("性別"), lambda v: v.get_gender_display()),
    Column("postal_code", _l("郵便番号"), lambda v: v.postal_code),
    Column("address", _l("住所"), lambda v: v.address),
    Column("lives_in_city", _l("市内在住"), lambda v: v.lives_in_city),
    Column("phone", _l("電話番号"), lambda v: v.phone),
    Column("email", _l("メールアドレス"), lambda v: v.email),
    Column("activity_fields", _l("関心のある活動分野"), lambda v: _names(v.field_list)),
    Column("skills", _l("特技・資格"), lambda v: v.skills),
    Column("availability", _l("活動できる曜日・時間帯"), lambda v: v.availability_labels()),
    Column("heard_from", _l("センターを知ったきっかけ"), lambda v: v.get_heard_from_display()),
    Column("registered_via", _l("登録経路"), lambda v: v.get_registered_via_display()),
    Column("registered_on", _l("登録日"), lambda v: v.registered_on),
    Column("withdrawn_on", _l("退会日"), lambda v: v.withdrawn_on),
]


@staff_only
@pagecache.cached_per_person()
def volunteer_list(request):
    form = VolunteerSearchForm(request.GET or None)
    columns_form = ColumnsForm(request.GET or None, columns=VOLUNTEER_COLUMNS)
    volunteers = selectors.filter_volunteers(form.cleaned_data if form.is_valid() else {})
    fmt = request.GET.get("export")
    if fmt in FORMATS and form.is_valid():
        columns = choose_columns(VOLUNTEER_COLUMNS, request.GET.getlist("columns"))
        return export_response(volunteers, columns, fmt, _("ボランティア名簿"), request=request)
    page = page_of(request, volunteers)
    return render(
        request,
        "volunteers/staff/volunteer_list.html",
        {"form": form, "columns_form": columns_form, "page": page},
    )


@staff_only
def volunteer_detail(request, pk: int):
    volunteer = get_volunteer_for_user(request.user, pk)
    allowed = [
        (value, label)
        for value, label in VolunteerStatus.choices
        if value in STATUS_MOVES.get(volunteer.status, set())
    ]
    return render(
        request,
        "volunteers/staff/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "activity_fields": volunteer.activity_fields.all(),
            "duplicates": selectors.possible_duplicates(volunteer),
            "status_choices": allowed,
            "history": selectors.record_history(volunteer),
            "notices": volunteer.notices.all()[:20],
        },
    )


@staff_only
def volunteer_new(request):
    """代理入力 at the counter."""
    form = CounterRegistrationForm(request.POST or None)

    def register(data):
        return volunteer_register(
            data=data, activity_fields=data["activity_fields"], via=RegisteredVia.COUNTER, by=request.user
        )

    if saved := save_valid(
        request, form, register, success=_("仮登録しました。重複の可能性を確かめてから承認してください。")
    ):
        return redirect("volunteers:staff_volunteer", pk=saved.value.pk)
    return render(
        request,
        "volunteers/staff/volunteer_form.html",
        {"form": form, "heading": _("ボランティアの代理入力（窓口）")},
    )


@staff_only
def volunteer_edit(request, pk: int):
    volunteer = get_volunteer_for_user(request.user, pk)
    form = StaffVolunteerForm(request.POST or None, instance=volunteer)

    def update(data):
        return volunteer_update(
            volunteer=volunteer, data=data, activity_fields=data["activity_fields"], by=request.user
        )

    if save_valid(request, form, update, success=_("登録内容を変更しました。")):
        return redirect("volunteers:staff_volunteer", pk=volunteer.pk)
    return render(
        request,
        "volunteers/staff/volunteer_form.html",
        {
            "form": form,
            "volunteer": volunteer,
            "heading": _("%(name)s さんの登録内容の変更") % {"name": volunteer.name},
        },
    )


@staff_only
@require_POST
def volunteer_approve_view(request, pk: int):
    volunteer = get_volunteer_for_user(request.user, pk)
    try:
        volunteer = volunteer_approve(volunteer=volunteer, by=request.user, site_url=_site_url(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if volunteer.email:
            messages.success(request, _("承認しました。パスワード設定のご案内をメールで送りました。"))
        else:
            messages.success(
                request,
                _("承認しました。メールアドレスがないため、職員メニューの「電話・郵送で連絡」に載せました。"),
            )
    return redirect("volunteers:staff_volunteer", pk=volunteer.pk)


@staff_only
@require_POST
def volunteer_status(request, pk: int):
    volunteer = get_volunteer_for_user(request.user, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            volunteer_set_status(volunteer=volunteer, status=form.cleaned_data["status"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("状態を変更しました。"))
    else:
        messages.error(request, _("状態を選んでください。"))
    return redirect("volunteers:staff_volunteer", pk=volunteer.pk)


@staff_only
@require_POST
def volunteer_send_link(request, pk: int):
    volunteer = get_volunteer_for_user(request.user, pk)
    try:
        volunteer_send_account_link(volunteer=volunteer, by=request.user, site_url=_site_url(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("パスワード設定のご案内を送りました。"))
    return redirect("volunteers:staff_volunteer", pk=volunteer.pk)


# ---- groups -------------------------------------------------------------------------------------

GROUP_COLUMNS = [
    Column("name", _l("団体名"), lambda g: g.name),
    Column("name_kana", _l("団体名（フリガナ）"), lambda g: g.name_kana),
    Column("representative_name", _l("代表者氏名"), lambda g: g.representative_name),
    Column("contact_name", _l("連絡担当者氏名"), lambda g: g.contact_name),
    Column("contact_phone", _l("連絡先電話番号"), lambda g: g.contact_phone),
    Column("contact_email", _l("連絡先メールアドレス"), lambda g: g.contact_email),
    Column("contact_postal_code", _l("連絡先郵便番号"), lambda g: g.contact_postal_code),
    Column("contact_address", _l("連絡先住所"), lambda g: g.contact_address),
    Column("members_count", _l("会員数"), lambda g: g.members_count),
    Column("activity_fields", _l("活動分野"), lambda g: _names(g.field_list)),
    Column("activity_area", _l("活動地域"), lambda g: g.activity_area),
    Column("meeting_place", _l("活動場所"), lambda g: g.meeting_place),
    Column("meeting_days", _l("活動日"), lambda g: g.meeting_days),
    Column("listed_publicly", _l("団体紹介に掲載"), lambda g: g.listed_publicly),
    Column(
        "registrations",
        _l("登録年度"),
        lambda g: [
            _("%(year)s年度 %(status)s") % {"year": r.fiscal_year, "status": r.get_status_display()}
            for r in g.registration_list
        ],
    ),
]


@staff_only
@pagecache.cached_per_person()
def group_list(request):
    form = GroupSearchForm(request.GET or None)
    columns_form = ColumnsForm(request.GET or None, columns=GROUP_COLUMNS)
    groups = selectors.filter_groups(form.cleaned_data if form.is_valid() else {})
    fmt = request.GET.get("export")
    if fmt in FORMATS and form.is_valid():
        return export_response(
            groups, choose_columns(GROUP_COLUMNS, request.GET.getlist("columns")), fmt, _("団体名簿"), request=request)
    page = page_of(request, groups)
    return render(
        request,
        "volunteers/staff/group_list.html",
        {"form": form, "columns_form": columns_form, "page": page, "fiscal_year": current_fiscal_year()},
    )


@staff_only
def group_detail(request, pk: int):
    group = get_group_for_user(request.user, pk)
    renewal = selectors.group_renewal(group)
    return render(
        request,
        "volunteers/staff/group_detail.html",
        {
            "group": group,
            "activity_fields": group.activity_fields.all(),
            "registrations": selectors.group_registrations(group),
            "renewal": renewal,
            "fiscal_year": renewal.fiscal_year,
            "reject_form": RejectForm(),
            "history": selectors.record_history(group),
            "notices": group.notices.all()[:20],
        },
    )


@staff_only
def group_new(request):
    form = StaffGroupForm(request.POST or None)

    def register(data):
        return group_register(
            data=data, activity_fields=data["activity_fields"], fiscal_year=current_fiscal_year(), by=request.user
        )

    if saved := save_valid(
        request, form, register, success=_("団体を登録し、今年度の申請を作りました。内容を確かめて承認してください。")
    ):
        return redirect("volunteers:staff_group", pk=saved.value.group_id)
    return render(
        request, "volunteers/staff/group_form.html", {"form": form, "heading": _("団体の登録（職員入力）")}
    )


@staff_only
def group_edit(request, pk: int):
    group = get_group_for_user(request.user, pk)
    form = StaffGroupForm(request.POST or None, instance=group)

    def update(data):
        return group_update(
            group=group, data=data, activity_fields=data["activity_fields"], by=request.user
        )

    if save_valid(request, form, update, success=_("団体の登録内容を変更しました。")):
        return redirect("volunteers:staff_group", pk=group.pk)
    return render(
        request,
        "volunteers/staff/group_form.html",
        {"form": form, "group": group, "heading": _("%(name)s の登録内容の変更") % {"name": group.name}},
    )


@staff_only
def group_renew_staff(request, pk: int):
    group = get_group_for_user(request.user, pk)
    return renew_page(
        request,
        group,
        template="volunteers/staff/group_renew.html",
        done_url=reverse("volunteers:staff_group", args=[group.pk]),
    )


@staff_only
@require_POST
def registration_approve(request, pk: int):
    registration = get_object_or_404(GroupRegistration, pk=pk)
    try:
        group_registration_approve(registration=registration, by=request.user, site_url=_site_url(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(year)sの登録を承認しました。") % {"year": fiscal_year_label(registration.fiscal_year)},
        )
    return redirect("volunteers:staff_group", pk=registration.group_id)


@staff_only
@require_POST
def registration_reject(request, pk: int):
    registration = get_object_or_404(GroupRegistration, pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            group_registration_reject(
                registration=registration, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("申請を不承認にしました。"))
    else:
        messages.error(request, " ".join(form.errors.get("note", [])))
    return redirect("volunteers:staff_group", pk=registration.group_id)
