"""The yearly counts the plans reuse: one aggregate query each, counted by fiscal year (1 April – 31 March)."""

import datetime

import pytest

from volunteers import selectors

from .factories import GroupRegistrationFactory, VolunteerFactory, VolunteerGroupFactory

pytestmark = pytest.mark.django_db
FY = 2020


def test_new_registrations_count_approvals_in_the_fiscal_year(base_data, django_assert_num_queries):
    VolunteerFactory(status="registered", registered_on=datetime.date(2020, 4, 1))
    VolunteerFactory(status="registered", registered_on=datetime.date(2021, 3, 31))
    VolunteerFactory(
        status="withdrawn", registered_on=datetime.date(2020, 6, 1), withdrawn_on=datetime.date(2020, 9, 1)
    )
    VolunteerFactory(status="registered", registered_on=datetime.date(2020, 3, 31))  # fiscal 2019
    VolunteerFactory(status="registered", registered_on=datetime.date(2021, 4, 1))  # fiscal 2021
    VolunteerFactory()  # still 仮登録
    with django_assert_num_queries(1):
        assert selectors.new_registrations(FY) == 3
    assert selectors.new_registrations(2019) == 1


def test_active_volunteers_counts_individuals_and_group_members(base_data, django_assert_num_queries):
    VolunteerFactory(
        status="registered", registered_on=datetime.date(2018, 5, 1)
    )  # registered years ago, still active
    VolunteerFactory(status="registered", registered_on=datetime.date(2021, 3, 1))
    VolunteerFactory(
        status="withdrawn", registered_on=datetime.date(2019, 5, 1), withdrawn_on=datetime.date(2020, 5, 1)
    )  # active part of the year
    VolunteerFactory(
        status="withdrawn", registered_on=datetime.date(2018, 5, 1), withdrawn_on=datetime.date(2020, 3, 1)
    )  # gone before
    VolunteerFactory(status="registered", registered_on=datetime.date(2021, 4, 2))  # after the year
    VolunteerFactory(status="suspended", registered_on=datetime.date(2019, 5, 1))
    VolunteerFactory()
    GroupRegistrationFactory(fiscal_year=FY, members_count=12)
    GroupRegistrationFactory(fiscal_year=FY, members_count=30)
    GroupRegistrationFactory(fiscal_year=FY, members_count=99, status="applied")
    GroupRegistrationFactory(fiscal_year=FY - 1, members_count=50)
    with django_assert_num_queries(2):
        counts = selectors.active_volunteers(FY)
    assert counts == (3, 42) and counts.total == 45
    assert selectors.active_volunteers(1990) == (0, 0)


def test_registered_groups_counts_approved_registrations_of_the_year(base_data, django_assert_num_queries):
    group = VolunteerGroupFactory()
    GroupRegistrationFactory(group=group, fiscal_year=FY)
    GroupRegistrationFactory(group=group, fiscal_year=FY - 1)
    GroupRegistrationFactory(fiscal_year=FY)
    GroupRegistrationFactory(fiscal_year=FY, status="applied")
    GroupRegistrationFactory(fiscal_year=FY, status="rejected")
    with django_assert_num_queries(1):
        assert selectors.registered_groups(FY) == 2
    assert selectors.registered_groups(FY - 1) == 1
