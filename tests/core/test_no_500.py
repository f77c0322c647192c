"""The suite's own guard: a 500 answered during a test fails that test (tests/conftest.py)."""

import pytest
from django.http import HttpResponseServerError
from django.test import RequestFactory
from django.utils.log import log_response


@pytest.mark.allows_500
def test_a_500_is_collected_by_the_guard(_no_server_errors):
    request = RequestFactory().get("/broken/")
    log_response(
        "Internal Server Error: %s", request.path, response=HttpResponseServerError(), request=request
    )
    assert [r.status_code for r in _no_server_errors.records] == [500]


def test_a_404_is_not_a_server_error(client, db, _no_server_errors):
    assert client.get("/no-such-page/").status_code == 404
    assert _no_server_errors.records == []
