from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("plans/", views.overview, name="overview"),
    path("plans/progress/", views.progress, name="progress"),
    path("plans/progress/<int:fy>/print/", views.progress_print, name="progress_print"),
    path("plans/progress/<int:fy>/export.<str:fmt>", views.progress_export, name="progress_export"),
    path("plans/items/<int:pk>/", views.item_detail, name="item"),
    path("plans/items/<int:pk>/evaluation/", views.evaluation_edit, name="evaluation"),
    path("plans/targets/<int:pk>/entries/new/", views.entry_create, name="entry_create"),
    path("plans/report/<int:fy>/", views.report, name="report"),
    path("plans/report/<int:fy>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("plans/copy-year/", views.copy_year, name="copy_year"),
]
