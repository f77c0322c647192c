"""Security middleware of the project's own: the Permissions-Policy header and the staff session limit.

(Content-Security-Policy comes from django-csp, the other headers from Django's SecurityMiddleware.)
"""

from django.conf import settings

from .roles import can

# Features no page of the center uses; a hostile script or frame cannot ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class StaffSessionMiddleware:
    """Staff sessions (the accounts that see personal data) end after STAFF_SESSION_IDLE_SECONDS without
    a request and when the browser closes; volunteers keep Django's default (SESSION_COOKIE_AGE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and (user.is_staff or can(user, "staff_pages")):
            # Set on every request, so the session is saved and its expiry moves: an idle limit.
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)
