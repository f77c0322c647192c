from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from . import roles
from .context_processors import TEXT_SIZE_COOKIE, TEXT_SIZES, cached_sites
from .redirects import redirect_next


def home(request):
    return render(request, "core/home.html")


@login_required
def landing(request):
    """Where login sends everyone without a `next`: staff to 職員メニュー, volunteers and representatives to their my page."""
    return redirect(roles.landing_url_name(request.user))


def about(request):
    return render(request, "core/about.html")


def access(request):
    return render(request, "core/access.html", {"sites": cached_sites()})


@require_GET
def text_size(request, size):
    """Remember the chosen 文字サイズ in a cookie and go back; plain links, so it works without JavaScript."""
    response = redirect_next(request, "/")
    if size in TEXT_SIZES:
        response.set_cookie(TEXT_SIZE_COOKIE, size, max_age=60 * 60 * 24 * 365 * 2, samesite="Lax", secure=request.is_secure(), httponly=True)
    return response




# Crawlers may read the public pages; the week calendars' paging, the personal pages and the feeds are not for them.
ROBOTS_TXT = """User-agent: *
Disallow: /admin/
Disallow: /staff/
Disallow: /mypage/
Disallow: /accounts/
Disallow: /rooms/mine/
Disallow: /rooms/ical/
Disallow: /events/signups/
Disallow: /*?date=
Disallow: /*&date=
"""


@require_GET
def robots_txt(request):
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")
