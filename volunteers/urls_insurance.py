"""Insurance (ボランティア保険・行事保険): my page, a representative's group, and the staff counter and lists."""

from django.urls import path

from .views import insurance

urlpatterns = [
    path("mypage/insurance/", insurance.my_insurance, name="my_insurance"),
    path("mypage/insurance/renew/", insurance.my_insurance_renew, name="my_insurance_renew"),
    path("mypage/groups/<int:pk>/insurance/", insurance.group_insurance, name="group_insurance"),
    path("mypage/groups/<int:pk>/insurance/roster/", insurance.group_roster, name="group_roster"),
    path("mypage/groups/<int:pk>/insurance/event/", insurance.group_event_apply, name="group_event_apply"),
    path("staff/insurance/", insurance.staff_enrolments, name="staff_enrolments"),
    path("staff/insurance/new/", insurance.staff_enrolment_new, name="staff_enrolment_new"),
    path("staff/insurance/roster/", insurance.staff_roster_export, name="staff_roster_export"),
    path("staff/insurance/<int:pk>/", insurance.staff_enrolment, name="staff_enrolment"),
    path("staff/insurance/<int:pk>/pay/", insurance.staff_enrolment_pay, name="staff_enrolment_pay"),
    path(
        "staff/insurance/<int:pk>/complete/",
        insurance.staff_enrolment_complete,
        name="staff_enrolment_complete",
    ),
    path("staff/insurance/<int:pk>/cancel/", insurance.staff_enrolment_cancel, name="staff_enrolment_cancel"),
    path(
        "staff/insurance/<int:pk>/receipt/", insurance.staff_enrolment_receipt, name="staff_enrolment_receipt"
    ),
    path("staff/insurance/rosters/new/", insurance.staff_roster_new, name="staff_roster_new"),
    path("staff/insurance/rosters/<int:pk>/", insurance.staff_roster, name="staff_roster"),
    path(
        "staff/insurance/rosters/<int:pk>/receipt/",
        insurance.staff_roster_receipt,
        name="staff_roster_receipt",
    ),
    path("staff/insurance/events/new/", insurance.staff_event_new, name="staff_event_new"),
    path("staff/insurance/events/", insurance.staff_events, name="staff_events"),
    path("staff/insurance/events/<int:pk>/", insurance.staff_event, name="staff_event"),
    path("staff/insurance/events/<int:pk>/pay/", insurance.staff_event_pay, name="staff_event_pay"),
    path(
        "staff/insurance/events/<int:pk>/complete/",
        insurance.staff_event_complete,
        name="staff_event_complete",
    ),
    path("staff/insurance/events/<int:pk>/cancel/", insurance.staff_event_cancel, name="staff_event_cancel"),
    path(
        "staff/insurance/events/<int:pk>/receipt/", insurance.staff_event_receipt, name="staff_event_receipt"
    ),
    path("staff/insurance/daily/", insurance.staff_daily_total, name="staff_insurance_daily"),
    path("staff/insurance/products/", insurance.staff_products, name="staff_insurance_products"),
]
