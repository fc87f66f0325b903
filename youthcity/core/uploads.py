"""Checking uploaded files by what they contain, not by what they are called.

The type is read from the file's first bytes with the ``filetype`` library and must agree with
the name's extension; size is checked before anything is read. Used by application documents
(every domain) and ledger evidence.
"""

from __future__ import annotations

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
    return None
