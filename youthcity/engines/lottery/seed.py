"""Commitment, public value, seed and order keys: the byte encodings of docs §4–§5.

commitment = SHA-256(UTF-8(secret))                                   (hex, published first)
seed       = SHA-256(LP(ALGORITHM) ‖ LP(secret) ‖ LP(public value) ‖ list hash (32 bytes))
key(id)    = SHA-256(seed (32 bytes) ‖ UTF-8(id))

LP(s) is the UTF-8 bytes of ``s`` preceded by their length as a 4-byte big-endian integer, so
no two different (secret, value) pairs give the same byte string.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Sequence
from typing import Final

from .canonical import check_text
from .errors import LotteryError
from .model import ALGORITHM, SOURCE_KINDS

MIN_SECRET_BYTES: Final = 16
MAX_SECRET_CHARS: Final = 1024


def new_secret() -> str:
    """A fresh secret: 32 random bytes from the operating system, as 64 hex characters."""
    return secrets.token_hex(32)


def commit(secret: str) -> str:
    """The commitment to publish before applications close: SHA-256 of the secret, hex."""
    return hashlib.sha256(_secret_bytes(secret)).hexdigest()


def check_secret(secret: str, commitment: str) -> None:
    """Refuse a revealed secret that is malformed or does not match the commitment."""
    found = commit(secret)
    if found != commitment.lower():
        raise LotteryError("secret_mismatch", "secret", found=found, expected=commitment.lower())


def _secret_bytes(secret: str) -> bytes:
    check_text(secret, "秘密值", "The secret", "secret", MAX_SECRET_CHARS)
    data = secret.encode("utf-8")
    if len(data) < MIN_SECRET_BYTES:
        raise LotteryError("secret_too_short", "secret", min=MIN_SECRET_BYTES)
    return data


# --- public values: one writing per source kind ------------------------------------------------------

_NUMBER_SEPARATORS: Final = re.compile(r"[ ,.;:/|+\-\u3000\u3001\uff0c\uff1b\uff1a\u3002]+")
_DIGITS: Final = re.compile(r"[0-9]+")
_HEX: Final = re.compile(r"[0-9a-fA-F]+")


def _numbers(kind: str, value: str) -> str:
    # RFC 3797 writes each drawn number in decimal without leading zeros, followed by a period;
    # the order is kept as drawn (the source's name says which numbers, in which order).
    parts = [p for p in _NUMBER_SEPARATORS.split(value.strip(" \u3000")) if p != ""]
    if not parts or not all(_DIGITS.fullmatch(p) for p in parts):
        raise LotteryError(
            "bad_public_value",
            "public_value",
            value=value,
            kind=kind,
            reason_zh="只能含数字及空格、逗号、顿号、点等分隔符。",
            reason_en="only digits and separators (spaces, commas, full stops …) are allowed.",
        )
    return "".join(f"{int(p)}." for p in parts)


def _hex(kind: str, value: str) -> str:
    if not _HEX.fullmatch(value) or len(value) % 2:
        raise LotteryError(
            "bad_public_value",
            "public_value",
            value=value,
            kind=kind,
            reason_zh="须为偶数位的十六进制数字（信标输出值）。",
            reason_en="it must be an even number of hexadecimal digits (the beacon's output value).",
        )
    return value.lower()


def _text(kind: str, value: str) -> str:
    return value


#: How a public value of each source kind is written before it enters the seed. A new kind is
#: a new entry here (and in the document); existing kinds never change their writing.
PUBLIC_VALUE_FORMS: Final[dict[str, Callable[[str, str], str]]] = {
    "lottery": _numbers,
    "on_site": _numbers,
    "beacon": _hex,
    "text": _text,
}
assert set(PUBLIC_VALUE_FORMS) == set(SOURCE_KINDS)


def canonical_public_value(kind: str, value: str) -> str:
    """The public value as it enters the seed (e.g. lottery "03 12 25" → "3.12.25.")."""
    check_text(value, "公共随机值", "The public value", "public_value", MAX_SECRET_CHARS)
    form = PUBLIC_VALUE_FORMS.get(kind)
    if form is None:
        raise LotteryError("bad_public_source", "public_source.kind", allowed="、".join(SOURCE_KINDS))
    return form(kind, value)


# --- seed and keys ----------------------------------------------------------------------------------


def _lp(text: str) -> bytes:
    data = text.encode("utf-8")
    return len(data).to_bytes(4, "big") + data


def compute_seed(secret: str, public_value: str, list_hash: str) -> bytes:
    """The 32-byte seed from the revealed secret, the canonical public value and the list hash."""
    return hashlib.sha256(
        _lp(ALGORITHM) + _lp(secret) + _lp(public_value) + bytes.fromhex(list_hash)
    ).digest()


def order_key(seed: bytes, applicant_id: str) -> bytes:
    """An applicant's 32-byte key; turn order is ascending key."""
    return hashlib.sha256(seed + applicant_id.encode("utf-8")).digest()


def order_keys(seed: bytes, applicant_ids: Sequence[str]) -> list[bytes]:
    """:func:`order_key` for many ids."""
    sha256 = hashlib.sha256
    return [sha256(seed + identifier.encode("utf-8")).digest() for identifier in applicant_ids]
