"""Official covering notices (印发通知) embedded in a plan's text.

Plans are published inside a notice (``关于印发《…》的通知``) whose header, addressees,
signature and date may sit before the plan or — as in the Luoyang seed, copied from a
web page — in the middle of a sentence of a measure. The notice gives the plan's issuer
and date; its lines are removed so the interrupted sentence can be glued back together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .numerals import parse_chinese

_NOTICE_TITLE = re.compile(r"^关于.{0,100}的?(?:通知|决定|批复)$|^关于印发.*$")
_DATE_LINE = re.compile(
    r"^[（(]?\s*(?P<y>\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*[)）]?$"
)
_ORG_SUFFIX = re.compile(r"(?:办公室|办公厅|人民政府|政府|委员会|党委|委|局|厅|部|团委|中心|联合会|协会|管委会|总工会|妇联)$")
_PUNCT = re.compile(r"[，,。；;：:！!？?]")
_BOOK_TITLE = re.compile(r"《([^《》]{2,80})》")
_TRAILER = re.compile(r"^[（(]此件.{0,20}[)）]$")
#: 各成员单位： — the addressees of a notice that has no 关于印发…的通知 title line.
_ADDRESSEE = re.compile(r"^各[^，,。；;：:]{1,60}[：:]|^[^，,。；;：:]{2,40}(?:各成员单位|各有关单位)[：:]")
_ANCHOR = re.compile(r"印发给你们|现予印发|印发给各")
_PLAN_IN_TITLE = re.compile(r"关于印发(.{2,100}?)的通知")
_ORG_END = re.compile(r"(?:(?<=办公室)|(?<=办公厅)|(?<=人民政府)|(?<=委员会)|(?<=领导小组))(?=.{4,}(?:办公室|办公厅|人民政府|委员会|领导小组)$)")


@dataclass(frozen=True, slots=True)
class Notice:
    """What a covering notice tells us: where it was, who issued it, when, and for which plan."""

    line: int
    resumes_at: int  # first line after the notice block: the notice belongs to its document
    issuer: str | None
    date: date | None
    plan_title: str | None
    text: str = ""


def parse_date_line(line: str) -> date | None:
    """``2021年12月2日`` or ``二〇二一年十二月二日`` → a date (None if not a date line)."""
    match = _DATE_LINE.match(line.strip())
    if not match:
        return None
    parts: list[int] = []
    for key in ("y", "m", "d"):
        raw = match.group(key)
        if raw.isdigit():
            parts.append(int(raw))
        elif key == "y":
            digits = "".join(str(parse_chinese(ch) or 0) for ch in raw)
            parts.append(int(digits))
        else:
            value = parse_chinese(raw)
            if value is None:
                return None
            parts.append(value)
    try:
        return date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def _is_header_line(line: str) -> bool:
    return bool(line) and len(line) <= 60 and not _PUNCT.search(line)


def _split_orgs(line: str) -> list[str]:
    """Offices on a signature line; offices run together (中共X市委办公室X市人民政府办公室) are
    split after each office word."""
    parts = [part for part in re.split(r"\s+|、", line.strip()) if part]
    return [piece for part in parts for piece in _ORG_END.split(part) if piece]


def _header_above(cleaned: list[str], title_index: int) -> tuple[int, list[str]]:
    """Header lines (issuing offices, document number) directly above the notice title."""
    top = title_index
    header: list[str] = []
    while top - 1 >= 0 and _is_header_line(cleaned[top - 1]):
        top -= 1
        header.insert(0, cleaned[top])
    return top, header


def _notice_end(cleaned: list[str], title_index: int) -> tuple[int, date | None, list[str]]:
    """Last line of the notice (its date line, plus a （此件公开发布） trailer), the date and
    the signature lines above the date. Without a date line the notice ends at a blank line."""
    end = None
    notice_date = None
    for j in range(title_index + 1, min(len(cleaned), title_index + 40)):
        found = parse_date_line(cleaned[j])
        if found:
            end, notice_date = j, found
            break
    if end is None:
        end = title_index
        while end + 1 < len(cleaned) and cleaned[end + 1]:
            end += 1
        return end, None, []
    signature: list[str] = []
    k = end - 1
    while k > title_index and cleaned[k] and _is_header_line(cleaned[k]) and _ORG_SUFFIX.search(cleaned[k]):
        signature.insert(0, cleaned[k])
        k -= 1
    while end + 2 < len(cleaned) and not cleaned[end + 1] and _TRAILER.match(cleaned[end + 2]):
        end += 2
    if end + 1 < len(cleaned) and _TRAILER.match(cleaned[end + 1]):
        end += 1
    return end, notice_date, signature


def _issuing_orgs(signature: list[str], header: list[str]) -> list[str]:
    """Offices named in the signature, else in the header."""
    orgs: list[str] = []
    for source in (signature, header):
        for entry in source:
            for org in _split_orgs(entry):
                if _ORG_SUFFIX.search(org) and org not in orgs:
                    orgs.append(org)
        if orgs:
            break
    return orgs


def _is_notice_start(lines: list[str], index: int) -> bool:
    """A 关于…的通知 title line, or addressees (各成员单位：) followed by 现将《…》印发给你们."""
    line = lines[index]
    if _NOTICE_TITLE.match(line) and len(line) <= 120:
        return True
    if not _ADDRESSEE.match(line):
        return False
    following = [line] + [lines[k] for k in range(index + 1, min(index + 4, len(lines))) if lines[k]][:2]
    return any(_ANCHOR.search(text) for text in following)


def _plan_title(title_line: str, body: list[str]) -> str | None:
    for text in [title_line, *body]:
        book = _BOOK_TITLE.search(text)
        if book:
            return book.group(1)
        unquoted = _PLAN_IN_TITLE.search(text)
        if unquoted:
            return unquoted.group(1)
    return None


def extract_notices(lines: list[str]) -> tuple[list[str], list[Notice]]:
    """Blank out covering-notice blocks in ``lines``; return the cleaned lines and the notices.

    Removed lines become ``""`` so a sentence interrupted by the notice is rejoined later.
    """
    cleaned = list(lines)
    notices: list[Notice] = []
    i = 0
    while i < len(cleaned):
        line = cleaned[i]
        if not _is_notice_start(cleaned, i):
            i += 1
            continue
        titled = bool(_NOTICE_TITLE.match(line))
        # Lines above addressees may be the plan's own title: only a titled notice has a header.
        top, header = _header_above(cleaned, i) if titled else (i, [])
        end, notice_date, signature = _notice_end(cleaned, i)
        if not titled and notice_date is None:
            i += 1
            continue
        orgs = _issuing_orgs(signature, header)
        body = [cleaned[k] for k in range(i, end + 1) if cleaned[k]]
        resumes_at = end + 1
        while resumes_at < len(cleaned) and not cleaned[resumes_at]:
            resumes_at += 1
        notices.append(
            Notice(
                line=top,
                resumes_at=resumes_at,
                issuer="、".join(orgs) if orgs else None,
                date=notice_date,
                plan_title=_plan_title(line, body),
                text="\n".join(body),
            )
        )
        for k in range(top, end + 1):
            cleaned[k] = ""
        i = end + 1
    return cleaned, notices
