import uuid

import pytest

from plans import metrics


@pytest.fixture(autouse=True)
def cold_aggregates(monkeypatch):
    """These tests count what computing the plans' numbers costs, so every batch starts with a cold aggregate cache
    (the cache of the sources' numbers itself is tested in tests/perf/test_page_cache.py and test_query_budgets.py)."""
    monkeypatch.setattr(metrics, "_aggregates_key", lambda: f"plans:aggregates:test:{uuid.uuid4().hex}")
