from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("welcome/", views.landing, name="landing"),
    path("about/", views.about, name="about"),
    path("access/", views.access, name="access"),
    path("text-size/<slug:size>/", views.text_size, name="text_size"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
