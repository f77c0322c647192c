"""Coordination pages: staff handle requests (依頼) and introductions (紹介); the public see 募集 and may
submit a request; a volunteer applies (応募) and answers the introductions offered to them.

Each view: permission → form → service → redirect or render. Objects are fetched through the
get_X_for_user functions in volunteers.selectors, so who may see what is decided in one place.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from config.core import pagecache, roles
from config.core.dates import current_fiscal_year
from config.core.exports import FORMATS, Column, export_response
from config.core.forms import save_valid
from config.core.public_forms import public_form
from config.core.redirects import redirect_next

from .. import selectors
from ..forms.coordination import (
    CandidateForm,
    CloseForm,
    CommentForm,
    HelpRequestForm,
    IntroduceForm,
    IntroductionUpdateForm,
    OnlineRequestForm,
    PublishForm,
    RequestFilterForm,
)
from ..models import HelpRequest, Introduction
from ..services import coordination as services
from ..services.people import PRIVACY_POLICY_VERSION
from ._shared import chosen_columns as _columns
from ._shared import page_of as _page
from ._shared import query_without_page as _query_without_page

staff_required = roles.capability_required("staff_pages")

REQUEST_COLUMNS = [
    Column("id", _l("番号"), lambda r: r.pk),
    Column("received_on", _l("受付日"), lambda r: r.received_on),
    Column("received_via", _l("受付方法"), lambda r: r.get_received_via_display()),
    Column("title", _l("件名"), lambda r: r.title),
    Column("requester_type", _l("依頼者の種別"), lambda r: r.get_requester_type_display()),
    Column("requester_name", _l("依頼者名"), lambda r: r.requester_name),
    Column("requester_furigana", _l("依頼者のフリガナ"), lambda r: r.requester_furigana),
    Column("requester_phone", _l("電話番号"), lambda r: r.requester_phone),
    Column("requester_email", _l("メールアドレス"), lambda r: r.requester_email),
    Column("activity_field", _l("活動分野"), lambda r: r.activity_field.name if r.activity_field else ""),
    Column("place", _l("活動場所"), lambda r: r.place),
    Column("public_place", _l("活動場所（公開）"), lambda r: r.public_place),
    Column("schedule", _l("日時・頻度"), lambda r: r.schedule),
    Column("volunteers_needed", _l("必要な人数"), lambda r: r.volunteers_needed),
    Column("status", _l("状態"), lambda r: r.get_status_display()),
    Column("closing_reason", _l("終了理由"), lambda r: r.get_closing_reason_display()),
    Column("introductions", _l("紹介数"), lambda r: r.introduction_count),
    Column("is_published", _l("募集公開"), lambda r: r.is_published),
]


# --- staff: requests ------------------------------------------------------------------------------


@staff_required
@pagecache.cached_per_person()
def request_list(request):
    form = RequestFilterForm(request.GET or None)
    if form.is_valid():
        qs = selectors.filter_requests(form.cleaned_data)
    else:
        qs = selectors.filter_requests(None if form.is_bound else {})
    fmt = request.GET.get("export")
    if fmt in FORMATS and form.is_valid():
        return export_response(qs, _columns(REQUEST_COLUMNS, request), fmt, _("依頼一覧"), request=request)
    return render(request, "volunteers/coordination/request_list.html", {
        "form": form, "page": _page(request, qs), "columns": REQUEST_COLUMNS,
        "chosen": request.GET.getlist("columns"), "query": _query_without_page(request),
    })


@staff_required
def request_create(request):
    form = HelpRequestForm(request.POST or None, initial={"received_on": None})
    if saved := save_valid(
        request,
        form,
        lambda data: services.request_create(by=request.user, data=data),
        success=_("依頼を登録しました。"),
    ):
        return redirect("volunteers:request_detail", pk=saved.value.pk)
    return render(request, "volunteers/coordination/request_form.html", {"form": form, "help_request": None})


@staff_required
def request_edit(request, pk):
    help_request = selectors.get_request_for_user(request.user, pk)
    # The form gets its own copy: validating writes into its instance, and the service diffs against the original.
    form = HelpRequestForm(request.POST or None, instance=HelpRequest.objects.get(pk=pk))
    def update(data):
        data = {name: data[name] for name in form.Meta.fields}
        return services.request_update(help_request=help_request, by=request.user, data=data)

    if save_valid(request, form, update, success=_("依頼の内容を変更しました。")):
        return redirect("volunteers:request_detail", pk=pk)
    return render(request, "volunteers/coordination/request_form.html", {"form": form, "help_request": help_request})


def _request_page(request, help_request, **forms):
    context = {
        "help_request": help_request,
        "introductions": selectors.request_introductions(help_request),
        "history": selectors.request_history(help_request),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "close_form": forms.get("close_form") or CloseForm(),
    }
    return render(request, "volunteers/coordination/request_detail.html", context, status=400 if forms else 200)


@staff_required
def request_detail(request, pk):
    return _request_page(request, selectors.get_request_for_user(request.user, pk))


@staff_required
@require_POST
def request_comment(request, pk):
    help_request = selectors.get_request_for_user(request.user, pk)
    form = CommentForm(request.POST)
    if save_valid(
        request,
        form,
        lambda data: services.request_comment_add(help_request=help_request, by=request.user, body=data["body"]),
        success=_("記録を追加しました。"),
    ):
        return redirect(reverse("volunteers:request_detail", args=[pk]) + "#history")
    return _request_page(request, help_request, comment_form=form)


@staff_required
@require_POST
def request_close(request, pk):
    help_request = selectors.get_request_for_user(request.user, pk)
    form = CloseForm(request.POST)
    def close(data):
        return services.request_close(
            help_request=help_request, by=request.user, reason=data["reason"], closed_on=data["closed_on"]
        )

    if save_valid(request, form, close, success=_("依頼を終了しました。")):
        return redirect("volunteers:request_detail", pk=pk)
    return _request_page(request, help_request, close_form=form)


@staff_required
@require_POST
def request_reopen(request, pk):
    help_request = selectors.get_request_for_user(request.user, pk)
    services.request_reopen(help_request=help_request, by=request.user)
    messages.success(request, _("依頼を再開しました。"))
    return redirect("volunteers:request_detail", pk=pk)


@staff_required
def request_publish(request, pk):
    help_request = selectors.get_request_for_user(request.user, pk)
    initial = {
        "public_title": help_request.public_title or "",
        "public_place": help_request.public_place,
        "public_description": help_request.public_description,
    }
    form = PublishForm(request.POST or None, initial=initial, help_request=help_request)
    if request.method == "POST" and "unpublish" in request.POST:
        services.request_publish(help_request=help_request, by=request.user, public_title=help_request.public_title,
                                 public_description=help_request.public_description, publish=False)
        messages.success(request, _("募集の公開をやめました。"))
        return redirect("volunteers:request_detail", pk=pk)
    if save_valid(
        request,
        form,
        lambda data: services.request_publish(help_request=help_request, by=request.user, **data),
        success=_("募集として公開しました。"),
    ):
        return redirect("volunteers:request_detail", pk=pk)
    return render(request, "volunteers/coordination/request_publish.html", {"form": form, "help_request": help_request})


# --- staff: candidates and introductions ---------------------------------------------------------


@staff_required
def request_candidates(request, pk):
    help_request = selectors.get_request_for_user(request.user, pk)
    data = request.GET if "searched" in request.GET else None
    form = CandidateForm(data, initial={"activity_field": help_request.activity_field})
    criteria = selectors.CandidateCriteria(activity_field=help_request.activity_field)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        criteria = selectors.CandidateCriteria(
            activity_field=d["activity_field"], slots=tuple(d["slots"]), in_city=d["in_city"], area=d["area"], text=d["q"]
        )
    elif form.is_bound:
        criteria = None
    volunteers = groups = []
    page = None
    if criteria is not None:
        page = _page(request, selectors.volunteer_candidates(help_request, criteria))
        volunteers = [(v, selectors.candidate_reasons(v, help_request, criteria)) for v in page]
        groups = [
            (g, selectors.candidate_reasons(g, help_request, criteria))
            for g in selectors.group_candidates(help_request, criteria, current_fiscal_year())[:20]
        ]
    return render(request, "volunteers/coordination/candidates.html", {
        "help_request": help_request, "form": form, "page": page, "volunteers": volunteers, "groups": groups,
        "introduce_form": IntroduceForm(), "query": _query_without_page(request),
    })


@staff_required
@require_POST
def introduce(request, pk):
    help_request = selectors.get_request_for_user(request.user, pk)
    form = IntroduceForm(request.POST)
    volunteer, group = selectors.introducee_or_404(
        volunteer_pk=_int(request.POST["volunteer"]) if request.POST.get("volunteer") else None,
        group_pk=_int(request.POST["group"]) if request.POST.get("group") else None,
    )
    if form.is_valid():
        try:
            introduction = services.introduction_create(
                help_request=help_request, by=request.user, volunteer=volunteer, group=group,
                introduced_on=form.cleaned_data["introduced_on"], note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(name)s さんに紹介しました。") % {"name": introduction.introducee})
            return redirect("volunteers:request_detail", pk=pk)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("volunteers:request_candidates", pk=pk)


def _int(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


@staff_required
def introduction_edit(request, pk):
    introduction = selectors.get_introduction_for_user(request.user, pk)
    form = IntroductionUpdateForm(request.POST or None, instance=Introduction.objects.get(pk=pk))
    if save_valid(
        request,
        form,
        lambda data: services.introduction_update(introduction=introduction, by=request.user, data=data),
        success=_("紹介の状態を変更しました。"),
    ):
        return redirect("volunteers:request_detail", pk=introduction.request_id)
    return render(request, "volunteers/coordination/introduction_form.html", {"form": form, "introduction": introduction})


@staff_required
@require_POST
def introduction_confirm(request, pk):
    introduction = selectors.get_introduction_for_user(request.user, pk)
    try:
        services.introduction_confirm(introduction=introduction, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("応募を紹介として確定しました。"))
    if request.POST.get("next") == "applications":
        return redirect("volunteers:application_list")
    return redirect("volunteers:request_detail", pk=introduction.request_id)


@staff_required
def application_list(request):
    return render(
        request, "volunteers/coordination/application_list.html", {"page": _page(request, selectors.applications_waiting())}
    )


# --- the public: 募集 and the online request form -------------------------------------------------


def boshu_list(request):
    page = _page(request, selectors.published_requests(), 20)
    return render(request, "volunteers/coordination/boshu_list.html", {"page": page})


def boshu_detail(request, pk):
    help_request = selectors.get_published_request(pk)
    volunteer = selectors.registered_volunteer_of(request.user)
    applied = selectors.has_applied(help_request, volunteer)
    return render(request, "volunteers/coordination/boshu_detail.html", {
        "boshu": help_request, "volunteer": volunteer, "applied": applied,
    })


@require_POST
def boshu_apply(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("volunteers:boshu_detail", args=[pk]))
    help_request = selectors.get_published_request(pk)
    volunteer = selectors.registered_volunteer_of(request.user)
    if volunteer is None:
        messages.error(request, _("応募できるのは、登録済みのボランティアの方です。"))
        return redirect("volunteers:boshu_detail", pk=pk)
    try:
        services.introduction_apply(help_request=help_request, volunteer=volunteer)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("応募しました。センターから連絡します。"))
    return redirect("volunteers:boshu_detail", pk=pk)


@public_form("online_request")
def online_request(request):
    form = OnlineRequestForm(request.POST or None)
    def create(data):
        data = {k: v for k, v in data.items() if k != "consent"}
        return services.request_create(
            by=None, data=data, via=HelpRequest.Via.ONLINE, consent_policy_version=PRIVACY_POLICY_VERSION
        )

    if save_valid(request, form, create):
        return redirect("volunteers:online_request_done")
    return render(request, "volunteers/coordination/online_request.html", {"form": form}, status=400 if form.errors else 200)


def online_request_done(request):
    return render(request, "volunteers/coordination/online_request_done.html")


# --- a volunteer: their introductions -------------------------------------------------------------


@roles.capability_required("my_page")
def my_introductions(request):
    introductions = selectors.introductions_for_volunteer(selectors.own_volunteer(request.user))
    return render(request, "volunteers/coordination/my_introductions.html", {"introductions": introductions})


@roles.capability_required("my_page")
@require_POST
def introduction_answer(request, pk):
    introduction = selectors.get_introduction_for_user(request.user, pk)
    volunteer = getattr(request.user, "volunteer", None)
    if volunteer is None or introduction.volunteer_id != volunteer.pk:
        raise Http404  # staff reach this page through get_introduction_for_user too; only the person answers
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):
        raise Http404
    try:
        services.introduction_respond(introduction=introduction, volunteer=volunteer, accept=answer == "accept")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("お受けすると回答しました。センターから連絡します。") if answer == "accept"
                         else _("辞退すると回答しました。"))
    return redirect_next(request, reverse("volunteers:my_introductions"))
