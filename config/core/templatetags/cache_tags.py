"""A key for a `{% cache %}` fragment that changes with every write to what the fragment shows.

    {% load cache cache_tags %}{% cache_versions "events" "news" as key %}
    {% cache 60 home_events key %}…{% endcache %}

The key is made of the namespaces' versions (config/core/pagecache.py: every save or delete of their models bumps
them), the language and the day; the fragment's own timeout bounds what changes with the clock alone.
"""

from django import template
from django.utils import timezone, translation

from .. import pagecache

register = template.Library()


@register.simple_tag
def cache_versions(*namespaces: str) -> str:
    versions = pagecache.versions(*namespaces)
    return ":".join(
        [*(versions[ns] for ns in namespaces), translation.get_language(), timezone.localdate().isoformat()]
    )
