"""Text clean-up before structure: character normalisation and broken-line repair.

Published plans reach us copied from web pages, PDFs and Word files. Two artefacts matter:
numbers split from their mark (``1`` on one line, ``、健全…`` on the next) and sentences
split across lines by page breaks (``…制定符合洛阳`` / ``气质的宣传口号``).
"""

from __future__ import annotations

import re
from typing import Final

# One character in, one character out, so positions and lengths are kept.
_FULLWIDTH: Final = {**{0xFF10 + i: ord("0") + i for i in range(10)},
                     **{0xFF21 + i: ord("A") + i for i in range(26)},
                     **{0xFF41 + i: ord("a") + i for i in range(26)},
                     0xFF05: ord("%"), 0x3000: ord(" "), 0x00A0: ord(" "), 0xFEFF: ord(" "),
                     0x2002: ord(" "), 0x2003: ord(" "), 0x2009: ord(" "), 0x200B: ord(" ")}

_NEEDS_TRANSLATION = re.compile("[" + "".join(re.escape(chr(c)) for c in _FULLWIDTH) + "]")

_TERMINAL: Final = "。！？!?；;：:…"
_CLOSERS: Final = "”’\"')）】」』》"
_SENTENCE_INSIDE = re.compile(r"[。！？!?；;]|\.\s")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

#: Lines that open a new structural element; broken lines are never glued onto these.
STRUCTURAL = re.compile(
    r"^(?:"
    r"[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|第[一二三四五六七八九十]{1,3}[章部节篇]"
    r"|[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]"
    r"|\d{1,3}\s*[.．、](?!\d)"
    r"|\d{1,3}\s*$"
    r"|[（(]\s*\d{1,3}\s*[)）]"
    r"|\d{1,3}[)）]"
    r"|[①-⑳]"
    r"|(?:责任单位|牵头单位|责任部门|牵头部门|配合单位|参与单位|Responsible units?|Lead units?)\s*[:：]"
    r"|(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\b[\s,.:、]"
    r"|(?:Part|Chapter|Section)\s+\w+"
    r"|[IVX]{1,4}\.\s"
    r"|[一二三四五六七八九十]是"
    r")",
    re.IGNORECASE,
)


def is_table_line(line: str) -> bool:
    """A row of a pipe- or tab-separated table (two bars, or a tab)."""
    return "\t" in line or line.count("|") + line.count("｜") >= 2


def normalize_text(text: str) -> str:
    """Unify line ends and full-width digits/letters/spaces; strip control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    if _NEEDS_TRANSLATION.search(text):
        text = text.translate(_FULLWIDTH)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


def is_cjk_text(text: str) -> bool:
    """True when the text is mostly Chinese (judged on a sample: paragraphs can be long)."""
    sample = text[:240]
    cjk = len(_CJK.findall(sample))
    latin = len(_LATIN.findall(sample))
    return cjk >= latin / 4 and cjk > 0


def split_lines(text: str) -> list[str]:
    """Stripped lines with blank lines kept as ``""`` (they separate paragraphs)."""
    return [line.strip() for line in text.split("\n")]


def join_split_numbers(lines: list[str]) -> list[str]:
    """``1`` + ``、健全…`` → ``1、健全…`` (number alone on a line, its mark on the next)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if re.fullmatch(r"\d{1,3}|[（(]?[一二三四五六七八九十]{1,3}[)）]?", line):
            j = i + 1
            while j < len(lines) and not lines[j]:
                j += 1
            if j < len(lines) and lines[j][:1] in "、.．)）" and j - i <= 2:
                out.append(line + lines[j])
                i = j + 1
                continue
        out.append(line)
        i += 1
    return out


def ends_sentence(line: str) -> bool:
    """True when the line ends with sentence-final punctuation (possibly inside a quote)."""
    stripped = line.rstrip(_CLOSERS + " ")
    if not stripped:
        return True
    if stripped[-1] in _TERMINAL:
        return True
    return stripped[-1] == "." and not re.search(r"\d\.$", stripped)


def _heading_like(line: str) -> bool:
    """Short and without any punctuation: a title or heading, never a sentence's tail."""
    if re.search(r"[。！？!?；;，,、：:.]", line):
        return False
    return len(line) <= 20 if is_cjk_text(line) else len(line.split()) <= 8


def looks_broken(line: str) -> bool:
    """A body line that stops mid-sentence (no final punctuation) and is long or has sentences."""
    if not line or ends_sentence(line):
        return False
    if line[-1] in ")）]】" and not _SENTENCE_INSIDE.search(line):
        return False
    if STRUCTURAL.match(line) and not re.match(r"^(?:\d{1,3}\s*[.．、]|[（(]\s*\d{1,3}\s*[)）])\s*\S", line):
        return False
    body = re.sub(r"^\s*(?:\d{1,3}\s*[.．、]|[（(]\s*\d{1,3}\s*[)）])", "", line)
    if _SENTENCE_INSIDE.search(body):
        return True
    if is_cjk_text(line):
        return len(line) >= 30
    return len(line) >= 70


def _open_bracket(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def join_broken_lines(lines: list[str]) -> list[str]:
    """Glue lines split mid-sentence (page breaks, removed notices) back together.

    Blank lines are dropped in the result: every returned line is one paragraph. Once a
    paragraph is open, only the end of each added line decides whether it is complete, so
    the work stays linear in the size of the text.
    """
    paragraphs: list[str] = []
    pending: list[str] = []
    for line in lines:
        if not line:
            continue
        if pending:
            # ，… cannot open a line; 局） closes a bracket the pending text opened.
            continuation = line[0] in _CLOSERS + "，,、。；;：:" or _open_bracket(pending[-1])
            if not continuation and (STRUCTURAL.match(line) or _heading_like(line)):
                paragraphs.append("".join(pending))
                pending = []
            else:
                previous = pending[-1]
                if previous[-1:].isascii() and previous[-1:].isalnum() and line[:1].isascii():
                    pending.append(" ")
                pending.append(line)
                if ends_sentence(line):
                    paragraphs.append("".join(pending))
                    pending = []
                continue
        if looks_broken(line):
            pending = [line]
        else:
            paragraphs.append(line)
    if pending:
        paragraphs.append("".join(pending))
    return paragraphs


_CHINESE_CONTEXT = "\u4e00-\u9fff\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f“”‘’、"
_HALF_TO_FULL: Final = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_PAREN_PAIR = re.compile(r"\(([^()\n]*)\)")
_NEXT_TO_CHINESE = re.compile(rf"(?<=[{_CHINESE_CONTEXT}])\s*([,:;!?])\s*|\s*([,:;!?])\s*(?=[{_CHINESE_CONTEXT}])")
_CHINESE_CHAR = re.compile(rf"[{_CHINESE_CONTEXT}]")


def chinese_punctuation(text: str) -> str:
    """Half-width ``, : ; ! ? ( )`` next to Chinese become full-width (，：；！？（）), as published
    Chinese is written; ``10:30``, ``1,000`` and Latin text keep theirs. Web copies often lose them."""

    def paren(match: re.Match[str]) -> str:
        start, end = match.span()
        around = text[start - 1 : start] + text[end : end + 1]
        if _CHINESE_CHAR.search(match.group(1)) or _CHINESE_CHAR.search(around):
            return "（" + match.group(1) + "）"
        return match.group(0)

    text = _PAREN_PAIR.sub(paren, text)
    return _NEXT_TO_CHINESE.sub(lambda m: _HALF_TO_FULL[m.group(1) or m.group(2)], text)
