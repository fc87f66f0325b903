"""What a government web page wraps around a plan: the metadata table and the page chrome.

Plans copied from a 政府信息公开 page start with a metadata table (索引号 | 主题分类 | 发布机构
| 成文日期 | 标题 | 发文字号 | 发布日期 …) and carry breadcrumbs (首页 > 政务公开 > …) and
buttons (【字体：大 中 小】 打印本页 关闭窗口). The table is read into ``Plan.metadata`` (its
发布机构/成文日期/标题 fill issuer, date and title when the text has none); the chrome is dropped.
Neither is ever a measure.

Three layouts are read: ``键：值`` pairs (on one line or many, possibly run together with no
separator), a header row of keys above a row of values, and a row alternating keys and values.
"""

from __future__ import annotations

import re

_KEYS = (
    "索引号", "信息索引号", "主题分类", "主题词", "组配分类", "体裁分类", "服务对象分类", "发文机关", "发文机构",
    "发布机构", "发文单位", "成文日期", "成文时间", "发布日期", "发布时间", "印发日期", "公开日期", "生效日期",
    "实施日期", "废止日期", "标题", "文件名称", "名称", "发文字号", "文号", "有效性", "是否有效", "信息来源",
    "公开方式", "公开范围", "公开时限", "所属机构", "信息分类", "文件编号", "统一编号", "登记号", "浏览次数",
    "来源", "作者", "责任编辑",
)
_STRONG_KEYS = frozenset(
    ("索引号", "信息索引号", "主题分类", "发文机关", "发文机构", "发布机构", "成文日期", "发文字号", "文号", "有效性")
)
_KEY = "|".join(sorted(_KEYS, key=len, reverse=True))
_ANY_KEY = re.compile("(?=[" + "".join(sorted({k[0] for k in _KEYS})) + "])(?:" + _KEY + ")")
_PAIR_KEY = re.compile(rf"(?P<key>{_KEY})\s*[:：]")
_CELL_SPLIT = re.compile(r"\s*(?:\||\t|｜)\s*")
_DATE_VALUE = re.compile(r"^\s*(\d{4}\s*(?:年|-|/|\.)\s*\d{1,2}\s*(?:月|-|/|\.)\s*\d{1,2}\s*日?)")
_TYPED_VALUES = {
    "date": _DATE_VALUE,
    "number": re.compile(r"^\s*([^\s〔\[]{1,12}[〔\[]\d{4}[〕\]]\s*\d{1,4}\s*号)"),
    "index": re.compile(r"^\s*([0-9A-Za-z][0-9A-Za-z/\-_.]{4,60})"),
    "validity": re.compile(r"^\s*(现行有效|有效|失效|废止|部分失效)"),
    "title": re.compile(r"^\s*(.{4,120}?(?:的通知|的意见|方案|规划|计划|要点|办法)(?:[（(][^（）()]{4,20}[)）])?)"),
}
_KEY_TYPES = {
    "成文日期": "date", "成文时间": "date", "发布日期": "date", "发布时间": "date", "印发日期": "date",
    "公开日期": "date", "生效日期": "date", "实施日期": "date", "废止日期": "date", "发文字号": "number",
    "文号": "number", "索引号": "index", "信息索引号": "index", "文件编号": "index", "统一编号": "index",
    "登记号": "index", "有效性": "validity", "是否有效": "validity", "标题": "title", "文件名称": "title",
    "名称": "title",
}
_CHROME = re.compile(
    r"(?=[【字打关扫分当您你首])(?:【?\s*字[体号]\s*[:：]?\s*[【\[]?大[】\]]?\s*[【\[]?中[】\]]?\s*[【\[]?小[】\]]?\s*】?"
    r"|【?打印(?:本页|此页|文章)?】?(?=\s|$|【|关闭)|【?关闭(?:本页|窗口)】?|扫一扫在手机(?:上)?打开当前页|"
    r"分享到\s*[:：]|【\s*(?:收藏|纠错|返回顶部)\s*】|"
    r"(?:当前位置|您的位置|你的位置)\s*[:：]\s*首页(?:\s*[>＞»›]\s*[^\s>＞»›]{1,12}?)+(?=\s|索引号|信息索引号|$)|"
    r"^首页(?:\s*[>＞»›]\s*[^\s>＞»›]{1,12}?)+(?=\s|索引号|信息索引号|$))"
)


def strip_chrome(line: str) -> str:
    """A line without breadcrumbs and page buttons (empty if it was nothing else)."""
    if not line:
        return line
    return _CHROME.sub(" ", line).strip() if _CHROME.search(line) else line


def _typed_value(key: str, rest: str) -> tuple[str, int] | None:
    """The value of the last key on a run-together line, read by its type."""
    pattern = _TYPED_VALUES.get(_KEY_TYPES.get(key, ""))
    if pattern is not None:
        match = pattern.match(rest)
        if match:
            return match.group(1).strip(), match.end()
    delimited = re.match(r"^\s*([^\s|｜\t]{1,40})(?=[\s|｜\t]|$)", rest)
    if delimited:
        return delimited.group(1), delimited.end()
    return None


def _pairs_in_line(line: str) -> tuple[list[tuple[str, str]], int, int] | None:
    """``键：值`` pairs in a line: the pairs and the span they take (None without two keys,
    or one key whose value fills the whole line)."""
    keys = list(_PAIR_KEY.finditer(line))
    if not keys or (len(keys) == 1 and keys[0].start() > 0):
        return None
    separated = [k.start() == 0 or line[k.start() - 1] in " \t|｜" for k in keys]
    # 统一标题：…，统一名称：… is a sentence: a table starts the line and names a file's
    # identity (索引号, 发布机构, 成文日期…), or sets every key apart.
    if not separated[0] or not (all(separated) or any(k.group("key") in _STRONG_KEYS for k in keys)):
        return None
    pairs: list[tuple[str, str]] = []
    end = keys[0].start()
    for index, key in enumerate(keys):
        if index + 1 < len(keys):
            value = line[key.end():keys[index + 1].start()].strip(" |｜\t")
            end = keys[index + 1].start()
        else:
            typed = _typed_value(key.group("key"), line[key.end():])
            if typed is None:
                value, end = "", key.end()
            else:
                value, end = typed[0], key.end() + typed[1]
        pairs.append((key.group("key"), value))
    if len(keys) == 1 and end < len(line) - 1:
        return None  # 标题：… inside a sentence is not a metadata table
    return pairs, keys[0].start(), end


def _cells(line: str) -> list[str]:
    return [cell.strip(" ：:") for cell in _CELL_SPLIT.split(line.strip().strip("|｜"))]


def _is_key(cell: str) -> bool:
    return cell in _KEYS


def _unglue(cells: list[str]) -> list[str]:
    """``发文字号113302…`` (a header row run into its value row) → ``发文字号``, ``113302…``."""
    out: list[str] = []
    for cell in cells:
        key = re.match(rf"^(?:{_KEY})", cell)
        if key and key.end() < len(cell) and out and all(_is_key(c) for c in out):
            out += [key.group(0), cell[key.end():].strip()]
        else:
            out.append(cell)
    return out


def _table_pairs(line: str, following: str) -> tuple[list[tuple[str, str]], bool, str] | None:
    """A header row of keys with a row of values below (``True``: the next line was used too),
    or one row alternating keys and values; the text left after the table, if any."""
    cells = _unglue(_cells(line))
    if len(cells) < 2:
        return None
    keys = 0
    while keys < len(cells) and _is_key(cells[keys]):
        keys += 1
    if keys == len(cells):
        values = _cells(following)
        if len(values) == len(cells):
            return list(zip(cells, values, strict=True)), True, ""
        return None
    if keys >= 2 and len(cells) >= 2 * keys:
        # Header and values on one line (copied without line breaks); the last value may run
        # into the text that follows the table.
        values = cells[keys:2 * keys]
        rest = "|".join(cells[2 * keys:])
        typed = _typed_value(cells[keys - 1], values[-1])
        if typed is not None and typed[1] < len(values[-1]):
            rest = values[-1][typed[1]:] + rest
            values[-1] = typed[0]
        return list(zip(cells[:keys], values, strict=True)), False, rest.strip()
    keys_at_even = [c for c in cells[0::2] if _is_key(c)]
    if len(keys_at_even) >= 2 and len(keys_at_even) == len(cells[0::2]):
        values = cells[1::2] + [""] * (len(cells[0::2]) - len(cells[1::2]))
        return list(zip(cells[0::2], values, strict=True)), False, ""
    return None


def extract_metadata(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Drop page chrome and the metadata table from ``lines``; return them and the pairs read.

    Removed lines become ``""``; a line that also holds text after the table (a plan copied as
    one long line) keeps that text.
    """
    out = [strip_chrome(line) for line in lines]
    pairs: list[tuple[str, str]] = []
    index = 0
    while index < len(out):
        line = out[index]
        if not line:
            index += 1
            continue
        if not _ANY_KEY.search(line):
            index += 1  # most lines name no metadata key at all
            continue
        following = next((out[k] for k in range(index + 1, min(index + 3, len(out))) if out[k]), "")
        table = _table_pairs(line, following) if _CELL_SPLIT.search(line) else None
        if table is not None:
            found, used_next, rest = table
            pairs.extend(found)
            out[index] = rest
            if used_next:
                nxt = next(k for k in range(index + 1, len(out)) if out[k])
                out[nxt] = ""
            index += 1
            continue
        inline = _pairs_in_line(line)
        if inline is not None:
            found, start, end = inline
            pairs.extend(found)
            out[index] = (line[:start] + "\n" + line[end:]).strip()
        index += 1
    lines_out: list[str] = []
    for line in out:
        lines_out.extend(part.strip() for part in line.split("\n")) if "\n" in line else lines_out.append(line)
    return lines_out, _unique(pairs)


def _unique(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for key, value in pairs:
        if value and key not in seen:
            seen[key] = value
    return list(seen.items())
