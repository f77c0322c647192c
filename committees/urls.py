from django.urls import path

from . import views

app_name = "committees"

urlpatterns = [
    path("committees/", views.index, name="index"),
    path("committees/members/", views.members_home, name="members_home"),
    path("committees/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("committees/meetings/<int:pk>/observe/", views.observe, name="observe"),
    path("committees/observe/done/", views.observe_done, name="observe_done"),
    path("committees/materials/<int:pk>/download/", views.material_download, name="material"),
    path("committees/plan-items/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("committees/comments/<int:pk>/answer/", views.comment_answer, name="comment_answer"),
    path("committees/staff/", views.staff_home, name="staff_home"),
    path("committees/staff/generate/", views.staff_generate, name="staff_generate"),
    path("committees/staff/meetings/<int:pk>/", views.staff_meeting, name="staff_meeting"),
    path("committees/staff/meetings/<int:pk>/edit/", views.staff_meeting_edit, name="staff_meeting_edit"),
    path(
        "committees/staff/meetings/<int:pk>/cancel/", views.staff_meeting_cancel, name="staff_meeting_cancel"
    ),
    path("committees/staff/meetings/<int:pk>/agenda/", views.staff_agenda_add, name="staff_agenda_add"),
    path("committees/staff/agenda/<int:pk>/delete/", views.staff_agenda_delete, name="staff_agenda_delete"),
    path(
        "committees/staff/meetings/<int:pk>/materials/", views.staff_material_add, name="staff_material_add"
    ),
    path(
        "committees/staff/materials/<int:pk>/publish/",
        views.staff_material_publish,
        name="staff_material_publish",
    ),
    path("committees/staff/meetings/<int:pk>/attendance/", views.staff_attendance, name="staff_attendance"),
    path("committees/staff/meetings/<int:pk>/minutes/", views.staff_minutes, name="staff_minutes"),
    path(
        "committees/staff/meetings/<int:pk>/minutes/<str:step>/",
        views.staff_minutes_step,
        name="staff_minutes_step",
    ),
    path("committees/staff/meetings/<int:pk>/observers/", views.staff_observers, name="staff_observers"),
    path("committees/<slug:key>/", views.committee_detail, name="committee"),
    path("committees/<slug:key>/archive/", views.archive, name="archive"),
]
