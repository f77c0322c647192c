"""Who may open which URL: the declarative table that tests/core/test_access_matrix.py checks.

Every named URL pattern of the project has exactly one row here, keyed by its URL name. A row names
the arguments to build the URL from the test world (real objects, see tests/core/test_access_matrix.py
`World`) and the answer each actor gets for GET, and for POST when that differs.

A new URL is one line, usually with a profile below:

    "committees:meeting": Access(lambda w: {"pk": w.meeting.pk}, COMMITTEE_PAGES),

Answers: OK (200), REDIRECT (302 somewhere other than the login page), LOGIN (302 to the login page),
DENIED (403), MISSING (404), GONE (405: the method is not served, a POST to a GET-only page).
For POST, OK means "let through" (200, 302, 400 or 405): the matrix checks the decision, not the form.
A refusal may also come as 405 (refused for its method first): nothing is shown either way.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

OK, REDIRECT, LOGIN, DENIED, MISSING, GONE = "OK", "REDIRECT", "LOGIN", "DENIED", "MISSING", "GONE"

# The actors: two of each so that A's records are tried by B; a member whose role ended (no role).
ANON, VOL_A, VOL_B, REP_A, REP_B, COMMITTEE, FORMER, STAFF, SUPER = (
    "anonymous",
    "volunteer_a",
    "volunteer_b",
    "rep_a",
    "rep_b",
    "committee",
    "former_member",
    "staff",
    "superuser",
)
ACTORS = (ANON, VOL_A, VOL_B, REP_A, REP_B, COMMITTEE, FORMER, STAFF, SUPER)
LOGGED_IN = tuple(a for a in ACTORS if a != ANON)


def allow(*actors: str, others: str = DENIED, anon: str = LOGIN, answer: str = OK) -> dict[str, str]:
    """`actors` get `answer`; other logged-in users `others`; anonymous visitors `anon`."""
    table = {a: others for a in LOGGED_IN}
    table[ANON] = anon
    table.update({a: answer for a in actors})
    return table


def everyone(answer: str = OK) -> dict[str, str]:
    return {a: answer for a in ACTORS}


def owned(owner: str, other: str, *, others: str = DENIED, staff: str = DENIED) -> dict[str, str]:
    """A record of `owner`: the owner OK, the same kind of user (`other`) 404, staff per `staff`."""
    table = allow(owner, others=others)
    table[other] = MISSING
    table[STAFF] = table[SUPER] = staff
    return table


def but(table: dict[str, str], **changes: str) -> dict[str, str]:
    """`table` with some actors' answers changed (keyword = actor name)."""
    return {**table, **changes}


PUBLIC = everyone()
STAFF_PAGES = allow(STAFF, SUPER)
MY_PAGE = allow(VOL_A, VOL_B, REP_A, REP_B)
VOLUNTEER_PAGES = allow(VOL_A, VOL_B)
REP_PAGES = allow(REP_A, REP_B)
PLAN_PAGES = allow(COMMITTEE, STAFF, SUPER)
ANY_LOGIN = allow(*LOGGED_IN)
REP_A_GROUP = owned(REP_A, REP_B)
# A group's booking or loan: staff see every one; other users learn nothing (404).
REP_A_RECORD = but(owned(REP_A, REP_B, others=MISSING, staff=OK))
VOL_A_RECORD = owned(VOL_A, VOL_B)
NOT_FOUND = everyone(MISSING)


@dataclass(frozen=True)
class Access:
    kwargs: Callable = field(default=lambda w: {})
    get: dict[str, str] = field(default_factory=dict)
    post: dict[str, str] | None = None  # None: as for GET
    data: Callable | None = None  # what the POST sends (w -> dict); nothing by default

    def expected(self, method: str) -> dict[str, str]:
        return self.get if method == "get" or self.post is None else self.post


def post_only(table: dict[str, str]) -> dict:
    """For a URL that only takes POST (a button): GET answers 405 to everyone, POST as `table`.
    Use as `Access(kwargs, **post_only(TABLE))`. Who is refused the POST is refused the GET the same way."""
    return {
        "get": {a: GONE if answer in (OK, REDIRECT) else answer for a, answer in table.items()},
        "post": table,
    }


def _none(w):
    return {}


def pk(attr: str) -> Callable:
    return lambda w: {"pk": getattr(w, attr).pk}


def site(w):
    return {"site": w.site.slug}


ACCESS: dict[str, Access] = {
    # --- core ---------------------------------------------------------------------------------
    "core:home": Access(_none, PUBLIC),
    "core:landing": Access(_none, allow(*LOGGED_IN, answer=REDIRECT)),
    "core:about": Access(_none, PUBLIC),
    "core:access": Access(_none, PUBLIC),
    "core:text_size": Access(lambda w: {"size": "large"}, everyone(REDIRECT), post=everyone(GONE)),
    "core:robots_txt": Access(_none, PUBLIC, post=everyone(GONE)),
    # --- accounts -------------------------------------------------------------------------------
    "login": Access(
        _none, allow(ANON, others=REDIRECT, anon=OK), post=but(allow(ANON, others=REDIRECT, anon=OK))
    ),
    "logout": Access(_none, everyone(GONE), post=everyone(REDIRECT)),
    "password_change": Access(_none, ANY_LOGIN),
    "password_change_done": Access(_none, ANY_LOGIN),
    "password_reset": Access(_none, PUBLIC),
    "password_reset_done": Access(_none, PUBLIC),
    "password_reset_confirm": Access(lambda w: {"uidb64": "MQ", "token": "set-password"}, PUBLIC),
    "password_reset_complete": Access(_none, PUBLIC),
    "volunteers:first_login": Access(_none, PUBLIC),
    # --- volunteers: public ---------------------------------------------------------------------
    # Someone already registered is sent to their my page.
    "volunteers:register": Access(_none, but(PUBLIC, volunteer_a=REDIRECT, volunteer_b=REDIRECT)),
    "volunteers:register_done": Access(_none, PUBLIC),
    "volunteers:privacy_policy": Access(_none, PUBLIC),
    "volunteers:directory": Access(_none, PUBLIC),
    "volunteers:group_register": Access(_none, PUBLIC),
    "volunteers:group_register_done": Access(_none, PUBLIC),
    "volunteers:boshu_list": Access(_none, PUBLIC),
    "volunteers:boshu_detail": Access(pk("published_request"), PUBLIC),
    # Anyone logged in may press 応募する; who is not a registered volunteer is sent back with a message.
    "volunteers:boshu_apply": Access(pk("published_request"), **post_only(allow(*LOGGED_IN))),
    "volunteers:online_request": Access(_none, PUBLIC),
    "volunteers:online_request_done": Access(_none, PUBLIC),
    # --- volunteers: my page --------------------------------------------------------------------
    "volunteers:mypage": Access(_none, MY_PAGE),
    # A representative without a volunteer record has no profile to edit or withdraw (404).
    "volunteers:profile_edit": Access(_none, but(MY_PAGE, rep_a=MISSING, rep_b=MISSING)),
    "volunteers:withdraw": Access(_none, but(MY_PAGE, rep_a=MISSING, rep_b=MISSING)),
    "volunteers:withdrawn": Access(_none, PUBLIC),
    "volunteers:mypage_group": Access(pk("group_a"), REP_A_GROUP),
    "volunteers:mypage_group_renew": Access(pk("group_a"), REP_A_GROUP),
    "volunteers:my_introductions": Access(_none, MY_PAGE),
    "volunteers:introduction_answer": Access(
        pk("introduction_a"),
        **post_only(but(VOL_A_RECORD, rep_a=MISSING, rep_b=MISSING)),
        data=lambda w: {"answer": "decline", "next": "foo"},  # the black-box scan's 500
    ),
    "volunteers:my_insurance": Access(_none, MY_PAGE),
    "volunteers:my_insurance_renew": Access(_none, **post_only(MY_PAGE)),
    "volunteers:group_insurance": Access(pk("group_a"), REP_A_GROUP),
    "volunteers:group_roster": Access(pk("group_a"), REP_A_GROUP),
    "volunteers:group_event_apply": Access(pk("group_a"), REP_A_GROUP),
    # --- volunteers: staff ----------------------------------------------------------------------
    "volunteers:staff_home": Access(_none, STAFF_PAGES),
    "volunteers:notice_handled": Access(pk("notice"), **post_only(STAFF_PAGES)),
    "volunteers:staff_volunteers": Access(_none, STAFF_PAGES),
    "volunteers:staff_volunteer_new": Access(_none, STAFF_PAGES),
    "volunteers:staff_volunteer": Access(pk("volunteer_a"), STAFF_PAGES),
    "volunteers:staff_volunteer_edit": Access(pk("volunteer_a"), STAFF_PAGES),
    "volunteers:staff_volunteer_approve": Access(pk("volunteer_a"), **post_only(STAFF_PAGES)),
    "volunteers:staff_volunteer_status": Access(pk("volunteer_a"), **post_only(STAFF_PAGES)),
    "volunteers:staff_volunteer_send_link": Access(pk("volunteer_a"), **post_only(STAFF_PAGES)),
    "volunteers:staff_volunteer_letter": Access(pk("volunteer_a"), **post_only(STAFF_PAGES)),
    "volunteers:staff_group_letter": Access(pk("group_a"), **post_only(STAFF_PAGES)),
    "volunteers:staff_groups": Access(_none, STAFF_PAGES),
    "volunteers:staff_group_new": Access(_none, STAFF_PAGES),
    "volunteers:staff_group": Access(pk("group_a"), STAFF_PAGES),
    "volunteers:staff_group_edit": Access(pk("group_a"), STAFF_PAGES),
    "volunteers:staff_group_renew": Access(pk("group_a"), STAFF_PAGES),
    "volunteers:staff_registration_approve": Access(pk("registration"), **post_only(STAFF_PAGES)),
    "volunteers:staff_registration_reject": Access(pk("registration"), **post_only(STAFF_PAGES)),
    "volunteers:request_list": Access(_none, STAFF_PAGES),
    "volunteers:request_create": Access(_none, STAFF_PAGES),
    "volunteers:request_detail": Access(pk("published_request"), STAFF_PAGES),
    "volunteers:request_edit": Access(pk("published_request"), STAFF_PAGES),
    "volunteers:request_comment": Access(pk("published_request"), **post_only(STAFF_PAGES)),
    "volunteers:request_close": Access(pk("published_request"), **post_only(STAFF_PAGES)),
    "volunteers:request_reopen": Access(pk("published_request"), **post_only(STAFF_PAGES)),
    "volunteers:request_publish": Access(pk("published_request"), STAFF_PAGES),
    "volunteers:request_candidates": Access(pk("published_request"), STAFF_PAGES),
    "volunteers:introduce": Access(
        pk("published_request"), **post_only(STAFF_PAGES), data=lambda w: {"volunteer": w.volunteer_b.pk}
    ),
    "volunteers:introduction_edit": Access(pk("introduction_a"), STAFF_PAGES),
    "volunteers:introduction_confirm": Access(pk("introduction_a"), **post_only(STAFF_PAGES)),
    "volunteers:application_list": Access(_none, STAFF_PAGES),
    "volunteers:consultation_list": Access(_none, STAFF_PAGES),
    "volunteers:consultation_create": Access(_none, STAFF_PAGES),
    "volunteers:my_follow_ups": Access(_none, STAFF_PAGES),
    "volunteers:consultation_edit": Access(pk("consultation"), STAFF_PAGES),
    "volunteers:staff_enrolments": Access(_none, STAFF_PAGES),
    "volunteers:staff_enrolment_new": Access(_none, STAFF_PAGES),
    # Without a year and format it goes back to the list.
    "volunteers:staff_roster_export": Access(_none, but(STAFF_PAGES, staff=REDIRECT, superuser=REDIRECT)),
    "volunteers:staff_enrolment": Access(pk("enrolment"), STAFF_PAGES),
    "volunteers:staff_enrolment_pay": Access(pk("enrolment"), **post_only(STAFF_PAGES)),
    "volunteers:staff_enrolment_complete": Access(pk("enrolment"), **post_only(STAFF_PAGES)),
    "volunteers:staff_enrolment_cancel": Access(pk("enrolment"), **post_only(STAFF_PAGES)),
    "volunteers:staff_enrolment_receipt": Access(pk("enrolment"), STAFF_PAGES),
    "volunteers:staff_roster_new": Access(_none, STAFF_PAGES),
    "volunteers:staff_roster": Access(pk("roster"), STAFF_PAGES),
    "volunteers:staff_roster_receipt": Access(pk("roster"), STAFF_PAGES),
    "volunteers:staff_event_new": Access(_none, STAFF_PAGES),
    "volunteers:staff_events": Access(_none, STAFF_PAGES),
    "volunteers:staff_event": Access(pk("event_insurance"), STAFF_PAGES),
    "volunteers:staff_event_pay": Access(pk("event_insurance"), **post_only(STAFF_PAGES)),
    "volunteers:staff_event_complete": Access(pk("event_insurance"), **post_only(STAFF_PAGES)),
    "volunteers:staff_event_cancel": Access(pk("event_insurance"), **post_only(STAFF_PAGES)),
    "volunteers:staff_event_receipt": Access(pk("event_insurance"), STAFF_PAGES),
    "volunteers:staff_insurance_daily": Access(_none, STAFF_PAGES),
    "volunteers:staff_insurance_products": Access(_none, STAFF_PAGES),
    # --- programs: rooms ------------------------------------------------------------------------
    "programs:rooms_index": Access(_none, PUBLIC),
    "programs:public_calendar": Access(site, PUBLIC),
    "programs:my_rooms": Access(_none, REP_PAGES),
    # Object level: B asking for a feed of A's group gets 404.
    "programs:calendar_issue": Access(
        _none, **post_only(but(REP_PAGES, rep_b=MISSING)), data=lambda w: {"group": w.group_a.pk}
    ),
    "programs:week": Access(site, REP_PAGES),
    "programs:booking_new": Access(site, REP_PAGES),
    "programs:booking_detail": Access(pk("booking_a"), REP_A_RECORD),
    "programs:booking_cancel": Access(pk("booking_a"), **post_only(REP_A_RECORD)),
    "programs:ical_group": Access(lambda w: {"token": "not-a-real-token"}, NOT_FOUND),
    "programs:ical_room": Access(pk("room"), PUBLIC),
    "programs:annual_apply": Access(pk("window"), REP_PAGES),
    "programs:annual_withdraw": Access(pk("recurring_request_a"), **post_only(REP_A_GROUP)),
    "programs:staff_rooms": Access(_none, STAFF_PAGES),
    "programs:staff_booking_new": Access(_none, STAFF_PAGES),
    "programs:staff_schedule": Access(_none, STAFF_PAGES),
    "programs:staff_closures": Access(_none, STAFF_PAGES),
    "programs:staff_closure": Access(pk("closure"), STAFF_PAGES),
    "programs:staff_window": Access(pk("window"), STAFF_PAGES),
    "programs:staff_window_close": Access(pk("window"), **post_only(STAFF_PAGES)),
    "programs:staff_run": Access(pk("window"), **post_only(STAFF_PAGES)),
    "programs:staff_run_detail": Access(pk("run"), STAFF_PAGES),
    "programs:staff_publish": Access(pk("run"), **post_only(STAFF_PAGES)),
    "programs:staff_run_replay": Access(pk("run"), **post_only(STAFF_PAGES)),
    "programs:staff_lockers": Access(site, STAFF_PAGES),
    "programs:staff_waitlist_withdraw": Access(pk("waitlist_entry"), **post_only(STAFF_PAGES)),
    "programs:staff_locker_action": Access(
        lambda w: {"pk": w.locker_assignment.pk, "action": "release"}, **post_only(STAFF_PAGES)
    ),
    # --- programs: equipment --------------------------------------------------------------------
    "programs:equipment_index": Access(_none, REP_PAGES),
    "programs:equipment_reserve": Access(lambda w: {"site": w.site.slug, "kind": w.kind.pk}, REP_PAGES),
    # Staff are sent on to the staff page of the loan.
    "programs:loan_detail": Access(pk("loan_a"), but(REP_A_RECORD, staff=REDIRECT, superuser=REDIRECT)),
    "programs:loan_cancel": Access(pk("loan_a"), **post_only(REP_A_RECORD)),
    "programs:kind_photo": Access(pk("kind"), NOT_FOUND),
    "programs:staff_loans": Access(_none, STAFF_PAGES),
    "programs:staff_overdue": Access(_none, STAFF_PAGES),
    "programs:staff_equipment_reserve": Access(_none, STAFF_PAGES),
    "programs:staff_loan": Access(pk("loan_a"), STAFF_PAGES),
    "programs:staff_receipt": Access(pk("receipt_loan"), STAFF_PAGES),
    "programs:staff_kinds": Access(_none, STAFF_PAGES),
    "programs:staff_kind_new": Access(_none, STAFF_PAGES),
    "programs:staff_kind_edit": Access(pk("kind"), STAFF_PAGES),
    "programs:staff_unit_edit": Access(pk("unit"), STAFF_PAGES),
    "programs:staff_unit_service": Access(pk("unit"), **post_only(STAFF_PAGES)),
    # --- programs: events and news --------------------------------------------------------------
    "programs:events_index": Access(_none, PUBLIC),
    "programs:my_events": Access(_none, MY_PAGE),
    "programs:my_event_cancel": Access(
        pk("signup_a"), **post_only(but(VOL_A_RECORD, rep_a=MISSING, rep_b=MISSING))
    ),
    "programs:event_detail": Access(pk("event"), PUBLIC),
    "programs:event_signup": Access(pk("event"), **post_only(PUBLIC)),
    "programs:event_flyer": Access(pk("event"), NOT_FOUND),
    "programs:event_ical": Access(pk("event"), PUBLIC),
    "programs:signup_status": Access(lambda w: {"token": w.signup_token}, PUBLIC),
    "programs:signup_cancel": Access(lambda w: {"token": w.signup_token}, **post_only(PUBLIC)),
    "programs:news_index": Access(_none, PUBLIC),
    "programs:news_detail": Access(pk("news"), PUBLIC),
    "programs:newsletter_index": Access(_none, PUBLIC),
    "programs:newsletter_pdf": Access(pk("newsletter"), NOT_FOUND),
    "programs:staff_events": Access(_none, STAFF_PAGES),
    "programs:staff_event_new": Access(_none, STAFF_PAGES),
    "programs:staff_event": Access(pk("event"), STAFF_PAGES),
    "programs:staff_event_edit": Access(pk("event"), STAFF_PAGES),
    "programs:staff_signup_cancel": Access(pk("signup_a"), **post_only(STAFF_PAGES)),
    "programs:staff_signup_called": Access(pk("signup_a"), **post_only(STAFF_PAGES)),
    "programs:staff_session_cancel": Access(pk("session"), **post_only(STAFF_PAGES)),
    "programs:staff_roster": Access(pk("session"), STAFF_PAGES),
    # --- plans ----------------------------------------------------------------------------------
    "plans:overview": Access(_none, PUBLIC),
    # Plan progress is public by design: aggregates only, never personal data.
    "plans:progress": Access(_none, PUBLIC),
    "plans:progress_print": Access(lambda w: {"fy": w.plan_year}, PUBLIC),
    "plans:progress_export": Access(lambda w: {"fy": w.plan_year, "fmt": "csv"}, PUBLIC),
    "plans:item": Access(pk("plan_item"), PUBLIC),
    "plans:evaluation": Access(pk("plan_item"), STAFF_PAGES),
    "plans:entry_create": Access(pk("target"), STAFF_PAGES),
    "plans:report": Access(lambda w: {"fy": w.plan_year}, STAFF_PAGES),
    "plans:report_xlsx": Access(lambda w: {"fy": w.plan_year}, STAFF_PAGES),
    "plans:copy_year": Access(_none, **post_only(STAFF_PAGES)),
    # --- what main gained beside the security branch: display switches, mail queue, imports --------
    "core:accessibility": Access(_none, PUBLIC),
    "core:furigana": Access(lambda w: {"state": "on"}, everyone(REDIRECT), post=everyone(GONE)),
    "core:language": Access(lambda w: {"code": "en"}, everyone(REDIRECT), post=everyone(GONE)),
    "core:mail_queue": Access(_none, STAFF_PAGES),
    "core:import_home": Access(_none, STAFF_PAGES),
    "core:import_template": Access(lambda w: {"kind": "volunteers"}, STAFF_PAGES, post=everyone(GONE)),
    "core:import_preview": Access(pk("import_log"), STAFF_PAGES),
    "core:import_cancel": Access(pk("import_log"), **post_only(STAFF_PAGES)),
    "core:import_progress": Access(pk("import_log"), STAFF_PAGES, post=everyone(GONE)),
    # --- privacy: policy versions and one's own data --------------------------------------------
    "volunteers:privacy_policy_version": Access(lambda w: {"slug": "2026-04"}, PUBLIC),
    "volunteers:my_data": Access(_none, but(MY_PAGE, rep_a=MISSING, rep_b=MISSING)),
    "volunteers:my_data_download": Access(
        lambda w: {"fmt": "csv"}, but(MY_PAGE, rep_a=MISSING, rep_b=MISSING)
    ),
    # --- committees -------------------------------------------------------------------------------
    "committees:index": Access(_none, PUBLIC),
    "committees:committee": Access(lambda w: {"key": w.committee.key}, PUBLIC),
    "committees:archive": Access(lambda w: {"key": w.committee.key}, PUBLIC),
    "committees:meeting": Access(pk("meeting"), PUBLIC),
    "committees:observe": Access(pk("upcoming_meeting"), PUBLIC),
    # Only the browser that applied sees its confirmation (the session holds it).
    "committees:observe_done": Access(_none, NOT_FOUND),
    # An unpublished material: current members and staff only; everyone else learns nothing (404).
    "committees:material": Access(
        pk("material_unpublished"), allow(COMMITTEE, STAFF, SUPER, others=MISSING, anon=MISSING)
    ),
    "committees:members_home": Access(_none, PLAN_PAGES),
    "committees:comment_add": Access(pk("plan_item"), **post_only(PLAN_PAGES)),
    "committees:comment_answer": Access(pk("plan_comment"), **post_only(STAFF_PAGES)),
    "committees:staff_home": Access(_none, STAFF_PAGES),
    "committees:staff_generate": Access(_none, **post_only(STAFF_PAGES)),
    "committees:staff_meeting": Access(pk("meeting"), STAFF_PAGES),
    "committees:staff_meeting_edit": Access(pk("meeting"), **post_only(STAFF_PAGES)),
    "committees:staff_meeting_cancel": Access(pk("meeting"), **post_only(STAFF_PAGES)),
    "committees:staff_agenda_add": Access(pk("meeting"), **post_only(STAFF_PAGES)),
    "committees:staff_agenda_delete": Access(pk("agenda_item"), **post_only(STAFF_PAGES)),
    "committees:staff_material_add": Access(pk("meeting"), **post_only(STAFF_PAGES)),
    "committees:staff_material_publish": Access(pk("material_unpublished"), **post_only(STAFF_PAGES)),
    "committees:staff_attendance": Access(pk("meeting"), **post_only(STAFF_PAGES)),
    "committees:staff_minutes": Access(pk("meeting"), **post_only(STAFF_PAGES)),
    "committees:staff_minutes_step": Access(
        lambda w: {"pk": w.meeting.pk, "step": "approve"}, **post_only(STAFF_PAGES)
    ),
    # The observer list holds names and contacts: staff only, not committee members.
    "committees:staff_observers": Access(pk("meeting"), STAFF_PAGES),
    # --- programs: school requests ----------------------------------------------------------------
    "programs:school_request_new": Access(_none, PUBLIC),
    "programs:school_request_thanks": Access(_none, PUBLIC),
    "programs:staff_school_requests": Access(_none, STAFF_PAGES),
    "programs:staff_school_request_new": Access(_none, STAFF_PAGES),
    "programs:staff_school_calendar": Access(_none, STAFF_PAGES),
    "programs:staff_school_request": Access(pk("school_request"), STAFF_PAGES),
    # --- programs: 夏！体験 -------------------------------------------------------------------------
    "programs:summer_index": Access(_none, PUBLIC),
    "programs:summer_apply": Access(_none, PUBLIC),
    "programs:summer_offer": Access(_none, PUBLIC),
    # Signed links (an applicant's status, a host's participant list): whoever holds the link.
    "programs:summer_status": Access(lambda w: {"token": w.summer_status_token}, PUBLIC),
    "programs:summer_host": Access(lambda w: {"token": w.summer_host_token}, PUBLIC),
    "programs:staff_summer": Access(_none, STAFF_PAGES),
    "programs:staff_summer_new": Access(_none, STAFF_PAGES),
    "programs:staff_summer_campaign": Access(pk("campaign"), STAFF_PAGES),
    "programs:staff_summer_offer": Access(pk("campaign"), STAFF_PAGES),
    "programs:staff_summer_run": Access(pk("campaign"), **post_only(STAFF_PAGES)),
    "programs:staff_summer_placements": Access(pk("campaign"), STAFF_PAGES),
    "programs:staff_summer_publish": Access(pk("campaign"), **post_only(STAFF_PAGES)),
    "programs:staff_summer_attendance": Access(pk("campaign"), STAFF_PAGES),
    "programs:staff_summer_review": Access(pk("summer_program"), **post_only(STAFF_PAGES)),
    # Replaying compares the recorded run with a new one (writes nothing) and goes back to the campaign.
    "programs:staff_summer_replay": Access(
        pk("summer_run"), but(STAFF_PAGES, staff=REDIRECT, superuser=REDIRECT)
    ),
    "programs:staff_summer_place": Access(pk("summer_application"), **post_only(STAFF_PAGES)),
    "programs:staff_summer_certificate": Access(pk("summer_placement"), STAFF_PAGES),
}
