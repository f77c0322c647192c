from django.core.cache import cache
from django.utils.translation import pgettext_lazy

from . import privacy, roles
from .models import Site

TEXT_SIZES = {
    "normal": pgettext_lazy("text size", "標準"),
    "large": pgettext_lazy("text size", "大"),
    "xlarge": pgettext_lazy("text size", "特大"),
}
TEXT_SIZE_COOKIE = "text_size"
SITES_CACHE_KEY = "core:sites"


def cached_sites() -> list[Site]:
    """Both sites with their hours, for the footer of every page; cached so a page view costs no query."""
    sites = cache.get(SITES_CACHE_KEY)
    if sites is None:
        sites = list(Site.objects.prefetch_related("opening_hours", "annual_closures"))
        cache.set(SITES_CACHE_KEY, sites, 300)
    return sites


def forget_sites() -> None:
    cache.delete(SITES_CACHE_KEY)


def center(request):
    sites = cached_sites()
    main = next((s for s in sites if s.is_main), sites[0] if sites else None)
    size = request.COOKIES.get(TEXT_SIZE_COOKIE)
    user = request.user
    return {
        "center_site": main,
        "center_sites": sites,
        "text_size": size if size in TEXT_SIZES else "normal",
        "text_sizes": TEXT_SIZES,
        "nav": {capability: roles.can(user, capability) for capability in roles.CAPABILITIES},
        "privacy_policy": privacy.CURRENT,
    }
