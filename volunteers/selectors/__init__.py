"""Reads of the volunteers app, by subject; other apps and the views use them as `selectors.<name>`.

- counts: the yearly numbers the plans read (new_registrations, introductions, …)
- people, groups, coordination, consultations: per-user look-ups (get_X_for_user) and the lists
- candidates: the candidate search for a request
- history: what happened to a record
- notices: the staff phone/post list

`from volunteers import selectors; selectors.new_registrations(fy)` is the stable spelling: the names
below are re-exported here so the modules can move without other apps noticing.
"""

from .candidates import CandidateCriteria, candidate_reasons, group_candidates, volunteer_candidates
from .consultations import filter_consultations, get_consultation_for_user, open_follow_ups
from .coordination import (
    PUBLIC_REQUEST_FIELDS,
    applications_waiting,
    filter_requests,
    get_introduction_for_user,
    get_published_request,
    get_request_for_user,
    has_applied,
    introducee_or_404,
    introductions_for_volunteer,
    published_requests,
    request_introductions,
)
from .counts import (
    ActiveVolunteers,
    active_volunteers,
    consultations,
    coordination_staff_counts,
    introduction_success_rate,
    introductions,
    new_registrations,
    registered_groups,
)
from .groups import (
    GroupRenewal,
    directory_groups,
    filter_groups,
    get_group_for_user,
    group_registrations,
    group_renewal,
    groups_represented_by,
    introductions_for_group,
    pending_group_registrations,
    renewal_opens_on,
    search_directory,
)
from .history import HistoryEvent, record_history, request_history
from .notices import pending_manual_notices
from .people import (
    filter_volunteers,
    get_volunteer_for_user,
    own_volunteer,
    pending_volunteers,
    possible_duplicates,
    registered_volunteer_of,
)

__all__ = [
    "active_volunteers",
    "ActiveVolunteers",
    "applications_waiting",
    "candidate_reasons",
    "CandidateCriteria",
    "consultations",
    "coordination_staff_counts",
    "directory_groups",
    "filter_consultations",
    "filter_groups",
    "filter_requests",
    "filter_volunteers",
    "get_consultation_for_user",
    "get_group_for_user",
    "get_introduction_for_user",
    "get_published_request",
    "get_request_for_user",
    "get_volunteer_for_user",
    "group_candidates",
    "group_registrations",
    "group_renewal",
    "GroupRenewal",
    "groups_represented_by",
    "has_applied",
    "HistoryEvent",
    "introducee_or_404",
    "introduction_success_rate",
    "introductions",
    "introductions_for_group",
    "introductions_for_volunteer",
    "new_registrations",
    "open_follow_ups",
    "own_volunteer",
    "pending_group_registrations",
    "pending_manual_notices",
    "pending_volunteers",
    "possible_duplicates",
    "PUBLIC_REQUEST_FIELDS",
    "published_requests",
    "record_history",
    "registered_groups",
    "registered_volunteer_of",
    "renewal_opens_on",
    "request_history",
    "request_introductions",
    "search_directory",
    "volunteer_candidates",
]
