"""Consultations and coordination: staff pages under staff/, the public 募集 and request form, a volunteer's answers."""

from django.urls import path

from .views import consultations, coordination

urlpatterns = [
    # staff: requests and introductions
    path("staff/requests/", coordination.request_list, name="request_list"),
    path("staff/requests/new/", coordination.request_create, name="request_create"),
    path("staff/requests/<int:pk>/", coordination.request_detail, name="request_detail"),
    path("staff/requests/<int:pk>/edit/", coordination.request_edit, name="request_edit"),
    path("staff/requests/<int:pk>/comment/", coordination.request_comment, name="request_comment"),
    path("staff/requests/<int:pk>/close/", coordination.request_close, name="request_close"),
    path("staff/requests/<int:pk>/reopen/", coordination.request_reopen, name="request_reopen"),
    path("staff/requests/<int:pk>/publish/", coordination.request_publish, name="request_publish"),
    path("staff/requests/<int:pk>/candidates/", coordination.request_candidates, name="request_candidates"),
    path("staff/requests/<int:pk>/introduce/", coordination.introduce, name="introduce"),
    path("staff/introductions/<int:pk>/", coordination.introduction_edit, name="introduction_edit"),
    path("staff/introductions/<int:pk>/confirm/", coordination.introduction_confirm, name="introduction_confirm"),
    path("staff/applications/", coordination.application_list, name="application_list"),
    # staff: consultations
    path("staff/consultations/", consultations.consultation_list, name="consultation_list"),
    path("staff/consultations/new/", consultations.consultation_create, name="consultation_create"),
    path("staff/consultations/mine/", consultations.my_follow_ups, name="my_follow_ups"),
    path("staff/consultations/<int:pk>/", consultations.consultation_edit, name="consultation_edit"),
    # the public
    path("boshu/", coordination.boshu_list, name="boshu_list"),
    path("boshu/<int:pk>/", coordination.boshu_detail, name="boshu_detail"),
    path("boshu/<int:pk>/apply/", coordination.boshu_apply, name="boshu_apply"),
    path("irai/", coordination.online_request, name="online_request"),
    path("irai/thanks/", coordination.online_request_done, name="online_request_done"),
    # a volunteer answering the introductions offered to them
    path("mypage/introductions/", coordination.my_introductions, name="my_introductions"),
    path("mypage/introductions/<int:pk>/answer/", coordination.introduction_answer, name="introduction_answer"),
]
