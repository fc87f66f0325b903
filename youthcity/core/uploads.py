"""Checking uploaded files by what they contain, not by what they are called.

The type is read from the file's first bytes with the ``filetype`` library and must agree with
the name's extension; size is checked before anything is read. Used by application documents
(every domain) and ledger evidence.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# kind → (extensions, MIME type the content must have, label shown to people)
KINDS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "pdf": ((".pdf",), "application/pdf", "PDF"),
    "jpeg": ((".jpg", ".jpeg"), "image/jpeg", "JPG"),
    "png": ((".png",), "image/png", "PNG"),
    "docx": ((".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)"),
    "xlsx": ((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (.xlsx)"),
}
ZIP_KINDS = ("docx", "xlsx")  # Office files are zip archives: bounded by what they expand to
MAX_EXPANDED_XML_BYTES = 20 * 1024 * 1024
MAX_EXPANDED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
HEAD_BYTES = 8192  # enough for filetype to recognise an Office document inside its zip


@dataclass(frozen=True)
class UploadRules:
    kinds: tuple[str, ...] = ("pdf", "jpeg", "png")
    max_bytes: int = 5 * 1024 * 1024

    def kind_of(self, name: str) -> str | None:
        suffix = PurePath(name or "").suffix.lower()
        return next((k for k in self.kinds if suffix in KINDS[k][0]), None)

    def content_type(self, name: str) -> str:
        kind = self.kind_of(name)
        return KINDS[kind][1] if kind else "application/octet-stream"

    def labels(self) -> str:
        return "、".join(KINDS[k][2] for k in self.kinds)


DOCUMENTS = UploadRules()
EVIDENCE = UploadRules(kinds=("pdf", "jpeg", "png", "docx", "xlsx"), max_bytes=10 * 1024 * 1024)


def sniff(head: bytes) -> str | None:
    """The MIME type the content shows, or None when it is not a type we know."""
    guess = filetype.guess(head)
    return guess.mime if guess else None


def upload_problem(upload, rules: UploadRules = DOCUMENTS) -> str | None:
    """Why ``upload`` cannot be accepted (type, emptiness, size, content), or None."""
    name = PurePath(upload.name or "").name
    kind = rules.kind_of(name)
    if kind is None:
        return _("“%(name)s” is not an accepted file type. Upload %(types)s files.") % {
            "name": name, "types": rules.labels()}
    if not upload.size:
        return _("“%(name)s” is empty.") % {"name": name}
    if upload.size > rules.max_bytes:
        return _("“%(name)s” is larger than %(size)s.") % {"name": name, "size": filesizeformat(rules.max_bytes)}
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if sniff(head) != KINDS[kind][1]:
        return _("The content of “%(name)s” is not a %(type)s file.") % {"name": name, "type": KINDS[kind][2]}
    if kind in ZIP_KINDS:
        return zip_problem(upload)
    return None


def zip_problem(upload) -> str | None:
    """Why an Office file (a zip) cannot be opened safely: it expands past the bounds (a zip bomb)
    or has too many parts. Reads only the zip directory, never inflates anything."""
    name = PurePath(getattr(upload, "name", "") or "").name or _("The file")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        data = upload if isinstance(upload, bytes) else upload.read()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip: the caller's own reading says what is wrong with it
    finally:
        if hasattr(upload, "seek"):
            upload.seek(position)
    xml = sum(i.file_size for i in infos if "/media/" not in i.filename)
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_ZIP_ENTRIES or xml > MAX_EXPANDED_XML_BYTES or total > MAX_EXPANDED_BYTES:
        return _("“%(name)s” expands to more than %(size)s when opened, or has too many parts. "
                 "Remove images or other content and upload it again.") % {
            "name": name, "size": filesizeformat(MAX_EXPANDED_XML_BYTES)}
    return None
