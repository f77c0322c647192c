from django.urls import path

from . import import_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("welcome/", views.landing, name="landing"),
    path("about/", views.about, name="about"),
    path("access/", views.access, name="access"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("text-size/<slug:size>/", views.text_size, name="text_size"),
    path("furigana/<slug:state>/", views.furigana, name="furigana"),
    path("language/<slug:code>/", views.language, name="language"),
    path("staff/mail/", views.mail_queue, name="mail_queue"),
    path("staff/imports/", import_views.import_home, name="import_home"),
    path("staff/imports/template/<slug:kind>/", import_views.import_template, name="import_template"),
    path("staff/imports/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("staff/imports/<int:pk>/cancel/", import_views.import_cancel, name="import_cancel"),
    path("staff/imports/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
