from django.urls import path

from .views import annual, lockers, rooms, schedule

app_name = "programs"

urlpatterns = [
    path("rooms/", rooms.rooms_index, name="rooms_index"),
    path("rooms/calendar/<slug:site>/", rooms.public_calendar, name="public_calendar"),
    path("rooms/mine/", rooms.my_rooms, name="my_rooms"),
    path("rooms/mine/calendar/", rooms.calendar_issue, name="calendar_issue"),
    path("rooms/<slug:site>/week/", rooms.week, name="week"),
    path("rooms/<slug:site>/book/", rooms.booking_new, name="booking_new"),
    path("rooms/bookings/<int:pk>/", rooms.booking_detail, name="booking_detail"),
    path("rooms/bookings/<int:pk>/cancel/", rooms.booking_cancel, name="booking_cancel"),
    path("rooms/ical/group/<str:token>.ics", rooms.ical_group, name="ical_group"),
    path("rooms/ical/room/<int:pk>.ics", rooms.ical_room, name="ical_room"),
    path("rooms/annual/<int:pk>/", annual.apply, name="annual_apply"),
    path("rooms/annual/requests/<int:pk>/withdraw/", annual.withdraw, name="annual_withdraw"),
    path("staff/rooms/", annual.staff_rooms, name="staff_rooms"),
    path("staff/rooms/book/", annual.staff_booking_new, name="staff_booking_new"),
    path("staff/rooms/schedule/", schedule.staff_schedule, name="staff_schedule"),
    path("staff/closures/", schedule.staff_closures, name="staff_closures"),
    path("staff/closures/<int:pk>/", schedule.staff_closure, name="staff_closure"),
    path("staff/rooms/annual/<int:pk>/", annual.staff_window, name="staff_window"),
    path("staff/rooms/annual/<int:pk>/close/", annual.staff_window_close, name="staff_window_close"),
    path("staff/rooms/annual/<int:pk>/run/", annual.staff_run, name="staff_run"),
    path("staff/rooms/runs/<int:pk>/", annual.staff_run_detail, name="staff_run_detail"),
    path("staff/rooms/runs/<int:pk>/publish/", annual.staff_publish, name="staff_publish"),
    path("staff/rooms/runs/<int:pk>/replay/", annual.staff_run_replay, name="staff_run_replay"),
    path("staff/lockers/<slug:site>/", lockers.staff_lockers, name="staff_lockers"),
    path("staff/lockers/waitlist/<int:pk>/withdraw/", lockers.staff_waitlist_withdraw, name="staff_waitlist_withdraw"),
    path("staff/lockers/assignments/<int:pk>/<slug:action>/", lockers.staff_locker_action, name="staff_locker_action"),
]
