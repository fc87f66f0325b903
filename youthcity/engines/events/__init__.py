"""Event door codes: a signed code bound to one event, printed as a QR code at the door, which a
young person scans on their phone to check themselves in. Pure Python (no Django).

A door code reads ``E<event id>-<mac>``: the event it was issued for, and the first 16 symbols of
HMAC-SHA256(secret, "door:<event id>") in Crockford base32 (80 bits). Reading a code gives one of:

* ``valid`` — the code was issued for this event;
* ``wrong_event`` — a genuine code of *another* event (its id is returned);
* ``invalid`` — malformed, or the mac does not match (typed wrong, forged, or an id edited).

Comparison is constant-time. Nobody can make a code for an event without the secret; a code
cannot be moved to another event by editing the id, because the mac covers it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["DoorCheck", "door_code", "read_door_code"]

_CROCKFORD = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
)
_SHAPE = re.compile(r"^E([0-9]{1,12})-([0-9A-Z]{16})$")
MAC_LENGTH = 16


def _mac(secret: bytes, event_id: int) -> str:
    digest = hmac.new(secret, f"door:{event_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().rstrip("=").translate(_CROCKFORD)[:MAC_LENGTH]


def door_code(secret: bytes, event_id: int) -> str:
    """The door code of ``event_id`` under ``secret``."""
    if event_id < 1:
        raise ValueError("event ids are positive")
    return f"E{event_id}-{_mac(secret, event_id)}"


def _normalise(text: str) -> str:
    raw = "".join(ch for ch in (text or "").upper().strip() if ch.isalnum() or ch == "-")
    if "-" not in raw:
        return raw
    head, _, mac = raw.partition("-")
    mac = mac.replace("-", "").replace("O", "0").replace("I", "1").replace("L", "1")
    return f"{head}-{mac}"


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
