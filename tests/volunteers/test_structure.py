"""The volunteers app's layout: reads in the selectors package, views that import no other view module."""

import ast
import pathlib

import volunteers
from volunteers import selectors

VIEWS = pathlib.Path(volunteers.__file__).parent / "views"


def test_a_view_module_imports_no_other_view_module():
    """Shared view code lives in views/_shared.py; a view reaching into another view's helpers is a hidden coupling."""
    modules = {p.stem for p in VIEWS.glob("*.py")} - {"__init__", "_shared"}
    for path in VIEWS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                imported = (node.module or "").split(".")[0]
                names = {alias.name for alias in node.names}
                assert imported not in modules and not (names & modules), (
                    f"{path.name} imports {imported or names}"
                )


def test_the_selectors_package_keeps_the_names_other_apps_use():
    for name in (
        "new_registrations",
        "active_volunteers",
        "registered_groups",
        "introductions",
        "introduction_success_rate",
        "consultations",
        "get_group_for_user",
        "get_volunteer_for_user",
    ):
        assert callable(getattr(selectors, name)), name
    assert set(selectors.__all__) <= set(dir(selectors))
