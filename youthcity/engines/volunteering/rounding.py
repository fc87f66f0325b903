"""The crediting rule applied to one record (pure Python) and to millions (NumPy), kept equal by tests.

Both functions take times as whole seconds since the epoch and return credited **minutes**.
The scalar function is the reference; the vector function is the same arithmetic on int64 arrays.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .model import OutsideShift, RoundingMode, RoundingRule

__all__ = ["credit_minutes", "credit_minutes_array"]

IntArray = npt.NDArray[np.int64]


def _round_seconds(d: int, inc: int, mode: RoundingMode) -> int:
    if mode is RoundingMode.DOWN:
        return (d // inc) * inc
    if mode is RoundingMode.UP:
        return -((-d) // inc) * inc
    if mode is RoundingMode.NEAREST:
        return ((d + inc // 2) // inc) * inc
    return -((-(d - inc // 2)) // inc) * inc  # NEAREST_HALF_DOWN: ceil(d/inc - 1/2)


def credit_minutes(
    check_in: int, check_out: int, shift_start: int, shift_end: int, rule: RoundingRule
) -> int:
    """Credited minutes of one record (times in epoch seconds; ``check_out >= check_in``)."""
    if rule.outside_shift is OutsideShift.COUNT:
        d = check_out - check_in
    else:
        d = max(0, min(check_out, shift_end) - max(check_in, shift_start))
    length = shift_end - shift_start
    if rule.cap_at_shift:
        d = min(d, length)
    if d < rule.minimum_minutes * 60:
        d = 0
    d = _round_seconds(d, rule.increment_minutes * 60, rule.mode)
    if rule.cap_at_shift:
        d = min(d, length)
    return d // 60


def credit_minutes_array(
    check_in: IntArray, check_out: IntArray, shift_start: IntArray, shift_end: IntArray, rule: RoundingRule
) -> IntArray:
    """:func:`credit_minutes` over int64 arrays of equal length (element-wise, no Python loop)."""
    if rule.outside_shift is OutsideShift.COUNT:
        d = check_out - check_in
    else:
        d = np.minimum(check_out, shift_end) - np.maximum(check_in, shift_start)
        np.maximum(d, 0, out=d)
    length = shift_end - shift_start
    if rule.cap_at_shift:
        np.minimum(d, length, out=d)
    d[d < rule.minimum_minutes * 60] = 0
    inc = rule.increment_minutes * 60
    if rule.mode is RoundingMode.DOWN:
        d = (d // inc) * inc
    elif rule.mode is RoundingMode.UP:
        d = -((-d) // inc) * inc
    elif rule.mode is RoundingMode.NEAREST:
        d = ((d + inc // 2) // inc) * inc
    else:
        d = -((-(d - inc // 2)) // inc) * inc
    if rule.cap_at_shift:
        np.minimum(d, length, out=d)
    out: IntArray = d // 60
    return out
