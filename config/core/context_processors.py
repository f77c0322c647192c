from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import pgettext_lazy

from . import furigana, privacy, roles
from .language import JAPANESE_ONLY_PREFIXES
from .models import Site

TEXT_SIZES = {
    "normal": pgettext_lazy("text size", "標準"),
    "large": pgettext_lazy("text size", "大"),
    "xlarge": pgettext_lazy("text size", "特大"),
}
TEXT_SIZE_COOKIE = "text_size"
SITES_CACHE_KEY = "core:sites"


def cached_sites() -> list[Site]:
    """Both sites with their hours, for the footer of every page, from the shared cache (one cache read per page).

    The opening-hours text is worked out once per language, when the cache is filled (`site.hours_texts`), not on
    every page; the cached copy is dropped on every write to a site, its hours or closures (config/core/apps.py)."""
    sites = cache.get(SITES_CACHE_KEY)
    if sites is None:
        sites = list(Site.objects.prefetch_related("opening_hours", "annual_closures"))
        for site in sites:
            site.hours_texts = {}
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    site.hours_texts[code] = site.hours_summary()
        cache.set(SITES_CACHE_KEY, sites, 60 * 60)
    return sites


def forget_sites() -> None:
    cache.delete(SITES_CACHE_KEY)


def forget_sites_on_write(sender, **kwargs) -> None:
    forget_sites()


def center(request):
    sites = cached_sites()
    main = next((s for s in sites if s.is_main), sites[0] if sites else None)
    size = request.COOKIES.get(TEXT_SIZE_COOKIE)
    user = request.user
    return {
        "center_site": main,
        "center_sites": sites,
        "center_hours": main.hours_texts.get(translation.get_language()) if main else "",
        "text_size": size if size in TEXT_SIZES else "normal",
        "text_sizes": TEXT_SIZES,
        "furigana_on": furigana.wanted(request),
        "furigana_offered": furigana.offered(request),
        "language_offered": not request.path.startswith(JAPANESE_ONLY_PREFIXES),
        "nav": {capability: roles.can(user, capability) for capability in roles.CAPABILITIES},
        "privacy_policy": privacy.CURRENT,
    }
