"""Indicator data: one row per unit and period, one column per indicator code."""

from __future__ import annotations

import csv
import hashlib
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .errors import DataError
from .framework import Framework

__all__ = ["Dataset", "read_data_csv", "dataset_from_arrays"]

FloatArray = npt.NDArray[np.float64]

_MISSING = {"", "na", "n/a", "nan", "null", "none", "-", "--", "..", "…", "缺", "无"}


@dataclass(frozen=True)
class Dataset:
    """Panel of raw indicator values.

    ``values`` has shape (periods, units, indicators) with NaN for missing cells; the indicator
    axis follows ``indicators`` (the framework's indicator order).
    """

    units: tuple[str, ...]
    periods: tuple[str, ...]
    indicators: tuple[str, ...]
    values: FloatArray
    groups: dict[str, str] = field(default_factory=dict)

    def period_index(self, period: str | int) -> int:
        p = str(period)
        if p not in self.periods:
            raise DataError(f"period '{p}' is not in the data (periods: {', '.join(self.periods)})")
        return self.periods.index(p)

    def fingerprint(self) -> str:
        """SHA-256 of the content, independent of file formatting."""
        h = hashlib.sha256()
        for part in (self.units, self.periods, self.indicators):
            h.update("\x1f".join(part).encode("utf-8"))
            h.update(b"\x1e")
        h.update(np.ascontiguousarray(self.values, dtype="<f8").tobytes())
        h.update(repr(sorted(self.groups.items())).encode("utf-8"))
        return h.hexdigest()


def _period_key(p: str) -> tuple[int, float, str]:
    try:
        return (0, float(p), p)
    except ValueError:
        return (1, 0.0, p)


def dataset_from_arrays(
    framework: Framework,
    units: list[str] | tuple[str, ...],
    periods: list[str] | tuple[str, ...],
    values: npt.ArrayLike,
    groups: dict[str, str] | None = None,
) -> Dataset:
    """Build a dataset from an array shaped (periods, units, indicators) in framework order."""
    arr = np.asarray(values, dtype=np.float64)
    expected = (len(periods), len(units), len(framework.indicators))
    if arr.shape != expected:
        raise DataError(f"values: shape {arr.shape} does not match (periods, units, indicators) {expected}")
    return Dataset(tuple(map(str, units)), tuple(map(str, periods)), framework.indicator_codes, arr.copy(), dict(groups or {}))


def read_data_csv(path_or_text: str | Path, framework: Framework) -> Dataset:
    """Read a data CSV: columns ``unit``, ``period``, optional ``group``, one per indicator code.

    Empty cells and NA markers become NaN. Raises :class:`DataError` naming the row and column for
    non-numeric values, values outside an indicator's ``valid_range`` (e.g. a share given as a
    fraction instead of a percentage), duplicate unit/period rows, unknown or missing columns.
    Row numbers count the header as row 1, as a spreadsheet shows them.
    """
    text = _read_text(path_or_text)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration as exc:
        raise DataError("data: the file is empty") from exc
    _check_header(header, framework.indicator_codes)
    col = {h: i for i, h in enumerate(header)}

    rows: list[tuple[str, str, list[float]]] = []
    groups: dict[str, str] = {}
    seen: dict[tuple[str, str], int] = {}
    for rowno, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise DataError(f"row {rowno}: has {len(row)} cells, the header has {len(header)}")
        unit, period = _row_key(row, col, rowno, seen)
        if "group" in col:
            _record_group(groups, unit, row[col["group"]].strip(), rowno)
        rows.append((unit, period, _row_values(row, col, rowno, framework)))
    if not rows:
        raise DataError("data: no data rows")
    return _assemble(rows, framework.indicator_codes, groups)


def _check_header(header: list[str], codes: tuple[str, ...]) -> None:
    for required in ("unit", "period"):
        if required not in header:
            raise DataError(f"data: header row lacks the '{required}' column")
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        raise DataError(f"data: duplicate column(s) in header: {', '.join(dup)}")
    known = set(codes) | {"unit", "period", "group", "name", "name_zh", "name_en"}
    unknown = [h for h in header if h not in known]
    if unknown:
        raise DataError(f"data: column(s) not in the framework: {', '.join(unknown)}")
    missing_cols = [c for c in codes if c not in header]
    if missing_cols:
        raise DataError(f"data: indicator column(s) missing: {', '.join(missing_cols)}")


def _row_key(row: list[str], col: dict[str, int], rowno: int, seen: dict[tuple[str, str], int]) -> tuple[str, str]:
    """The row's unit and period, each present, the pair not seen before."""
    unit = row[col["unit"]].strip()
    period = row[col["period"]].strip()
    if not unit:
        raise DataError(f"row {rowno}, column 'unit': empty unit name")
    if not period:
        raise DataError(f"row {rowno}, column 'period': empty period")
    if period.endswith(".0") and period[:-2].isdigit():
        # Spreadsheets export a year typed as a number as "2024.0".
        period = period[:-2]
    key = (unit, period)
    if key in seen:
        raise DataError(f"row {rowno}: duplicate unit '{unit}' and period '{period}' (first at row {seen[key]})")
    seen[key] = rowno
    return key


def _record_group(groups: dict[str, str], unit: str, group: str, rowno: int) -> None:
    if unit in groups and groups[unit] != group:
        raise DataError(f"row {rowno}, column 'group': unit '{unit}' changes group ('{groups[unit]}' -> '{group}')")
    groups[unit] = group


def _row_values(row: list[str], col: dict[str, int], rowno: int, framework: Framework) -> list[float]:
    """The row's indicator values in framework order, each a number (or NaN) within its valid range."""
    vals: list[float] = []
    for ind in framework.indicators:
        raw = row[col[ind.code]].strip()
        v = _parse_number(raw, rowno, ind.code)
        too_low = ind.valid_min is not None and v < ind.valid_min
        too_high = ind.valid_max is not None and v > ind.valid_max
        if too_low or too_high:  # NaN compares False: a missing cell is never out of range
            raise DataError(
                f"row {rowno}, column '{ind.code}': {raw} is outside the valid range "
                f"[{ind.valid_min}, {ind.valid_max}] for unit '{ind.unit}' (wrong unit?)"
            )
        vals.append(v)
    return vals


def _assemble(rows: list[tuple[str, str, list[float]]], codes: tuple[str, ...], groups: dict[str, str]) -> Dataset:
    """Units in order of first appearance, periods sorted (numerically when they are numbers)."""
    units = list(dict.fromkeys(u for u, _, _ in rows))
    periods = sorted({p for _, p, _ in rows}, key=_period_key)
    values = np.full((len(periods), len(units), len(codes)), np.nan)
    uidx = {u: i for i, u in enumerate(units)}
    pidx = {p: i for i, p in enumerate(periods)}
    for u, p, vals in rows:
        values[pidx[p], uidx[u], :] = vals
    return Dataset(tuple(units), tuple(periods), codes, values, groups)


def _parse_number(raw: str, rowno: int, code: str) -> float:
    if raw.lower() in _MISSING:
        return math.nan
    cleaned = raw.replace(",", "").replace("\u3000", "").replace(" ", "")
    pct = cleaned.endswith("%")
    if pct:
        cleaned = cleaned[:-1]
    try:
        v = float(cleaned)
    except ValueError:
        raise DataError(f"row {rowno}, column '{code}': {raw!r} is not a number") from None
    if math.isinf(v) or math.isnan(v):
        raise DataError(f"row {rowno}, column '{code}': {raw!r} is not a finite number")
    return v


def _read_text(path_or_text: str | Path) -> str:
    if isinstance(path_or_text, Path):
        return path_or_text.read_text(encoding="utf-8-sig")
    if "\n" not in path_or_text and len(path_or_text) < 4096:
        p = Path(path_or_text)
        if not p.exists():
            raise DataError(f"data file not found: {p}")
        return p.read_text(encoding="utf-8-sig")
    return path_or_text
