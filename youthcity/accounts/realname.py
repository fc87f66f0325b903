"""Real-name verification (实名核验) of a resident ID number: pluggable, like the SMS backend.

Configure with ``REALNAME_BACKEND`` (a dotted path); :class:`ConsoleRealNameBackend` by default.
``accounts.services.identity_number_record`` calls it before an ID number is recorded.

A provider backend (the public-security identity service a city contracts, e.g. through its
government service platform) subclasses :class:`BaseRealNameBackend` and implements ``verify``:

- it receives the normalised 18-character number (the GB 11643 check digit is already verified)
  and the person's name as on file (may be empty);
- it returns a :class:`RealNameResult`: ``ok=True`` when the provider confirms the number (and the
  name, when given) belong to a living person, ``ok=False`` with a short ``reason`` code otherwise
  (``mismatch``, ``not_found``, ``invalid``) — the person sees one clear refusal, never the code;
- it raises :class:`RealNameUnavailable` when the provider cannot answer (timeout, quota), which
  becomes a 503 "try again later";
- it must never log or keep the full number or name: use :func:`mask_id_number` / :func:`mask_name`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.utils.module_loading import import_string

from youthcity.core.masking import mask_id_number, mask_name

from .models import id_number_is_valid

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RealNameResult:
    ok: bool
    reason: str = ""  # mismatch | not_found | invalid (logged, never shown)


class RealNameUnavailable(Exception):
    """The provider could not answer; the caller refuses with 503."""


class BaseRealNameBackend:
    def verify(self, *, id_number: str, name: str) -> RealNameResult:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleRealNameBackend(BaseRealNameBackend):
    """Development default: accepts any number with a valid GB 11643 check digit and logs a masked
    line (no provider is asked; a production deployment configures a real backend)."""

    def verify(self, *, id_number: str, name: str) -> RealNameResult:
        result = RealNameResult(True) if id_number_is_valid(id_number) else RealNameResult(False, "invalid")
        logger.info(
            "[real-name check] %s %s -> %s",
            mask_id_number(id_number),
            mask_name(name) or "-",
            "accepted" if result.ok else f"refused ({result.reason})",
        )
        return result


class LocmemRealNameBackend(ConsoleRealNameBackend):
    """For tests: remembers the masked requests and refuses the numbers in ``refuse``."""

    requests: ClassVar[list[tuple[str, str]]] = []
    refuse: ClassVar[set[str]] = set()
    unavailable: ClassVar[bool] = False

    def verify(self, *, id_number: str, name: str) -> RealNameResult:
        self.requests.append((mask_id_number(id_number), mask_name(name)))
        if self.unavailable:
            raise RealNameUnavailable("test: provider down")
        if id_number in self.refuse:
            return RealNameResult(False, "mismatch")
        return super().verify(id_number=id_number, name=name)


def get_realname_backend() -> BaseRealNameBackend:
    return import_string(settings.REALNAME_BACKEND)()
