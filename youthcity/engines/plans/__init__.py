"""Plan parser engine: a published plan document → projects, measures, units and targets.

Pure Python (never imports Django). Typical use::

    from youthcity.engines.plans import parse_file
    plan = parse_file("luoyang.txt")
    plan.to_dict()   # the JSON shape documented in docs/plan-format.md

Every failure is a :class:`PlanParseError` with a ``code`` and bilingual messages.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ErrorCode, PlanParseError
from .model import Benefit, Comparator, Deadline, Measure, Period, Plan, Project, Target, TargetKind, TaskRow
from .numerals import parse_number
from .parser import parse_all, parse_text, split_documents
from .sources import MAX_BYTES, extract_text
from .textprep import chinese_punctuation

__all__ = [
    "MAX_BYTES",
    "Benefit",
    "Comparator",
    "Deadline",
    "ErrorCode",
    "Measure",
    "Period",
    "Plan",
    "PlanParseError",
    "Project",
    "Target",
    "TargetKind",
    "TaskRow",
    "chinese_punctuation",
    "extract_text",
    "parse_all",
    "parse_all_bytes",
    "parse_all_file",
    "parse_bytes",
    "parse_file",
    "parse_number",
    "parse_text",
    "split_documents",
]


def parse_bytes(data: bytes, filename: str) -> Plan:
    """Parse an uploaded file's bytes; ``filename`` helps tell formats apart.

    Returns the main (first) plan, like :func:`parse_text`.
    """
    return parse_text(extract_text(data, filename))


def parse_all_bytes(data: bytes, filename: str) -> list[Plan]:
    """Every plan in an uploaded file, like :func:`parse_all`."""
    return parse_all(extract_text(data, filename))


def _read_file(path: str | os.PathLike[str]) -> bytes:
    file_path = Path(path)
    # Refuse before reading a huge file into memory.
    if file_path.stat().st_size > MAX_BYTES:
        raise PlanParseError("too_large")
    return file_path.read_bytes()


def parse_file(path: str | os.PathLike[str]) -> Plan:
    """Parse a plan file from disk (.txt, .docx, .pdf or .xlsx)."""
    return parse_bytes(_read_file(path), os.fspath(path))


def parse_all_file(path: str | os.PathLike[str]) -> list[Plan]:
    """Every plan in a file on disk."""
    return parse_all_bytes(_read_file(path), os.fspath(path))

