"""Records for the committees tests: meetings, members with terms, uploads made of real bytes."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from committees.models import Committee, CommitteeMember, Meeting
from config.core.uploads import DOCX_TYPE, XLSX_TYPE
from tests.conftest import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def operating() -> Committee:
    return Committee.objects.get(key="operating-committee")


def make_meeting(*, committee=None, date=None, seat_limit=5, observe_until=None, **extra) -> Meeting:
    committee = committee or operating()
    date = date or datetime.date.today() + datetime.timedelta(days=30)
    return Meeting.objects.create(
        committee=committee,
        date=date,
        start_time=datetime.time(18, 30),
        end_time=datetime.time(20, 0),
        venue="田無総合福祉センター4階 第三会議室",
        seat_limit=seat_limit,
        observe_until=observe_until or date - datetime.timedelta(days=3),
        **extra,
    )


def make_member(
    username: str,
    *,
    term_start=datetime.date(2020, 4, 1),
    term_end=None,
    committee=None,
    role="member",
    **extra,
):
    from config.core import roles

    user = make_user(username, roles.COMMITTEE, last_name=username, first_name="委員")
    member = CommitteeMember.objects.create(
        committee=committee or operating(),
        user=user,
        name=f"{username} 委員",
        furigana="イイン",
        organisation=extra.pop("organisation", "西東京市社会福祉協議会"),
        role=role,
        term_start=term_start,
        term_end=term_end,
    )
    return user, member


def pdf_upload(name="資料.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_upload(name="予算.xlsx"):
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    return SimpleUploadedFile(name, data, content_type=XLSX_TYPE)


def docx_upload(name="報告.docx"):
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"})
    return SimpleUploadedFile(name, data, content_type=DOCX_TYPE)
