"""Logging in with what a person knows: their member number, email address or phone number.

Many of the center's volunteers are elderly and have no email; a generated member number printed on
a letter is easy to lose, so the phone number they gave when registering works too. A phone number
may be shared by a household: the password (or the letter's code) decides which account it is.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from config.core.normalize import normalize_phone, normalize_text

from .models import Volunteer, VolunteerGroup

User = get_user_model()

# Each candidate costs one password hash check; a few cover a household sharing one phone.
MAX_CANDIDATES = 4


def account_candidates(identifier: str) -> list:
    """The accounts a login identifier may name, at most MAX_CANDIDATES of them."""
    text = normalize_text(identifier or "").strip()
    if not text:
        return []
    if "@" in text:
        return list(User.objects.filter(email__iexact=text).order_by("pk")[:MAX_CANDIDATES])
    by_name = list(User.objects.filter(username__iexact=text).order_by("pk")[:1])
    if by_name:
        return by_name
    try:
        phone = normalize_phone(text)
    except ValidationError:
        return []
    ids = list(
        Volunteer.objects.filter(phone=phone, user__isnull=False)
        .values_list("user_id", flat=True)
        .order_by("user_id")[:MAX_CANDIDATES]
    )
    ids += VolunteerGroup.objects.filter(contact_phone=phone, representative__isnull=False).values_list(
        "representative_id", flat=True
    )[:MAX_CANDIDATES]
    ids = list(dict.fromkeys(ids))[:MAX_CANDIDATES]
    return list(User.objects.filter(pk__in=ids).order_by("pk"))


class IdentifierBackend(ModelBackend):
    """Django's model backend, found by member number, email or phone number instead of username only."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        candidates = account_candidates(username)
        if not candidates:
            # Spend the time of one hash anyway, as ModelBackend does, so a miss is not faster than a hit.
            User().set_password(password)
            return None
        for user in candidates:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        return None
