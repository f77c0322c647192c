"""What every public form (no login needed) shares: a rate limit per sender address and a honeypot field.

A view decorated with ``@public_form("registration")`` counts each POST from an address in PostgreSQL
(``PublicFormSubmission``, so every worker process sees the same count); past ``PUBLIC_FORM_LIMIT`` posts
in ``PUBLIC_FORM_WINDOW_MINUTES`` that address gets a polite page (429) while everyone else goes on.
Forms mix in ``HoneypotFormMixin``: a field people never see (hidden by CSS, labelled for screen readers
to stay empty) that form-filling robots fill in.

The committees' observation form, summer applications, summer host offers and school requests use the same two
pieces.
"""

import datetime
import functools
import hashlib
import hmac

from django import forms
from django.conf import settings
from django.db import connection, transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import PublicFormSubmission

HONEYPOT_FIELD = "website"
HONEYPOT_MESSAGE = _("送信できませんでした。お手数ですが、センターへお電話でお申し込みください。")


def client_address(request) -> str:
    """The sender's address: REMOTE_ADDR, or the header the reverse proxy sets (PUBLIC_FORM_CLIENT_IP_HEADER)."""
    header = getattr(settings, "PUBLIC_FORM_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _digest(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def allow_submission(*, form: str, address: str, now: datetime.datetime | None = None) -> bool:
    """Count one submission from address to form; False (and nothing counted) once the limit is reached."""
    now = now or timezone.now()
    digest = _digest(address)
    since = now - datetime.timedelta(minutes=settings.PUBLIC_FORM_WINDOW_MINUTES)
    with transaction.atomic():
        # One lock per form and address, so two simultaneous posts cannot both take the last place.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"public_form:{form}:{digest}"])
        recent = PublicFormSubmission.objects.filter(form=form, address_digest=digest, at__gt=since).count()
        if recent >= settings.PUBLIC_FORM_LIMIT:
            return False
        PublicFormSubmission.objects.create(form=form, address_digest=digest, at=now)
        PublicFormSubmission.objects.filter(form=form, at__lt=now - datetime.timedelta(days=1)).delete()
    return True


def public_form(form: str):
    """Rate-limit the POSTs of a public form's view per sender address."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and not allow_submission(form=form, address=client_address(request)):
                return render(
                    request,
                    "core/too_many_submissions.html",
                    {"minutes": settings.PUBLIC_FORM_WINDOW_MINUTES},
                    status=429,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class HoneypotFormMixin(forms.Form):
    """A field only robots fill in; a filled one refuses the form with a message that helps a person who did."""

    website = forms.CharField(
        label=_("この欄は空のままにしてください"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1", "class": "honeypot-input"}),
    )

    def clean(self):
        data = super().clean()
        # Not part of what was submitted: services never see it.
        data.pop(HONEYPOT_FIELD, None)
        if (self.data.get(self.add_prefix(HONEYPOT_FIELD)) or "").strip():
            raise forms.ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        return data
