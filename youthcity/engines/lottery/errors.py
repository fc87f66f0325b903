"""The one exception the lottery engine raises, with a code and bilingual messages.

The housing app shows ``message_zh``/``message_en`` to staff as they are, so they are written
for people. ``path`` points into the round document (``applicants[12].categories``) when the
problem is at one place; the app can map it back to a form row.
"""

from __future__ import annotations

from typing import Any, Final, Literal

ErrorCode = Literal[
    "no_homes",
    "no_applicants",
    "duplicate_home",
    "duplicate_applicant",
    "bad_text",
    "bad_number",
    "bad_area",
    "bad_share",
    "bad_count",
    "bad_rule",
    "duplicate_rule",
    "reserve_exceeds_homes",
    "unknown_reserve_category",
    "multiple_categories",
    "unknown_home",
    "duplicate_preference",
    "duplicate_layout",
    "missing_score",
    "unexpected_score",
    "bad_policy",
    "bad_commitment",
    "secret_too_short",
    "secret_mismatch",
    "bad_public_source",
    "bad_public_value",
    "bad_round",
    "unknown_algorithm",
    "unknown_home_in_result",
    "audit_mismatch",
]

#: (Chinese, English) message templates per code; ``{…}`` fields are filled from ``details``.
MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "no_homes": ("本轮没有房源，无法摇号。", "The round has no homes, so there is nothing to draw."),
    "no_applicants": ("本轮没有申请人，无法摇号。", "The round has no applicants, so there is nothing to draw."),
    "duplicate_home": ("房源编号「{id}」出现了不止一次。", "Home id '{id}' appears more than once."),
    "duplicate_applicant": (
        "申请编号「{id}」出现了不止一次（同一申请不能重复参加摇号）。",
        "Applicant id '{id}' appears more than once (an application takes part in a draw only once).",
    ),
    "bad_text": ("{field}无效：{reason_zh}", "{field_en} is not valid: {reason_en}"),
    "bad_number": (
        "{field}「{value}」不是有效的十进制数（应写成如 45 或 45.5 的数字，不能用科学计数法或浮点数）。",
        "{field_en} '{value}' is not a valid decimal number (write it like 45 or 45.5; no exponent, no float).",
    ),
    "bad_area": ("房源「{id}」的面积必须大于 0。", "The area of home '{id}' must be greater than 0."),
    "bad_share": (
        "保留类别「{category}」的比例 {value} 无效：比例必须在 0 到 1 之间（如 0.4 表示 40%）。",
        "The share {value} reserved for category '{category}' is not valid: a share lies between 0 and 1 "
        "(0.4 means 40%).",
    ),
    "bad_count": (
        "保留类别「{category}」的套数 {value} 无效：套数必须是不小于 0 的整数。",
        "The count {value} reserved for category '{category}' is not valid: it must be a whole number of 0 or more.",
    ),
    "bad_rule": (
        "保留类别「{category}」必须且只能给出比例或套数中的一项。",
        "The reserve for category '{category}' must give exactly one of a share or a count.",
    ),
    "duplicate_rule": (
        "类别「{category}」有不止一条保留规则。",
        "Category '{category}' has more than one reserve rule.",
    ),
    "reserve_exceeds_homes": (
        "保留房源合计 {reserved} 套，超过本轮房源总数 {homes} 套。",
        "The reserves add up to {reserved} homes, more than the {homes} homes of the round.",
    ),
    "unknown_reserve_category": (
        "房源「{id}」指定给类别「{category}」，但本轮没有该类别的保留规则。",
        "Home '{id}' is set aside for category '{category}', but the round has no reserve rule for it.",
    ),
    "multiple_categories": (
        "申请人「{id}」同时属于 {count} 个类别（{categories}），本轮规则不允许一人属于多个类别。",
        "Applicant '{id}' is in {count} categories ({categories}); this round allows one category per applicant.",
    ),
    "unknown_home": (
        "申请人「{id}」的意向房源「{home}」不在本轮房源中。",
        "Applicant '{id}' prefers home '{home}', which is not in this round.",
    ),
    "duplicate_preference": (
        "申请人「{id}」的意向房源中「{home}」重复出现。",
        "Applicant '{id}' lists home '{home}' more than once.",
    ),
    "duplicate_layout": (
        "申请人「{id}」可接受的户型中「{layout}」重复出现。",
        "Applicant '{id}' lists layout '{layout}' more than once.",
    ),
    "missing_score": (
        "本轮按积分排序，但申请人「{id}」没有积分。",
        "This round ranks by score, but applicant '{id}' has no score.",
    ),
    "unexpected_score": (
        "本轮为随机摇号，不使用积分，但申请人「{id}」带有积分。",
        "This round is a plain lottery without scores, but applicant '{id}' has a score.",
    ),
    "bad_policy": ("轮次规则「{field}」的取值「{value}」无效，可选：{allowed}。", "Round rule '{field}' cannot be '{value}'; allowed: {allowed}."),
    "bad_commitment": (
        "承诺值必须是 64 位十六进制的 SHA-256 摘要。",
        "The commitment must be a SHA-256 digest written as 64 hexadecimal characters.",
    ),
    "secret_too_short": (
        "秘密值太短：至少需要 {min} 个字节（建议使用 64 位十六进制随机数）。",
        "The secret is too short: it needs at least {min} bytes (64 random hexadecimal characters are advised).",
    ),
    "secret_mismatch": (
        "公开的秘密值与事先公布的承诺值不符（SHA-256 为 {found}，承诺值为 {expected}），拒绝摇号。",
        "The revealed secret does not match the commitment published in advance (its SHA-256 is {found}, "
        "the commitment is {expected}); the draw is refused.",
    ),
    "bad_public_source": (
        "公共随机值来源无效：类型须为 {allowed} 之一，并写明名称。",
        "The public value source is not valid: its kind must be one of {allowed}, and it needs a name.",
    ),
    "bad_public_value": (
        "公共随机值「{value}」不符合来源类型「{kind}」的格式：{reason_zh}",
        "The public value '{value}' does not fit the source kind '{kind}': {reason_en}",
    ),
    "bad_round": ("轮次文件格式错误（{where}）：{reason_zh}", "The round document is malformed ({where}): {reason_en}"),
    "unknown_algorithm": (
        "不认识的算法版本「{value}」，本程序实现的是「{expected}」。",
        "Unknown algorithm version '{value}'; this program implements '{expected}'.",
    ),
    "unknown_home_in_result": ("房源「{id}」不在本轮中。", "Home '{id}' is not in this round."),
    "audit_mismatch": ("审计文件校验不通过（{where}）：{reason_zh}", "The audit file does not verify ({where}): {reason_en}"),
}


class LotteryError(Exception):
    """Bad input to the lottery engine; nothing was drawn or written.

    ``code`` is one of :data:`ErrorCode`; ``message_zh`` and ``message_en`` are ready to show;
    ``path`` locates the problem in the round document ("" when it concerns the whole round).
    """

    def __init__(self, code: ErrorCode, path: str = "", **details: Any) -> None:
        zh, en = MESSAGES[code]
        self.code: ErrorCode = code
        self.path: str = path
        self.details: dict[str, Any] = details
        self.message_zh: str = zh.format(**details)
        self.message_en: str = en.format(**details)
        super().__init__(f"[{code}] {self.message_en}" + (f" (at {path})" if path else ""))

    def __reduce__(self) -> tuple[Any, ...]:
        # Keeps the exception picklable (task queues pass errors between processes).
        return (_rebuild, (self.code, self.path, self.details))


def _rebuild(code: ErrorCode, path: str, details: dict[str, Any]) -> LotteryError:
    return LotteryError(code, path, **details)
