"""SMS backends. Configure with ``SMS_BACKEND`` (a dotted path); console by default.

A production backend subclasses :class:`BaseSmsBackend` and talks to the city's SMS gateway.
"""

from __future__ import annotations

import logging
import sys
from typing import ClassVar

from django.conf import settings
from django.utils.module_loading import import_string

from .masking import mask_phone

logger = logging.getLogger(__name__)


class BaseSmsBackend:
    def send(self, phone: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Writes messages to stdout, like Django's console e-mail backend; the number is masked
    (138****1234): logs never hold a full phone number."""

    def send(self, phone: str, text: str) -> None:
        sys.stdout.write(f"[SMS to {mask_phone(phone)}] {text}\n")


class LocmemSmsBackend(BaseSmsBackend):
    """Keeps messages in memory for tests (``LocmemSmsBackend.outbox``)."""

    outbox: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
