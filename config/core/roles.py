"""Who may do what: the four roles (Django groups created by a migration) and what each may do.

Views ask `can(user, "capability")` or use `@capability_required("capability")`; no view names a
role directly, so changing who may do what is an edit to CAPABILITIES alone.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

STAFF = "職員"
COMMITTEE = "運営委員"
VOLUNTEER = "ボランティア"
GROUP_REP = "団体代表者"
# Given to the staff members who download rosters (名簿) of personal data; not every staff member needs it.
EXPORTER = "名簿出力"
ROLES = (STAFF, COMMITTEE, VOLUNTEER, GROUP_REP, EXPORTER)

CAPABILITIES: dict[str, frozenset[str]] = {
    # Staff pages: people, groups, consultations, coordination, bookings, exports.
    "staff_pages": frozenset({STAFF}),
    # The Django admin (also needs is_staff on the account, which staff accounts have).
    "admin_site": frozenset({STAFF}),
    # Personal data of volunteers, requesters and group members.
    "personal_data": frozenset({STAFF}),
    # Downloading rosters of personal data (CSV/Excel); each download is logged (config.core.exports).
    "personal_data_export": frozenset({EXPORTER}),
    # Plan progress pages and per-item comments: aggregates only, never personal data.
    "plan_progress": frozenset({STAFF, COMMITTEE}),
    "committee_pages": frozenset({STAFF, COMMITTEE}),
    # My page (マイページ): one's own profile, introductions, bookings.
    "my_page": frozenset({VOLUNTEER, GROUP_REP}),
    # Acting for a registered group: room bookings, lockers, equipment.
    "group_pages": frozenset({GROUP_REP}),
}


# Conditions a role holds only while they are true, registered by the app that knows them in its AppConfig.ready()
# (committees: a 運営委員 counts only while one of their terms runs), so core never names that app.
ROLE_CONDITIONS: dict[str, Callable] = {}


def roles_of(user) -> frozenset[str]:
    """The role names of a user, read once per request object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached |= {STAFF, EXPORTER}
        for role, holds in ROLE_CONDITIONS.items():
            if role in cached and not holds(user):
                cached -= {role}
        user._role_names = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def can(user, capability: str) -> bool:
    return bool(roles_of(user) & CAPABILITIES[capability])


# Where each role's work is, most specific first: the page a user lands on after logging in.
LANDING = (
    (STAFF, "volunteers:staff_home"),
    (VOLUNTEER, "volunteers:mypage"),
    (GROUP_REP, "volunteers:mypage"),
    (COMMITTEE, "committees:members_home"),
)


def landing_url_name(user) -> str:
    """The URL name of the page this user's work starts from; the top page when no role has one."""
    names = roles_of(user)
    for role, url_name in LANDING:
        if role in names:
            return url_name
    return "core:home"


def capability_required(capability: str) -> Callable:
    """View decorator: anonymous visitors go to the login page; logged-in users without it get 403."""
    if capability not in CAPABILITIES:
        raise KeyError(capability)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def create_roles(group_model) -> None:
    """Create the role groups; used by the data migrations and by test fixtures."""
    for name in ROLES:
        group_model.objects.get_or_create(name=name)


# Apps whose models staff manage in the admin. Users and roles themselves stay with superusers.
# axes: staff unlock a locked-out login by deleting its アクセス試行 (AccessAttempt) row.
STAFF_ADMIN_APPS = ("core", "volunteers", "programs", "plans", "committees", "axes")


def grant_staff_permissions(sender=None, **kwargs) -> None:
    """Give the 職員 role every permission on the center's own models (run after migrate).

    post_migrate is sent once per installed app, so this runs a dozen times per migrate (and per flush of a
    transactional test): it reads only the permissions the role lacks, and writes only when there are some."""
    from django.contrib.auth.models import Group, Permission

    staff, _ = Group.objects.get_or_create(name=STAFF)
    missing = list(
        Permission.objects.filter(content_type__app_label__in=STAFF_ADMIN_APPS).exclude(group=staff)
    )
    if missing:
        staff.permissions.add(*missing)
