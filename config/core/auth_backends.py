"""django-axes in front of the identifier backend.

Axes' own backend refuses to work without a request; programmatic logins (Django's test client,
management commands) have none and are no login form to throttle, so they pass to the next backend.
"""

from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
