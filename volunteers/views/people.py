"""Public pages about people: 新規登録 and the privacy policy."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from config.core import privacy
from config.core.public_forms import public_form

from ..forms.people import RegistrationForm
from ..models import Volunteer
from ..services.people import PRIVACY_POLICY_VERSION, RepeatedRegistration, volunteer_register


@public_form("volunteer_registration")
def register(request):
    """新規登録: anyone may apply; staff approve later. A logged-in user's application is linked to their account."""
    user = request.user if request.user.is_authenticated else None
    if user and Volunteer.objects.filter(user=user).exists():
        messages.info(request, _("すでにボランティア登録のお申込みがあります。"))
        return redirect("volunteers:mypage")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            volunteer_register(data=data, activity_fields=data["activity_fields"], by=user, user=user)
        except RepeatedRegistration:
            return render(request, "volunteers/people/register_done.html", {"repeated": True})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("volunteers:register_done")
    return render(
        request, "volunteers/people/register.html", {"form": form, "policy_version": PRIVACY_POLICY_VERSION}
    )


def register_done(request):
    return render(request, "volunteers/people/register_done.html")


def privacy_policy(request, slug: str | None = None):
    """The policy in force, or an earlier version (people agreed to that text), with the list of versions."""
    policy = privacy.CURRENT if slug is None else privacy.policy_version(slug)
    if policy is None:
        raise Http404
    return render(
        request,
        "volunteers/people/privacy_policy.html",
        {
            "policy": policy,
            "policy_version": policy.version,
            "versions": list(reversed(privacy.VERSIONS)),
            "is_current": policy == privacy.CURRENT,
        },
    )
