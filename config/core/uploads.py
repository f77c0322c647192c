"""Uploaded files checked by their own bytes: size, the browser's declared type and the magic bytes must agree.

Pillow is not installed, and a file's name or declared content type alone can be anything, so the first bytes decide.
Used by equipment photos and event flyers; newsletter PDFs too."""

import secrets
import zipfile

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP"}
PDF_TYPES = {"application/pdf": "PDF"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Committee materials: PDF, Excel and Word (xlsx/docx are ZIP archives; the part inside tells which).
DOCUMENT_TYPES = {"application/pdf": "PDF", XLSX_TYPE: "Excel（xlsx）", DOCX_TYPE: "Word（docx）"}
# The file name endings each type may carry, so a PDF cannot be offered for download as report.exe.
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    XLSX_TYPE: ".xlsx",
    DOCX_TYPE: ".docx",
}


def content_type_of(head: bytes) -> str | None:
    """The content type from the magic bytes (JPEG, PNG, WebP or PDF), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def office_type(upload) -> str | None:
    """XLSX or DOCX when the upload is a ZIP archive holding the workbook or document part, else None."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        names = set()
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return XLSX_TYPE
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX_TYPE
    return None


def image_type(head: bytes) -> str | None:
    """The content type of an image from its magic bytes, or None when it is not a JPEG, PNG or WebP."""
    found = content_type_of(head)
    return found if found in IMAGE_TYPES else None


def check_upload(upload, *, types: dict[str, str], max_bytes: int, what: str) -> str:
    """Raise a Japanese ValidationError unless the upload is one of `types` and at most `max_bytes`; return its type."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("%(what)sは%(max)sMB以下にしてください（いま%(size)sMBです）。")
            % {
                "what": what,
                "max": f"{max_bytes / 1024 / 1024:g}",
                "size": f"{upload.size / 1024 / 1024:.1f}",
            },
            code="upload_size",
        )
    declared = getattr(upload, "content_type", "") or ""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    actual = content_type_of(head)
    if actual is None and head.startswith(b"PK\x03\x04") and (XLSX_TYPE in types or DOCX_TYPE in types):
        actual = office_type(upload)
    if actual is None or actual not in types or declared != actual:
        kinds = "・".join(types.values())
        if all(name.startswith("image/") for name in types):
            message = _("%(what)sは%(kinds)sの画像ファイルを選んでください。")
        else:
            message = _("%(what)sは%(kinds)sのファイルを選んでください。")
        raise ValidationError(message % {"what": what, "kinds": kinds}, code="upload_type")
    return actual



@deconstructible
class RandomName:
    """`upload_to` for every FileField: a random name under `folder`, never the uploader's own file name
    (which may hold a person's name, or `../`), with the extension of what the bytes are."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        # The form has checked the bytes against the declared type; the name only carries a known extension.
        suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        ext = {"jpg": ".jpg", "jpeg": ".jpg", "png": ".png", "webp": ".webp", "pdf": ".pdf", "xlsx": ".xlsx", "docx": ".docx"}.get(suffix, "")
        return f"{self.folder}/{secrets.token_hex(16)}{ext}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def serve_upload(
    field_file,
    *,
    types: dict[str, str],
    download_name: str,
    cache: str = "private, max-age=0",
    attachment_name: str | None = None,
):
    """A stored upload through the storage API, with the type its own bytes say (404 when they are not one
    of `types`), a safe ASCII file name in Content-Disposition (inline), nosniff and the given caching.

    attachment_name: offer the file as a download under this (cleaned, possibly Japanese) name instead,
    encoded by Django's content_disposition_header (committee materials)."""
    from django.http import FileResponse, Http404
    from django.utils.http import content_disposition_header

    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = content_type_of(handle.read(16)) or office_type(handle)
    handle.seek(0)
    if content_type not in types:
        handle.close()
        raise Http404
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in download_name)[:60] or "file"
    response = FileResponse(handle, content_type=content_type, filename=f"{safe}{EXTENSIONS[content_type]}")
    if attachment_name:
        response["Content-Disposition"] = content_disposition_header(True, attachment_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache
    return response
