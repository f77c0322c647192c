"""The one way to follow a `next` parameter: a path on this site, or the default.

`redirect(next)` would take a `next` without a slash for a view name (a 500 on `next=foo`) and a full
URL for somewhere else; every view that takes `next` calls `safe_next` instead.
"""

from urllib.parse import urlsplit

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str, *, param: str = "next") -> str:
    """The `next` of the request (POST first, then GET) when it is a path on this site, else `default`."""
    target = request.POST.get(param) or request.GET.get(param) or ""
    if (
        not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) < 32 for c in target)
        or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return (
        parts.path
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def redirect_next(request, default: str, *, param: str = "next") -> HttpResponseRedirect:
    return HttpResponseRedirect(safe_next(request, default, param=param))
