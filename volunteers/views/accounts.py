"""Accounts: はじめてのログイン with a posted code, and the letter (ログインのご案内) staff print."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.core.roles import capability_required

from ..forms.accounts import FirstLoginForm
from ..selectors import get_group_for_user, get_volunteer_for_user
from ..services.accounts import format_code, login_code_issue, login_code_redeem


def first_login(request):
    """The person types their member number and the letter's code, sets a password, and is logged in."""
    form = FirstLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = login_code_redeem(
                identifier=data["identifier"], code=data["code"], password=data["new_password1"]
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) in ("wrong_code", "locked"):
                form.add_error(None, exc)
            else:  # the password validators: the code is still good, choose another password
                form.add_error("new_password1", exc)
        else:
            login(request, user, backend="volunteers.auth.IdentifierBackend")
            messages.success(
                request, _("パスワードを設定しました。次からは会員番号とこのパスワードでログインできます。")
            )
            return redirect("core:landing")
    return render(request, "volunteers/accounts/first_login.html", {"form": form})


def _letter(request, *, user, name: str, postal_code: str, address: str, back: str):
    if user is None:
        messages.error(request, _("まだアカウントがありません。登録を承認するとアカウントができます。"))
        return redirect(back)
    code, record = login_code_issue(user=user, by=request.user)
    response = render(
        request,
        "volunteers/accounts/letter.html",
        {
            "name": name,
            "postal_code": postal_code,
            "address": address,
            "username": user.username,
            "code": format_code(code),
            "expires_on": timezone.localtime(record.expires_at).date(),
            "first_login_url": request.build_absolute_uri(reverse("volunteers:first_login")),
            "back": back,
        },
    )
    # The code is on this page only: no browser or proxy may keep a copy.
    add_never_cache_headers(response)
    response["Cache-Control"] += ", no-store, private"
    return response


staff_only = capability_required("staff_pages")


@staff_only
@require_POST
def volunteer_letter(request, pk: int):
    """Print the letter for a volunteer; a new code each time, and the printing is recorded."""
    volunteer = get_volunteer_for_user(request.user, pk)
    return _letter(
        request,
        user=volunteer.user,
        name=_("%(name)s 様") % {"name": volunteer.name},
        postal_code=volunteer.postal_code,
        address=volunteer.address,
        back=reverse("volunteers:staff_volunteer", args=[volunteer.pk]),
    )


@staff_only
@require_POST
def group_letter(request, pk: int):
    """Print the letter for a group's representative."""
    group = get_group_for_user(request.user, pk)
    return _letter(
        request,
        user=group.representative,
        name=_("%(group)s %(name)s 様") % {"group": group.name, "name": group.representative_name},
        postal_code=group.contact_postal_code,
        address=group.contact_address,
        back=reverse("volunteers:staff_group", args=[group.pk]),
    )
