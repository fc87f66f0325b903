"""Validation issues of the hours ledger and the certificate module.

Every issue carries a stable ``code`` (for the API's ``error.code`` and for tests), the id of the
item at fault, and a message in Chinese and in English. The Django side may show ``message_zh`` /
``message_en`` directly or map ``code`` to its own translated text; it never shows ``code``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CODES", "Issue", "LedgerError", "VolunteeringError", "issue"]


class VolunteeringError(ValueError):
    """Base class of the volunteering engine's errors."""


# code -> (Chinese template, English template); templates take str.format keywords.
CODES: dict[str, tuple[str, str]] = {
    "duplicate_id": (
        "编号「{item}」重复出现；每条记录、班次和更正的编号必须唯一。",
        "The id “{item}” is used more than once; every record, shift and correction needs its own id.",
    ),
    "naive_datetime": (
        "记录「{item}」的时间没有时区；请提供带时区的时间。",
        "Record “{item}” has a time without a time zone; give times with their zone.",
    ),
    "bad_shift": (
        "班次「{item}」的结束时间早于或等于开始时间。",
        "Shift “{item}” ends at or before its start.",
    ),
    "unknown_shift": (
        "记录「{item}」所属的班次「{other}」不存在。",
        "Record “{item}” belongs to shift “{other}”, which does not exist.",
    ),
    "wrong_shift": (
        "记录「{item}」扫描的是其他活动或班次（「{other}」）的签到码，不能计入本班次。",
        "Record “{item}” was scanned with the code of another event or shift (“{other}”); it cannot count for this shift.",
    ),
    "missing_scan": (
        "记录「{item}」来源为扫码签到，但缺少所扫的签到码。",
        "Record “{item}” comes from a QR scan but the scanned code is missing.",
    ),
    "checkout_before_checkin": (
        "记录「{item}」的签退时间早于签到时间。",
        "Record “{item}” checks out before it checks in.",
    ),
    "overlap": (
        "记录「{item}」与同一志愿者的记录「{other}」时间重叠。",
        "Record “{item}” overlaps record “{other}” of the same volunteer.",
    ),
    "outside_shift": (
        "记录「{item}」的时间超出班次「{other}」的时段（按本项目规则不予接受）。",
        "Record “{item}” lies outside the hours of shift “{other}” (this project's rule refuses such time).",
    ),
    "day_limit": (
        "志愿者「{item}」在{day_zh}计入的服务时长超过每日上限{limit}小时。",
        "Volunteer “{item}” would be credited more than {limit} hours on {other}.",
    ),
    "unknown_record": (
        "更正「{item}」要更正的记录「{other}」不存在。",
        "Correction “{item}” supersedes “{other}”, which does not exist.",
    ),
    "already_superseded": (
        "记录「{other}」已被更正过一次；更正「{item}」应更正最新的那条更正。",
        "“{other}” has already been superseded; correction “{item}” must supersede the latest correction instead.",
    ),
    "correction_cycle": (
        "更正「{item}」无法追溯到任何原始签到记录（更正链形成了循环）。",
        "Correction “{item}” does not lead back to an original attendance record (the corrections form a cycle).",
    ),
    "correction_without_reason": (
        "更正「{item}」缺少更正人或更正原因。",
        "Correction “{item}” does not say who made it or why.",
    ),
    "bad_arrays": (
        "批量数据无效：{detail_zh}。",
        "The record arrays are invalid: {detail_en}.",
    ),
    "bad_rule": (
        "计时规则无效：{detail_zh}。",
        "The rounding rule is invalid: {detail_en}.",
    ),
}


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a batch."""

    code: str
    item_id: str
    message_zh: str
    message_en: str
    related_id: str | None = None

    def __str__(self) -> str:
        return f"[{self.code}] {self.message_en}"


def issue(code: str, item: str, other: str | None = None, **extra: object) -> Issue:
    """Build an :class:`Issue` from the message table (``other`` names the related item)."""
    zh, en = CODES[code]
    values = {"item": item, "other": other or "", **extra}
    return Issue(code, item, zh.format(**values), en.format(**values), other)


class LedgerError(VolunteeringError):
    """A batch was refused as a whole; ``issues`` lists every problem found (nothing was computed)."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        head = "; ".join(str(i) for i in self.issues[:5])
        more = f" (+{len(self.issues) - 5} more)" if len(self.issues) > 5 else ""
        super().__init__(f"{len(self.issues)} problem(s): {head}{more}")

    @property
    def codes(self) -> set[str]:
        return {i.code for i in self.issues}
