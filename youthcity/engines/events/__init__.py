"""Signed check-in codes, pure Python (no Django). Two kinds share one signing scheme:

* a **door code** ``E<event id>-<mac>``, bound to one event, printed as a QR code at the door,
  which a young person scans on their phone to check themselves in (community events);
* a **ticket** ``<prefix><group id>-<item id>-<mac>``, bound to one sign-up (``item``) of one
  occasion (``group``), shown as a QR code on the young person's phone, which staff scan at the
  door (job fairs: ``F<fair id>-<sign-up id>-…``).

The mac is the first 16 symbols of HMAC-SHA256(secret, message) in Crockford base32 (80 bits);
the message names the purpose and every id (``door:<event id>``,
``<purpose>:<group id>:<item id>``). Reading a code gives one of:

* ``valid`` — the code was issued for this event / occasion;
* ``wrong_event`` — a genuine code of *another* event / occasion (its id is returned);
* ``invalid`` — malformed, or the mac does not match (typed wrong, forged, or an id edited).

Comparison is constant-time. Nobody can make a code without the secret; a code cannot be moved
to another event, occasion or sign-up by editing an id, because the mac covers them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["DoorCheck", "TicketCheck", "door_code", "read_door_code", "read_ticket", "ticket"]

_CROCKFORD = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
)
_SHAPE = re.compile(r"^E([0-9]{1,12})-([0-9A-Z]{16})$")
MAC_LENGTH = 16


def _sign(secret: bytes, message: str) -> str:
    digest = hmac.new(secret, message.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().rstrip("=").translate(_CROCKFORD)[:MAC_LENGTH]


def _mac(secret: bytes, event_id: int) -> str:
    return _sign(secret, f"door:{event_id}")


def door_code(secret: bytes, event_id: int) -> str:
    """The door code of ``event_id`` under ``secret``."""
    if event_id < 1:
        raise ValueError("event ids are positive")
    return f"E{event_id}-{_mac(secret, event_id)}"


def _clean(text: str) -> str:
    return "".join(ch for ch in (text or "").upper().strip() if ch.isalnum() or ch == "-")


def _plain_mac(mac: str) -> str:
    return mac.replace("-", "").replace("O", "0").replace("I", "1").replace("L", "1")


def _normalise(text: str) -> str:
    raw = _clean(text)
    if "-" not in raw:
        return raw
    head, _, mac = raw.partition("-")
    return f"{head}-{_plain_mac(mac)}"


def _normalise_ticket(text: str) -> str:
    """``F12-345-ABCD-EFGH-…`` → ``F12-345-ABCDEFGH…`` (the mac may be typed in groups)."""
    parts = _clean(text).split("-", 2)
    if len(parts) < 3:
        return "-".join(parts)
    return f"{parts[0]}-{parts[1]}-{_plain_mac(parts[2])}"


@dataclass(frozen=True)
class DoorCheck:
    status: Literal["valid", "wrong_event", "invalid"]
    event_id: int | None = None  # the event the code was issued for (valid or wrong_event)


def read_door_code(secret: bytes, text: str, event_id: int) -> DoorCheck:
    """Check ``text`` (as scanned or typed; case, spaces and O/I/L look-alikes ignored) against
    the door of ``event_id``."""
    m = _SHAPE.match(_normalise(text))
    if not m:
        return DoorCheck("invalid")
    issued_for = int(m.group(1))
    if issued_for < 1 or not hmac.compare_digest(m.group(2), _mac(secret, issued_for)):
        return DoorCheck("invalid")
    if issued_for != event_id:
        return DoorCheck("wrong_event", issued_for)
    return DoorCheck("valid", issued_for)


# --- tickets: one code per sign-up ---------------------------------------------------------------

_PREFIX = re.compile(r"^[A-Z]$")
_PURPOSE = re.compile(r"^[a-z][a-z0-9_.]{0,39}$")


def _ticket_shape(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^{prefix}([0-9]{{1,12}})-([0-9]{{1,12}})-([0-9A-Z]{{{MAC_LENGTH}}})$")


def _check_kind(purpose: str, prefix: str) -> None:
    if not _PURPOSE.match(purpose) or not _PREFIX.match(prefix):
        raise ValueError("a purpose is a lower-case word, a prefix one capital letter")


def ticket(secret: bytes, purpose: str, prefix: str, group_id: int, item_id: int) -> str:
    """The ticket of sign-up ``item_id`` of occasion ``group_id``, e.g. ``F12-345-…``."""
    _check_kind(purpose, prefix)
    if group_id < 1 or item_id < 1:
        raise ValueError("ids are positive")
    return f"{prefix}{group_id}-{item_id}-{_sign(secret, f'{purpose}:{group_id}:{item_id}')}"


@dataclass(frozen=True)
class TicketCheck:
    status: Literal["valid", "wrong_event", "invalid"]
    group_id: int | None = None  # the occasion the ticket was issued for (valid or wrong_event)
    item_id: int | None = None  # the sign-up it was issued for (valid or wrong_event)


def read_ticket(secret: bytes, purpose: str, prefix: str, text: str, group_id: int) -> TicketCheck:
    """Check ``text`` (as scanned or typed; case, spaces and O/I/L look-alikes in the mac
    ignored) as a ticket for occasion ``group_id``."""
    _check_kind(purpose, prefix)
    m = _ticket_shape(prefix).match(_normalise_ticket(text))
    if not m:
        return TicketCheck("invalid")
    issued_for, item = int(m.group(1)), int(m.group(2))
    if issued_for < 1 or item < 1:
        return TicketCheck("invalid")
    if not hmac.compare_digest(m.group(3), _sign(secret, f"{purpose}:{issued_for}:{item}")):
        return TicketCheck("invalid")
    if issued_for != group_id:
        return TicketCheck("wrong_event", issued_for, item)
    return TicketCheck("valid", issued_for, item)
