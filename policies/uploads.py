"""What the library accepts as a document file: a known format recognised by its content (magic bytes and, for
the zip-based formats, the parts inside), never by its name alone, within POLICY_UPLOAD_MAX_MB."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _

from .choices import PolicyFileKind

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# The part that tells each zip-based format apart from any other zip (or an .exe renamed .docx).
ZIP_MARKERS = {
    PolicyFileKind.DOCX: "word/document.xml",
    PolicyFileKind.XLSX: "xl/workbook.xml",
    PolicyFileKind.OFD: "OFD.xml",
}
EXTENSIONS = {kind.value: kind for kind in PolicyFileKind}
# Served with these types (and as attachments), whatever the uploader's browser claimed.
CONTENT_TYPES = {
    PolicyFileKind.PDF: "application/pdf",
    PolicyFileKind.OFD: "application/ofd",
    PolicyFileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PolicyFileKind.DOC: "application/msword",
    PolicyFileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PolicyFileKind.XLS: "application/vnd.ms-excel",
    PolicyFileKind.TXT: "text/plain; charset=utf-8",
}
# Text that is really a web page or a script is refused even when named .txt.
MARKUP_STARTS = (b"<!doctype", b"<html", b"<script", b"<?xml", b"<svg", b"<body", b"<head", b"<iframe")


def upload_limit_bytes() -> int:
    return settings.POLICY_UPLOAD_MAX_MB * 1024 * 1024


def too_large_message() -> str:
    return _("The file is larger than %(limit)s MB: it was not saved. Compress it or split it into parts.") % {
        "limit": settings.POLICY_UPLOAD_MAX_MB}


def not_a_document_message() -> str:
    return _("This file is not a document the library accepts (PDF, OFD, Word, Excel or plain text), "
             "or its content does not match its name: it was not saved.")


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed: its format, the file to store (text is stored as UTF-8) and the reader's name."""

    kind: PolicyFileKind
    content: object
    name: str
    size: int


def _head(uploaded, length: int = 2048) -> bytes:
    uploaded.seek(0)
    head = uploaded.read(length)
    uploaded.seek(0)
    return head


def _zip_has(uploaded, member: str) -> bool:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        uploaded.seek(0)


def _as_utf8_text(uploaded) -> bytes | None:
    """The text re-encoded as UTF-8 (it may come as UTF-8 or GB18030), or None when it is not plain text."""
    uploaded.seek(0)
    raw = uploaded.read()
    uploaded.seek(0)
    if b"\x00" in raw or raw.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(MARKUP_STARTS):
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding).encode("utf-8")
        except UnicodeDecodeError:
            continue
    return None


def _content_matches(kind: PolicyFileKind, uploaded) -> bool:
    head = _head(uploaded)
    if kind == PolicyFileKind.PDF:
        return head.startswith(b"%PDF-")
    if kind in (PolicyFileKind.DOC, PolicyFileKind.XLS):
        return head.startswith(OLE2_MAGIC)
    if kind in ZIP_MARKERS:
        return head.startswith(ZIP_MAGIC) and _zip_has(uploaded, ZIP_MARKERS[kind])
    return False


def check_upload(uploaded) -> CheckedUpload:
    """Accept a document file or refuse it with a clear message (raised as the `file` field's error)."""
    size = uploaded.size or 0
    if size > upload_limit_bytes():
        raise ValidationError({"file": too_large_message()})
    if size == 0:
        raise ValidationError({"file": _("The file is empty: it was not saved.")})
    name = (uploaded.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = EXTENSIONS.get(extension)
    if kind is None:
        raise ValidationError({"file": not_a_document_message()})
    if kind == PolicyFileKind.TXT:
        text = _as_utf8_text(uploaded)
        if text is None:
            raise ValidationError({"file": not_a_document_message()})
        return CheckedUpload(kind=kind, content=ContentFile(text), name=name, size=len(text))
    if not _content_matches(kind, uploaded):
        raise ValidationError({"file": not_a_document_message()})
    return CheckedUpload(kind=kind, content=uploaded, name=name, size=size)


class PolicyUploadLimitHandler(FileUploadHandler):
    """Stops reading a file part past POLICY_UPLOAD_MAX_MB, so an oversize upload is never written to disk.

    Django streams files of any size to a temporary file (FILE_UPLOAD_MAX_MEMORY_SIZE only decides memory or disk;
    DATA_UPLOAD_MAX_MEMORY_SIZE counts the other fields). This handler skips the file instead and marks the request,
    so the page answers with the form and the size message rather than an error page.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0
        self.request_too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A whole request far above the limit is flagged before a byte of it is read.
        self.request_too_large = content_length > upload_limit_bytes() + 1024 * 1024

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.request_too_large:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > upload_limit_bytes():
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _refuse(self):
        if self.request is not None:
            self.request.policy_upload_too_large = True
        raise SkipFile
