import pytest

from config.core.dates import current_fiscal_year
from tests.volunteers.factories import GroupRegistrationFactory, registered_group

from .factories import make_room, rules


@pytest.fixture
def room(tanashi):
    rules(tanashi, max_days_ahead=365)
    return make_room(tanashi)


@pytest.fixture
def group(group_rep_user):
    group = registered_group(name="西東京ひばりの会", representative=group_rep_user)
    GroupRegistrationFactory(group=group, fiscal_year=current_fiscal_year() + 1)
    return group


@pytest.fixture
def other_group(db):
    group = registered_group(name="田無手話サークル")
    GroupRegistrationFactory(group=group, fiscal_year=current_fiscal_year() + 1)
    return group
