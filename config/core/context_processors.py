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


_sites_memo: tuple[str, list[Site]] | None = None


def cached_sites() -> list[Site]:
    """Both sites with their hours, for the footer of every page.

    The sites are built once per version of the `site` namespace (config/core/pagecache.py), which every write to a
    site, its hours or closures bumps: the shared cache holds the built list under that version, and each process
    keeps the list it last unpickled with the version it belongs to. A request reads only the version (a short
    string) and unpickles the sites only when they changed, so every server sees an edit on its next request and
    none unpickles model instances on every page. The opening-hours text is worked out once per language, when the
    list is built (`site.hours_texts`)."""
    global _sites_memo
    from . import pagecache

    version = pagecache.versions(pagecache.SITE)[pagecache.SITE]
    if _sites_memo is not None and _sites_memo[0] == version:
        return _sites_memo[1]
    key = f"{SITES_CACHE_KEY}:{version}"
    sites = cache.get(key)
    if sites is None:
        sites = list(Site.objects.prefetch_related("opening_hours", "annual_closures"))
        for site in sites:
            site.hours_texts = {}
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    site.hours_texts[code] = site.hours_summary()
        cache.set(key, sites, 60 * 60)
    _sites_memo = (version, sites)
    return sites


def forget_sites() -> None:
    from . import pagecache

    pagecache.bump(pagecache.SITE)


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
