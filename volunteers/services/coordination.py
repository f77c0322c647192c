"""Writes about coordination (コーディネート): requests (依頼), their comment log, the public 募集, introductions (紹介).

Every change is recorded with config.core.audit against the request, so the request page can show its
whole history from one indexed query. Introductions notify the person through services.notices.notify.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.core import audit
from config.core.search import kana_key, name_key

from ..models import HelpRequest, Introduction, RequestComment, Volunteer, VolunteerGroup
from ..models.people import VolunteerStatus
from .notices import notify

SAVE_FAILED = gettext_lazy("保存できませんでした。入力内容を確認してください。")
ALREADY_VOLUNTEER = gettext_lazy("このボランティアはこの依頼にすでに紹介・応募されています。")
ALREADY_GROUP = gettext_lazy("この団体はこの依頼にすでに紹介されています。")
CLOSED = gettext_lazy("この依頼は終了しています。")
NOT_OPEN_FOR_APPLICATIONS = gettext_lazy("この募集は現在受け付けていません。")
NOT_REGISTERED = gettext_lazy("登録済みのボランティアだけが紹介・応募できます。")
CANNOT_ANSWER = gettext_lazy("この紹介にはもう回答できません。")
DECLINED_REASON = gettext_lazy("本人が辞退")

# The requester's personal data and what the request asks for; staff may change all of these.
REQUEST_FIELDS = [
    "requester_type", "requester_name", "requester_furigana", "requester_contact_name", "requester_phone", "requester_email",
    "requester_address", "title", "description", "activity_field", "place", "starts_on", "ends_on",
    "schedule", "volunteers_needed", "conditions", "received_on",
]
AUDITED_REQUEST_FIELDS = [f"{n}_id" if n == "activity_field" else n for n in REQUEST_FIELDS]
INTRODUCTION_FIELDS = ["status", "started_on", "ended_on", "failure_reason", "note", "introduced_on"]

TARGET = HelpRequest._meta.label_lower  # the audit target of every coordination event


def _save(obj, *, messages: dict[str, str] | None = None) -> None:
    """full_clean for the friendly message, then save; a race the check could not see becomes a ValidationError."""
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        text = str(exc)
        for constraint, message in (messages or {}).items():
            if constraint in text:
                raise ValidationError(message, code="unique") from exc
        raise ValidationError(SAVE_FAILED, code="integrity") from exc


_INTRODUCTION_MESSAGES = {
    "volunteers_introduction_once_per_volunteer": ALREADY_VOLUNTEER,
    "volunteers_introduction_once_per_group": ALREADY_GROUP,
}


def _request_changed(*, by, help_request: HelpRequest, action: str, changes: dict | None = None) -> None:
    audit.record(actor=by, action=action, target=help_request, changes=changes or {})


def _keep_search_keys(help_request: HelpRequest) -> None:
    """The requester's name and furigana as the list's search compares them (config.core.search)."""
    help_request.requester_name_key = name_key(help_request.requester_name)[:100]
    help_request.requester_furigana_key = kana_key(help_request.requester_furigana)[:200]


def _lock(help_request: HelpRequest) -> HelpRequest:
    """Lock the request row: status moves (受付 → 調整中 → 終了) are decided against its current state."""
    return HelpRequest.objects.select_for_update().get(pk=help_request.pk)


# --- requests -------------------------------------------------------------------------------------


def request_create(
    *, by, data: dict[str, Any], via: str = HelpRequest.Via.STAFF, consent_policy_version: str = ""
) -> HelpRequest:
    """Record a request, entered by staff or submitted online (by is then None, and consent is recorded)."""
    unknown = set(data) - set(REQUEST_FIELDS)
    if unknown:
        raise ValueError(f"not a request field: {sorted(unknown)}")
    help_request = HelpRequest(received_via=via, created_by=by if getattr(by, "is_authenticated", False) else None)
    if consent_policy_version:
        help_request.consent_at = timezone.now()
        help_request.consent_policy_version = consent_policy_version
    for name, value in data.items():
        setattr(help_request, name, value)
    if help_request.received_on is None:
        help_request.received_on = timezone.localdate()
    _keep_search_keys(help_request)
    with transaction.atomic():
        _save(help_request)
        _request_changed(by=by, help_request=help_request, action="request_create", changes={"received_via": [None, via]})
    return help_request


def request_update(*, help_request: HelpRequest, by, data: dict[str, Any]) -> HelpRequest:
    """Change what a request says; each changed field goes to its history."""
    unknown = set(data) - set(REQUEST_FIELDS)
    if unknown:
        raise ValueError(f"not a request field: {sorted(unknown)}")
    before = audit.snapshot(help_request, AUDITED_REQUEST_FIELDS)
    for name, value in data.items():
        setattr(help_request, name, value)
    _keep_search_keys(help_request)
    with transaction.atomic():
        _save(help_request)
        audit.record_changes(
            actor=by, action="request_update", instance=help_request, before=before, fields=AUDITED_REQUEST_FIELDS
        )
    return help_request


def request_comment_add(*, help_request: HelpRequest, by, body: str) -> RequestComment:
    """Add a note to the request's running log."""
    comment = RequestComment(request=help_request, author=by, body=body)
    with transaction.atomic():
        _save(comment)
    return comment


def request_comment_delete(*, comment: RequestComment, by) -> None:
    """Remove a comment written by mistake; the request's history keeps who removed which entry and when.

    The text itself is not copied into the log: a comment is usually removed because it should not be kept.
    """
    with transaction.atomic():
        locked = RequestComment.objects.select_for_update(of=("self",)).select_related("request", "author").get(pk=comment.pk)
        changes = {
            "comment": [locked.pk, None],
            "comment_author": [str(locked.author) if locked.author else "", None],
            "comment_created_at": [locked.created_at.isoformat(), None],
        }
        request = locked.request
        locked.delete()
        _request_changed(by=by, help_request=request, action="request_comment_delete", changes=changes)


def request_close(
    *, help_request: HelpRequest, by, reason: str, closed_on: datetime.date | None = None
) -> HelpRequest:
    """Close a request with a reason (成立, 依頼者取下げ, 該当者なし, 重複 …); a closed request is no longer public."""
    with transaction.atomic():
        locked = _lock(help_request)
        if locked.status == HelpRequest.Status.CLOSED:
            raise ValidationError(CLOSED, code="closed")
        before = audit.snapshot(locked, ["status", "closing_reason", "closed_on", "is_published"])
        locked.status = HelpRequest.Status.CLOSED
        locked.closing_reason = reason
        locked.closed_on = closed_on or timezone.localdate()
        locked.is_published = False
        _save(locked)
        _request_changed(
            by=by, help_request=locked, action="request_close",
            changes=audit.diff(locked, before, ["status", "closing_reason", "closed_on", "is_published"]),
        )
    help_request.refresh_from_db()
    return help_request


def request_reopen(*, help_request: HelpRequest, by) -> HelpRequest:
    """Take a closed request up again (closed by mistake, or the requester asked again)."""
    with transaction.atomic():
        locked = _lock(help_request)
        if locked.status != HelpRequest.Status.CLOSED:
            return help_request
        before = audit.snapshot(locked, ["status", "closing_reason", "closed_on"])
        locked.status = HelpRequest.Status.COORDINATING if locked.introductions.exists() else HelpRequest.Status.RECEIVED
        locked.closing_reason = ""
        locked.closed_on = None
        _save(locked)
        _request_changed(
            by=by, help_request=locked, action="request_reopen",
            changes=audit.diff(locked, before, ["status", "closing_reason", "closed_on"]),
        )
    help_request.refresh_from_db()
    return help_request


def request_publish(
    *,
    help_request: HelpRequest,
    by,
    public_title: str,
    public_description: str,
    public_place: str | None = None,
    publish: bool = True,
) -> HelpRequest:
    """Publish the request as a public 募集 (or withdraw it).

    The public see only what staff wrote for them: the title, the description and the place as an area
    (public_place, e.g. 「田無町周辺」; required to publish) — never `place`, which is often a home address.
    """
    fields = ["is_published", "public_title", "public_description", "public_place"]
    with transaction.atomic():
        locked = _lock(help_request)
        if publish and locked.status == HelpRequest.Status.CLOSED:
            raise ValidationError(CLOSED, code="closed")
        before = audit.snapshot(locked, fields)
        locked.is_published = publish
        locked.public_title = public_title
        locked.public_description = public_description
        if public_place is not None:
            locked.public_place = public_place
        _save(locked)
        audit.record_changes(actor=by, action="request_publish", instance=locked, before=before, fields=fields)
    help_request.refresh_from_db()
    return help_request


def _start_coordinating(locked: HelpRequest, by) -> None:
    if locked.status == HelpRequest.Status.RECEIVED:
        locked.status = HelpRequest.Status.COORDINATING
        locked.save(update_fields=["status", "updated_at"])
        _request_changed(by=by, help_request=locked, action="request_status", changes={"status": ["received", "coordinating"]})


# --- introductions --------------------------------------------------------------------------------


def _introduction_notice(introduction: Introduction) -> None:
    request = introduction.request
    title = request.public_title or request.title
    body_lines = [
        _("「%(title)s」の活動について、センターからご紹介します。") % {"title": title},
        _("活動場所：%(place)s") % {"place": request.place or _("（センターからご連絡します）")},
        _("日時：%(schedule)s") % {"schedule": request.schedule or _("（センターからご連絡します）")},
        "",
        _("マイページでお受けいただけるかどうかをお知らせください。"),
        _("マイページを使わない方は、センターからお電話でうかがいます。"),
    ]
    notify(
        subject=_("ボランティア活動のご紹介"),
        body="\n".join(body_lines),
        volunteer=introduction.volunteer,
        group=introduction.group,
    )


def introduction_create(
    *,
    help_request: HelpRequest,
    by,
    volunteer: Volunteer | None = None,
    group: VolunteerGroup | None = None,
    introduced_on: datetime.date | None = None,
    note: str = "",
) -> Introduction:
    """Staff introduce a registered volunteer or a group to a request (紹介中) and tell them."""
    if volunteer is not None and volunteer.status != VolunteerStatus.REGISTERED:
        raise ValidationError(NOT_REGISTERED, code="not_registered")
    with transaction.atomic():
        locked = _lock(help_request)
        if locked.status == HelpRequest.Status.CLOSED:
            raise ValidationError(CLOSED, code="closed")
        introduction = Introduction(
            request=locked,
            volunteer=volunteer,
            group=group,
            initiated_by=Introduction.Initiator.STAFF,
            status=Introduction.Status.PROPOSED,
            introduced_on=introduced_on or timezone.localdate(),
            note=note,
            created_by=by,
        )
        _save(introduction, messages=_INTRODUCTION_MESSAGES)
        _request_changed(
            by=by, help_request=locked, action="introduction_create",
            changes={"introduction": [None, introduction.pk], "introducee": [None, str(volunteer or group)]},
        )
        _start_coordinating(locked, by)
        _introduction_notice(introduction)
    return introduction


def introduction_apply(*, help_request: HelpRequest, volunteer: Volunteer) -> Introduction:
    """A registered volunteer applies (応募) to a published 募集; staff confirm it afterwards.

    Two clicks at once meet the partial unique constraint volunteers_introduction_once_per_volunteer:
    the second insert fails and becomes the friendly message.
    """
    if volunteer.status != VolunteerStatus.REGISTERED:
        raise ValidationError(NOT_REGISTERED, code="not_registered")
    if not help_request.is_published or help_request.status == HelpRequest.Status.CLOSED:
        raise ValidationError(NOT_OPEN_FOR_APPLICATIONS, code="not_open")
    introduction = Introduction(
        request=help_request,
        volunteer=volunteer,
        initiated_by=Introduction.Initiator.APPLIED,
        status=Introduction.Status.APPLIED,
        response=Introduction.Response.ACCEPTED,  # applying is saying yes
        responded_at=timezone.now(),
        created_by=volunteer.user,
    )
    with transaction.atomic():
        _save(introduction, messages=_INTRODUCTION_MESSAGES)
        _request_changed(
            by=volunteer.user, help_request=help_request, action="introduction_apply",
            changes={"introduction": [None, introduction.pk], "introducee": [None, str(volunteer)]},
        )
    return introduction


def introduction_confirm(*, introduction: Introduction, by, introduced_on: datetime.date | None = None) -> Introduction:
    """Staff take up an application (応募受付) as an introduction (紹介中); from then on it counts in the year."""
    with transaction.atomic():
        locked = Introduction.objects.select_for_update(of=("self",)).select_related("request", "volunteer").get(pk=introduction.pk)
        if locked.status != Introduction.Status.APPLIED:
            return locked
        request = _lock(locked.request)
        if request.status == HelpRequest.Status.CLOSED:
            raise ValidationError(CLOSED, code="closed")
        locked.status = Introduction.Status.PROPOSED
        locked.introduced_on = introduced_on or timezone.localdate()
        _save(locked)
        _request_changed(
            by=by, help_request=request, action="introduction_status",
            changes={"introduction": [locked.pk, locked.pk], "introducee": [str(locked.introducee)] * 2,
                     "status": ["applied", "proposed"]},
        )
        _start_coordinating(request, by)
        notify(
            subject=_("応募を受け付けました"),
            body=_("「%(title)s」への応募をお受けしました。センターから詳しいことをご連絡します。") % {"title": request.public_title or request.title},
            volunteer=locked.volunteer,
        )
    return locked


def introduction_update(*, introduction: Introduction, by, data: dict[str, Any]) -> Introduction:
    """Staff move an introduction on: 紹介中 → 活動開始 / 不成立 (with a reason) / 終了, with its dates."""
    unknown = set(data) - set(INTRODUCTION_FIELDS)
    if unknown:
        raise ValueError(f"not an introduction field: {sorted(unknown)}")
    with transaction.atomic():
        locked = Introduction.objects.select_for_update().get(pk=introduction.pk)
        before = audit.snapshot(locked, INTRODUCTION_FIELDS)
        for name, value in data.items():
            setattr(locked, name, value)
        if locked.status == Introduction.Status.ACTIVE and not locked.started_on:
            locked.started_on = timezone.localdate()
        if locked.status == Introduction.Status.ENDED and not locked.ended_on:
            locked.ended_on = timezone.localdate()
        if locked.status != Introduction.Status.FAILED:
            locked.failure_reason = ""
        if locked.status != Introduction.Status.APPLIED and locked.introduced_on is None:
            locked.introduced_on = timezone.localdate()
        _save(locked)
        changes = audit.diff(locked, before, INTRODUCTION_FIELDS)
        if changes:
            changes["introduction"] = [locked.pk, locked.pk]
            changes["introducee"] = [str(locked.introducee)] * 2
            _request_changed(by=by, help_request=locked.request, action="introduction_status", changes=changes)
    introduction.refresh_from_db()
    return introduction


def introduction_respond(*, introduction: Introduction, volunteer: Volunteer, accept: bool) -> Introduction:
    """The volunteer concerned accepts (承諾) or declines (辞退) an introduction offered to them."""
    with transaction.atomic():
        locked = Introduction.objects.select_for_update(of=("self",)).select_related("request").get(pk=introduction.pk)
        if locked.volunteer_id != volunteer.pk:
            # Views fetch through get_introduction_for_user; this guards every other caller.
            raise PermissionError("only the volunteer concerned may answer")
        if locked.status != Introduction.Status.PROPOSED or locked.response != Introduction.Response.PENDING:
            raise ValidationError(CANNOT_ANSWER, code="answered")
        locked.response = Introduction.Response.ACCEPTED if accept else Introduction.Response.DECLINED
        locked.responded_at = timezone.now()
        changes = {"response": ["pending", locked.response]}
        if not accept:
            # A declined introduction did not come about: it counts as 不成立 in the success rate.
            locked.status = Introduction.Status.FAILED
            locked.failure_reason = str(DECLINED_REASON)
            changes["status"] = ["proposed", "failed"]
        _save(locked)
        changes |= {"introduction": [locked.pk, locked.pk], "introducee": [str(volunteer)] * 2}
        _request_changed(by=volunteer.user, help_request=locked.request, action="introduction_response", changes=changes)
    introduction.refresh_from_db()
    return introduction
