"""Input problems of a matching round, each with a code and a message in Chinese and English.

A round is refused as a whole: :class:`MatchingInputError` carries *every* problem found, so
the staff who prepared the round can fix them in one pass. The Django app shows the messages
as they are, so they are written for people (full-width punctuation in Chinese).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["IssueCode", "Issue", "MatchingInputError"]

IssueCode = Literal[
    "bad_format",
    "empty_id",
    "duplicate_applicant",
    "duplicate_position",
    "duplicate_category",
    "reserved_name",
    "unknown_category",
    "unknown_position",
    "duplicate_choice",
    "too_many_choices",
    "bad_max_choices",
    "negative_capacity",
    "negative_reserve",
    "reserves_exceed_capacity",
    "bad_precedence",
    "unknown_applicant",
    "ranked_non_applicant",
    "duplicate_ranking",
    "empty_tie_group",
    "tie_without_seed",
    "bad_rule",
]


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in a round's input: ``code``, the two messages, and where it is (``where``:
    ``applicant A1``, ``position P1`` or ``round``)."""

    code: IssueCode
    message_zh: str
    message_en: str
    where: str = "round"

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message_zh": self.message_zh, "message_en": self.message_en, "where": self.where}


class MatchingInputError(Exception):
    """The round's input is invalid; nothing was matched.

    ``issues`` lists every problem found (in input order); ``code``, ``message_zh`` and
    ``message_en`` repeat the first one, so a caller that shows one line can.
    """

    def __init__(self, issues: list[Issue] | tuple[Issue, ...]) -> None:
        if not issues:
            raise ValueError("MatchingInputError needs at least one issue")
        self.issues: tuple[Issue, ...] = tuple(issues)
        first = self.issues[0]
        self.code: IssueCode = first.code
        self.message_zh: str = first.message_zh
        self.message_en: str = first.message_en
        more = len(self.issues) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        super().__init__(f"[{first.code}] {first.message_en}{suffix}")

    def __reduce__(self) -> tuple[type[MatchingInputError], tuple[tuple[Issue, ...]]]:
        # Keeps the exception picklable (task queues pass errors between processes).
        return (type(self), (self.issues,))


# --- message builders: one per situation, so every message names the offending thing -------------


def _q(value: object) -> str:
    return str(value)


def bad_format(path: str, expected_zh: str, expected_en: str) -> Issue:
    return Issue(
        "bad_format",
        f"输入格式有误：{path} {expected_zh}。",
        f"Bad input format: {path} {expected_en}.",
        path or "round",
    )


def empty_id(kind_zh: str, kind_en: str, index: int) -> Issue:
    return Issue(
        "empty_id",
        f"第{index + 1}个{kind_zh}的编号为空。",
        f"The {kind_en} at position {index + 1} of the list has an empty id.",
        f"{kind_en} #{index + 1}",
    )


def duplicate_applicant(applicant: str) -> Issue:
    return Issue(
        "duplicate_applicant",
        f"申请人编号「{applicant}」出现了不止一次。",
        f"Applicant id '{applicant}' appears more than once.",
        f"applicant {applicant}",
    )


def duplicate_position(position: str) -> Issue:
    return Issue(
        "duplicate_position",
        f"岗位编号「{position}」出现了不止一次。",
        f"Position id '{position}' appears more than once.",
        f"position {position}",
    )


def duplicate_category(category: str) -> Issue:
    return Issue(
        "duplicate_category",
        f"类别「{category}」声明了不止一次。",
        f"Category '{category}' is declared more than once.",
    )


def reserved_name(category: str) -> Issue:
    return Issue(
        "reserved_name",
        f"类别不能命名为「{category}」：open（普通名额）和 reverted（转回的预留名额）是系统保留的名称。",
        f"A category cannot be named '{category}': 'open' (open seats) and 'reverted' (reverted "
        "reserved seats) are reserved names.",
    )


def unknown_applicant_category(applicant: str, category: str) -> Issue:
    return Issue(
        "unknown_category",
        f"申请人「{applicant}」的类别「{category}」不在本轮声明的类别中。",
        f"Applicant '{applicant}' has category '{category}', which this round does not declare.",
        f"applicant {applicant}",
    )


def unknown_reserve_category(position: str, category: str) -> Issue:
    return Issue(
        "unknown_category",
        f"岗位「{position}」为类别「{category}」预留名额，但本轮没有声明该类别。",
        f"Position '{position}' reserves seats for category '{category}', which this round does not declare.",
        f"position {position}",
    )


def unknown_precedence_category(where: str, where_zh: str, category: str) -> Issue:
    return Issue(
        "unknown_category",
        f"{where_zh}的录取顺序中有未声明的类别「{category}」。",
        f"The precedence of {where} names category '{category}', which this round does not declare.",
        where,
    )


def unknown_position(applicant: str, position: str) -> Issue:
    return Issue(
        "unknown_position",
        f"申请人「{applicant}」的志愿中有不存在的岗位「{position}」。",
        f"Applicant '{applicant}' ranks position '{position}', which does not exist in this round.",
        f"applicant {applicant}",
    )


def duplicate_choice(applicant: str, position: str) -> Issue:
    return Issue(
        "duplicate_choice",
        f"申请人「{applicant}」的志愿中岗位「{position}」出现了不止一次。",
        f"Applicant '{applicant}' ranks position '{position}' more than once.",
        f"applicant {applicant}",
    )


def too_many_choices(applicant: str, count: int, limit: int) -> Issue:
    return Issue(
        "too_many_choices",
        f"申请人「{applicant}」填报了{count}个志愿，超过本轮上限{limit}个。",
        f"Applicant '{applicant}' ranks {count} positions; this round allows at most {limit}.",
        f"applicant {applicant}",
    )


def bad_max_choices(value: object) -> Issue:
    return Issue(
        "bad_max_choices",
        f"志愿数量上限必须是正整数（现为{_q(value)}）。",
        f"The maximum number of choices must be a positive whole number (it is {_q(value)}).",
    )


def negative_capacity(position: str, capacity: int) -> Issue:
    return Issue(
        "negative_capacity",
        f"岗位「{position}」的招收人数为{capacity}，不能为负数。",
        f"Position '{position}' has capacity {capacity}; a capacity cannot be negative.",
        f"position {position}",
    )


def negative_reserve(position: str, category: str, seats: int) -> Issue:
    return Issue(
        "negative_reserve",
        f"岗位「{position}」为类别「{category}」预留的名额为{seats}，不能为负数。",
        f"Position '{position}' reserves {seats} seats for '{category}'; a number of seats cannot be negative.",
        f"position {position}",
    )


def reserves_exceed_capacity(position: str, reserved: int, capacity: int) -> Issue:
    return Issue(
        "reserves_exceed_capacity",
        f"岗位「{position}」的预留名额合计{reserved}个，超过了招收人数{capacity}个。",
        f"Position '{position}' reserves {reserved} seats in total, more than its capacity of {capacity}.",
        f"position {position}",
    )


def precedence_missing(where: str, where_zh: str, category: str) -> Issue:
    return Issue(
        "bad_precedence",
        f"{where_zh}的录取顺序缺少「{category}」：必须列出 open 和每个有预留名额的类别各一次。",
        f"The precedence of {where} leaves out '{category}': it must list 'open' and every category "
        "with reserved seats exactly once.",
        where,
    )


def precedence_repeated(where: str, where_zh: str, category: str) -> Issue:
    return Issue(
        "bad_precedence",
        f"{where_zh}的录取顺序中「{category}」出现了不止一次。",
        f"The precedence of {where} lists '{category}' more than once.",
        where,
    )


def unknown_applicant(position: str, applicant: str) -> Issue:
    return Issue(
        "unknown_applicant",
        f"岗位「{position}」的排序中有不存在的申请人「{applicant}」。",
        f"Position '{position}' ranks applicant '{applicant}', who does not exist in this round.",
        f"position {position}",
    )


def ranked_non_applicant(position: str, applicant: str) -> Issue:
    return Issue(
        "ranked_non_applicant",
        f"岗位「{position}」的排序中有申请人「{applicant}」，但该申请人没有填报这个岗位。",
        f"Position '{position}' ranks applicant '{applicant}', who did not apply to it.",
        f"position {position}",
    )


def duplicate_ranking(position: str, applicant: str) -> Issue:
    return Issue(
        "duplicate_ranking",
        f"岗位「{position}」的排序中申请人「{applicant}」出现了不止一次。",
        f"Position '{position}' ranks applicant '{applicant}' more than once.",
        f"position {position}",
    )


def empty_tie_group(position: str) -> Issue:
    return Issue(
        "empty_tie_group",
        f"岗位「{position}」的排序中有一个空的并列组。",
        f"Position '{position}' has an empty group of tied applicants in its ranking.",
        f"position {position}",
    )


def tie_without_seed(position: str) -> Issue:
    return Issue(
        "tie_without_seed",
        f"岗位「{position}」的排序中有并列名次，但本轮没有给出用于打破并列的随机种子。",
        f"Position '{position}' ranks some applicants as tied, but the round gives no tie-break seed.",
        f"position {position}",
    )


def bad_rule(value: object) -> Issue:
    return Issue(
        "bad_rule",
        f"未录满的预留名额处理规则只能是 revert（转为普通名额）或 hold（保留空缺），现为「{_q(value)}」。",
        f"The rule for unfilled reserved seats must be 'revert' (they become open seats) or 'hold' "
        f"(they stay empty); it is '{_q(value)}'.",
    )
