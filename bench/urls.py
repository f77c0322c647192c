from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def ok(request):
    """The ceiling: what a Django view costs through every middleware, with no query and no template."""
    return HttpResponse("ok")


urlpatterns = [path("__bench__/ok/", ok), *app_urlpatterns]
