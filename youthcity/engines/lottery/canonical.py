"""Canonical forms: JSON bytes, decimal strings, and the text rule every name obeys.

These are the byte-level definitions of docs/algorithms/housing-lottery.md §2; anything that is
hashed goes through here, so a re-implementation only has to match these three functions.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from .errors import LotteryError

#: Control characters are refused in every text value, so canonical JSON never needs an escape
#: other than ``\"`` and ``\\`` (see :func:`canonical_json`).
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_PLAIN_DECIMAL: Final = re.compile(r"-?[0-9]+(\.[0-9]+)?")
MAX_NAME_CHARS: Final = 200


def canonical_json(value: Any, presorted: bool = False) -> bytes:
    """The canonical JSON bytes of ``value`` (RFC 8785 for documents without floats).

    Object keys sorted, no whitespace, UTF-8 without ``\\u`` escapes for non-ASCII. Only
    strings, integers, booleans, null, arrays and objects are allowed; the engine never puts a
    float in a document (decimals travel as canonical strings). ``presorted=True`` skips
    sorting for documents built with their keys inserted in sorted order (faster; same bytes).
    """
    return json.dumps(
        value, ensure_ascii=False, sort_keys=not presorted, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def canonical_decimal(value: Any, field: str, field_en: str, path: str) -> str:
    """``value`` (int, Decimal or plain decimal string) as a canonical decimal string.

    Canonical: no exponent, no leading zeros, no trailing fractional zeros, no ``-0``
    ("045.50" → "45.5", "-0.0" → "0"). Floats are refused: their decimal meaning is ambiguous.
    """
    number: Decimal
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise LotteryError("bad_number", path, field=field, field_en=field_en, value=_show(value))
    if isinstance(value, str):
        if len(value) > 40 or not _PLAIN_DECIMAL.fullmatch(value):
            raise LotteryError("bad_number", path, field=field, field_en=field_en, value=_show(value))
        number = Decimal(value)
    elif isinstance(value, int):
        number = Decimal(value)
    else:
        number = value
    try:
        if not number.is_finite():
            raise InvalidOperation
        text = format(number, "f")
    except (InvalidOperation, ValueError):
        raise LotteryError("bad_number", path, field=field, field_en=field_en, value=_show(value)) from None
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    negative = text.startswith("-")
    digits = text.lstrip("-").lstrip("0")
    if digits == "" or digits.startswith("."):
        digits = "0" + digits
    if digits == "0":
        return "0"
    if len(digits) > 40:
        raise LotteryError("bad_number", path, field=field, field_en=field_en, value=_show(value))
    return ("-" if negative else "") + digits


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:39] + "…"


_TEXT_REASONS: Final[dict[str, tuple[str, str]]] = {
    "type": ("必须是文字。", "it must be text."),
    "empty": ("不能为空。", "it cannot be empty."),
    "control": ("不能含控制字符（如换行、制表符）。", "it cannot contain control characters (line breaks, tabs …)."),
    "surrogate": ("含有无效的 Unicode 字符。", "it contains an invalid Unicode character."),
}


def text_error(reason: str, field: str, field_en: str, path: str) -> LotteryError:
    zh, en = _TEXT_REASONS[reason]
    return LotteryError("bad_text", path, field=field, field_en=field_en, reason_zh=zh, reason_en=en)


def check_text(value: Any, field: str, field_en: str, path: str, max_chars: int = MAX_NAME_CHARS) -> str:
    """Check one text value against the text rule (non-empty, no control characters, valid UTF-8)."""
    if not isinstance(value, str):
        raise text_error("type", field, field_en, path)
    if not value:
        raise text_error("empty", field, field_en, path)
    if len(value) > max_chars:
        raise LotteryError(
            "bad_text",
            path,
            field=field,
            field_en=field_en,
            reason_zh=f"不能超过 {max_chars} 个字符。",
            reason_en=f"it cannot be longer than {max_chars} characters.",
        )
    if _CONTROL.search(value):
        raise text_error("control", field, field_en, path)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise text_error("surrogate", field, field_en, path) from None
    return value


def check_texts(values: Sequence[Any], field: str, field_en: str, path_of: Callable[[int], str]) -> None:
    """:func:`check_text` over a long column, in a few C-speed passes; the slow scan only on failure."""
    ok = set(map(type, values)) <= {str}
    if ok and values:
        lengths = list(map(len, values))
        joined = "\n".join(values)
        ok = (
            min(lengths) > 0
            and max(lengths) <= MAX_NAME_CHARS
            and joined.count("\n") == len(values) - 1
            and _CONTROL.search(joined.replace("\n", " ")) is None
        )
        if ok:
            try:
                joined.encode("utf-8")
            except UnicodeEncodeError:
                ok = False
    if not ok:
        for index, value in enumerate(values):
            check_text(value, field, field_en, path_of(index))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic structures.

    Python 3.11 runs a collection every few hundred new containers; with hundreds of thousands
    of rows that costs more than the work itself (measured 2–8× on json and dict building), and
    nothing built here can form a cycle.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
