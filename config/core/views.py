from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import mail, pagecache, roles
from .context_processors import TEXT_SIZE_COOKIE, TEXT_SIZES, cached_sites
from .furigana import FURIGANA_COOKIE, SWITCH_LABELS
from .redirects import redirect_next


@pagecache.cached_for_anonymous("events", "news", "summer")
@pagecache.cached_per_person()
def home(request):
    return render(request, "core/home.html")


@login_required
def landing(request):
    """Where login sends everyone without a `next`: staff to 職員メニュー, volunteers and representatives to their my page."""
    return redirect(roles.landing_url_name(request.user))


def about(request):
    return render(request, "core/about.html")


def accessibility(request):
    """The accessibility statement (ウェブアクセシビリティ方針), as Japanese public bodies publish under JIS X 8341-3."""
    return render(request, "core/accessibility.html")


def access(request):
    return render(request, "core/access.html", {"sites": cached_sites()})


def _remember(request, cookie: str, value: str, allowed) -> HttpResponse:
    """Remember a display choice in a cookie and go back; plain links, so it works without JavaScript."""
    response = redirect_next(request, "/")
    if value in allowed:
        response.set_cookie(
            cookie, value, max_age=60 * 60 * 24 * 365 * 2, samesite="Lax", secure=request.is_secure(), httponly=True
        )
    return response


@require_GET
def text_size(request, size):
    return _remember(request, TEXT_SIZE_COOKIE, size, TEXT_SIZES)


@require_GET
def language(request, code):
    """日本語 / English, for the public pages; the staff area stays Japanese (config/core/language.py)."""
    return _remember(request, settings.LANGUAGE_COOKIE_NAME, code, dict(settings.LANGUAGES))


@require_GET
def furigana(request, state):
    """The ふりがな switch: on or off, remembered like 文字サイズ."""
    return _remember(request, FURIGANA_COOKIE, state, SWITCH_LABELS)


@roles.capability_required("staff_pages")
@require_http_methods(["GET", "POST"])
def mail_queue(request):
    """未送信のメール: what the queue still holds, and why a message failed; staff can put failures back in line."""
    if request.method == "POST":
        count = mail.retry_unsent()
        messages.success(
            request, _("%(count)d 件を再送の列に戻しました。数分以内に送信されます。") % {"count": count}
        )
        return redirect("core:mail_queue")
    return render(request, "core/mail_queue.html", {"unsent": mail.unsent_messages()})


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
