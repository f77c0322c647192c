"""10,000 participants of 100 events preview and import within a minute (the issue's bar, on the 2-core machine).

Slow by nature, so it runs when IMPORT_SPEED=1 is set; the figure is printed."""

import datetime
import os
import time

import pytest

from config.core import imports
from programs.models import Event, EventSignup
from tests.volunteers.test_imports import csv_upload
from tests.volunteers.test_imports_speed import kana_name

from .event_factories import event_type
from .test_event_imports import HEADERS

ROWS = 10_000
EVENTS = 100


def rows(count: int) -> list[list[str]]:
    out = []
    for i in range(count):
        n = i % EVENTS
        kana = kana_name(i)
        out.append(
            [
                f"ボランティア講座 第{n + 1}回",
                f"{datetime.date(2025, 4, 1) + datetime.timedelta(days=3 * n):%Y/%m/%d}",
                "10:00",
                "12:00",
                "ボランティアはじめて講座",
                "田無総合福祉センター",
                "120",
                "",
                f"山田 {kana}",
                f"ヤマダ {kana}",
                "",
                f"042-46{i % 10}-{1000 + i % 9000:04d}",
                f"p{i}@example.jp",
                "1",
                "参加",
                "○" if i % 3 else "",
            ]
        )
    return out


@pytest.mark.skipif(not os.environ.get("IMPORT_SPEED"), reason="set IMPORT_SPEED=1 to time 10,000 rows")
@pytest.mark.django_db
def test_ten_thousand_participants_preview_and_import_within_a_minute(staff):
    event_type("course-beginner")
    upload = csv_upload(HEADERS, rows(ROWS))
    start = time.monotonic()
    log = imports.preview_upload(importer=imports.get_importer("events"), upload=upload, by=staff)
    previewed = time.monotonic()
    imports.import_file(log=log, by=staff)
    done = time.monotonic()
    print(
        f"\n10,000 participants: preview {previewed - start:.1f} s, import {done - previewed:.1f} s, total {done - start:.1f} s"
    )
    assert log.preview["create"] == ROWS, log.preview["listed"][:3]
    assert Event.objects.count() == EVENTS and EventSignup.objects.count() == ROWS
    assert done - start < 60
