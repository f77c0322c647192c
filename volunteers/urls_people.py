from django.urls import path

from .views import accounts, groups, mypage, people, staff

urlpatterns = [
    # public
    path("volunteers/register/", people.register, name="register"),
    path("volunteers/register/done/", people.register_done, name="register_done"),
    path("privacy/", people.privacy_policy, name="privacy_policy"),
    path("privacy/<slug:slug>/", people.privacy_policy, name="privacy_policy_version"),
    path("accounts/first-login/", accounts.first_login, name="first_login"),
    path("groups/", groups.directory, name="directory"),
    path("groups/register/", groups.group_register_view, name="group_register"),
    path("groups/register/done/", groups.group_register_done, name="group_register_done"),
    # マイページ
    path("mypage/", mypage.mypage, name="mypage"),
    path("mypage/profile/", mypage.profile_edit, name="profile_edit"),
    path("mypage/withdraw/", mypage.withdraw, name="withdraw"),
    path("mypage/my-data/", mypage.my_data, name="my_data"),
    path("mypage/my-data.<str:fmt>", mypage.my_data_download, name="my_data_download"),
    path("mypage/withdrawn/", mypage.withdrawn, name="withdrawn"),
    path("mypage/groups/<int:pk>/", mypage.group_page, name="mypage_group"),
    path("mypage/groups/<int:pk>/renew/", mypage.group_renew_view, name="mypage_group_renew"),
    # 職員メニュー
    path("staff/", staff.home, name="staff_home"),
    path("staff/notices/<int:pk>/handled/", staff.notice_handled, name="notice_handled"),
    path("staff/volunteers/", staff.volunteer_list, name="staff_volunteers"),
    path("staff/volunteers/new/", staff.volunteer_new, name="staff_volunteer_new"),
    path("staff/volunteers/<int:pk>/", staff.volunteer_detail, name="staff_volunteer"),
    path("staff/volunteers/<int:pk>/edit/", staff.volunteer_edit, name="staff_volunteer_edit"),
    path("staff/volunteers/<int:pk>/approve/", staff.volunteer_approve_view, name="staff_volunteer_approve"),
    path("staff/volunteers/<int:pk>/status/", staff.volunteer_status, name="staff_volunteer_status"),
    path("staff/volunteers/<int:pk>/send-link/", staff.volunteer_send_link, name="staff_volunteer_send_link"),
    path("staff/volunteers/<int:pk>/letter/", accounts.volunteer_letter, name="staff_volunteer_letter"),
    path("staff/groups/<int:pk>/letter/", accounts.group_letter, name="staff_group_letter"),
    path("staff/groups/", staff.group_list, name="staff_groups"),
    path("staff/groups/new/", staff.group_new, name="staff_group_new"),
    path("staff/groups/<int:pk>/", staff.group_detail, name="staff_group"),
    path("staff/groups/<int:pk>/edit/", staff.group_edit, name="staff_group_edit"),
    path("staff/groups/<int:pk>/renew/", staff.group_renew_staff, name="staff_group_renew"),
    path(
        "staff/group-registrations/<int:pk>/approve/",
        staff.registration_approve,
        name="staff_registration_approve",
    ),
    path(
        "staff/group-registrations/<int:pk>/reject/",
        staff.registration_reject,
        name="staff_registration_reject",
    ),
]
