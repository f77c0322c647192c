"""The `base_data` fixture skips create_base_data when every row it would get or create is there already
(tests/conftest.py `base_data_present`): that must mean create_base_data would write nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.core.models import FuriganaWord
from tests.conftest import base_data_present, create_base_data


@pytest.mark.django_db
def test_with_the_migrations_rows_present_create_base_data_writes_nothing():
    assert base_data_present()
    with CaptureQueriesContext(connection) as queries:
        create_base_data()
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert not writes


@pytest.mark.django_db
def test_one_missing_row_makes_the_fixture_create_the_base_data():
    FuriganaWord.objects.filter(surface="田無").delete()
    assert not base_data_present()
    create_base_data()
    assert base_data_present()
