"""The privacy policy (個人情報の取扱いについて): its versions, and the consent every public form records.

Each version is a template of its own under templates/core/privacy/, listed here oldest first; a changed
policy is a new file and a new entry, and the old text stays readable at /privacy/<slug>/, because people
agreed to that text. A form that collects personal data from the public:

- mixes in ``ConsentFormMixin`` (a required 同意 check box, worded once here),
- stores the agreement on its model through ``ConsentFields`` (an abstract model: consent_at and
  consent_policy_version), and
- sets both in its service with ``record_consent(instance)``.

Registration, group registration, online requests, event sign-ups, the committees' observation form, school
requests, summer applications and summer host offers do so (tests/core/test_public_form_consent.py).
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PolicyVersion:
    slug: str
    version: str  # what is stored with a consent: 「2026年4月版」
    effective_on: datetime.date
    template: str
    changes: str
    label: str  # the version as a page shows it, in the page's language


VERSIONS: tuple[PolicyVersion, ...] = (
    PolicyVersion(
        slug="2026-04",
        version="2026年4月版",
        effective_on=datetime.date(2026, 4, 1),
        template="core/privacy/2026-04.html",
        changes=_("最初の版です。"),
        label=_("2026年4月版"),
    ),
)
CURRENT = VERSIONS[-1]


def policy_version(slug: str) -> PolicyVersion | None:
    return next((v for v in VERSIONS if v.slug == slug), None)


class ConsentFields(models.Model):
    """When a person agreed to the privacy policy, and to which version."""

    consent_at = models.DateTimeField(_("個人情報の取扱いへの同意日時"), null=True, blank=True)
    consent_policy_version = models.CharField(_("同意した方針の版"), max_length=20, blank=True)

    class Meta:
        abstract = True


def record_consent(instance, *, now: datetime.datetime | None = None) -> None:
    """Set the consent fields to now and the current version (the service saves the row)."""
    instance.consent_at = now or timezone.now()
    instance.consent_policy_version = CURRENT.version


class ConsentFormMixin(forms.Form):
    """A required check box: the person read the policy shown with the form and agrees to it."""

    consent = forms.BooleanField(
        label=_("「個人情報の取扱いについて」を読み、同意します"),
        error_messages={"required": _("お申し込みには個人情報の取扱いへの同意が必要です。")},
    )
