"""Security middleware of the project's own: the Permissions-Policy header; and the staff session limit.

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


def limit_staff_session(sender, request, user, **kwargs) -> None:
    """user_logged_in: staff sessions (the accounts that see personal data) end STAFF_SESSION_IDLE_SECONDS
    after their last change (an idle limit); volunteers keep SESSION_COOKIE_AGE.

    Set once at login, not on every request: a session write per page would cost every staff page a query."""
    if request is not None and hasattr(request, "session") and (user.is_staff or can(user, "staff_pages")):
        request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
