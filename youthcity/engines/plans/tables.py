"""Task tables: the appendix that says who does what by when (重点任务分工表 / 任务清单).

``序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限`` rows arrive pipe- or tab-separated (text
files, and .docx/.xlsx tables turned into such rows by ``sources``). A table is taken out of
the text before the outline is read, so it never shows up as an extra project of untitled
duplicates. Its rows then either complete the measures of the body — each row is matched to
the measure whose text contains its task, and gives that measure its units and deadline — or,
when the body has no numbered measures (a bare 任务清单), become the measures themselves.
Rows that match no measure are returned for the reviewer (``Plan.unmatched_tasks``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from .deadlines import parse_deadline
from .model import Measure, Project, TaskRow
from .outline import finish_measure
from .textprep import is_table_line
from .units import split_units

_SEPARATOR = re.compile(r"\s*(?:\||｜|\t)\s*")
_RULE_ROW = re.compile(r"^[\s|｜:：\-—–=+]+$")
_NUMBER = re.compile(r"序号|编号|^no\.?$|^#$", re.IGNORECASE)
_TASK = re.compile(r"任务|措施|举措|工作内容|具体内容|工作事项|事项|内容|项目名称|task|measure", re.IGNORECASE)
_PROJECT = re.compile(r"类别|领域|板块|工程|行动|方面|专项|project|category", re.IGNORECASE)
_LEAD = re.compile(r"牵头单位|牵头部门|主责单位|责任主体|lead", re.IGNORECASE)
_UNITS = re.compile(r"责任单位|责任部门|配合单位|配合部门|协办单位|参与单位|责任处室|responsible|support", re.IGNORECASE)
_DEADLINE = re.compile(r"完成时限|完成时间|时间节点|时限|进度安排|完成期限|时间安排|deadline|due", re.IGNORECASE)
_CAPTION = re.compile(r"分工表|分工方案|任务清单|责任清单|工作清单|台账|一览表|项目表|任务表")
_APPENDIX = re.compile(r"^附件\s*\d*\s*[:：]?\s*\S{0,40}$")
_GROUP_MARK = re.compile(r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）])\s*")


@dataclass(frozen=True, slots=True)
class TableRow:
    """One task of a table, as written."""

    number: str | None
    project: str | None
    task: str
    units: list[str]
    deadline: str | None


@dataclass(slots=True)
class TaskTable:
    """A task table found in the text: where its header was, its caption and its rows."""

    line: int
    caption: str | None = None
    rows: list[TableRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Columns:
    task: int
    number: int | None
    project: int | None
    detail: int | None
    lead: list[int]
    units: list[int]
    deadline: int | None


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in _SEPARATOR.split(line.strip().strip("|｜"))]


def _columns(header: list[str]) -> _Columns | None:
    """Which column holds what, or None if this is not a task table's header."""
    def first(pattern: re.Pattern[str], exclude: set[int]) -> int | None:
        return next((i for i, h in enumerate(header) if i not in exclude and pattern.search(h)), None)

    lead = [i for i, h in enumerate(header) if _LEAD.search(h)]
    units = [i for i, h in enumerate(header) if _UNITS.search(h) and i not in lead]
    deadline = first(_DEADLINE, set(lead + units))
    taken = set(lead + units + ([deadline] if deadline is not None else []))
    number = first(_NUMBER, taken)
    if number is not None:
        taken.add(number)
    project = next((i for i, h in enumerate(header) if i not in taken and _PROJECT.search(h)
                    and not re.search(r"任务|措施|内容|事项", h)), None)
    if project is not None:
        taken.add(project)
    task = first(_TASK, taken)
    if task is None or not (lead or units or deadline is not None):
        return None
    detail = first(_TASK, taken | {task})
    return _Columns(task, number, project, detail, lead, units, deadline)


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _row(cells: list[str], columns: _Columns, width: int, project: str | None) -> TableRow | str | None:
    """A task row, a group title (a row with one filled cell: 一、青年就业创业行动), or None."""
    if len(cells) == width - 1 and columns.project == 0:
        cells = ["", *cells]  # the merged 类别 cell is only in the first row of its group
    filled = [c for c in cells if c]
    if not filled:
        return None
    if len(filled) == 1 and not filled[0].isdigit() and len(filled[0]) <= 40:
        return _GROUP_MARK.sub("", filled[0]).strip()
    task = _cell(cells, columns.task)
    detail = _cell(cells, columns.detail)
    if detail and detail != task:
        task = f"{task.rstrip('。')}。{detail}" if task else detail
    if not task:
        return None
    units: list[str] = []
    for index in [*columns.lead, *columns.units]:
        units.extend(u for u in split_units(_cell(cells, index)) if u not in units)
    number = _cell(cells, columns.number)
    return TableRow(
        number if number.isdigit() else None,
        _cell(cells, columns.project) or project,
        task,
        units,
        _cell(cells, columns.deadline) or None,
    )


def _read_table(lines: list[str], start: int, columns: _Columns, width: int) -> tuple[list[TableRow], int]:
    """Rows below the header at ``start``; returns them and the index after the table."""
    rows: list[TableRow] = []
    project: str | None = None
    index = start + 1
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
            continue
        if not is_table_line(line):
            if _is_group_title(line) and _next_is_row(lines, index):
                project = _GROUP_MARK.sub("", line).strip()  # a title row whose empty cells were trimmed
                index += 1
                continue
            break
        if not _RULE_ROW.match(line):
            found = _row(_cells(line), columns, width, project)
            if isinstance(found, str):
                project = found
            elif found is not None:
                project = found.project
                rows.append(found)
        index += 1
    return rows, index


def _is_group_title(line: str) -> bool:
    return len(line) <= 30 and not re.search(r"[。；;，,：:]", line)


def _next_is_row(lines: list[str], index: int) -> bool:
    following = next((line for line in lines[index + 1:index + 4] if line), "")
    return is_table_line(following)


def _caption_above(lines: list[str], header: int) -> tuple[str | None, list[int]]:
    """The table's caption and 附件 lines just above its header (to be removed with it)."""
    caption = None
    used: list[int] = []
    index = header - 1
    while index >= 0 and len(used) < 3:
        line = lines[index]
        if not line:
            index -= 1
            continue
        if _APPENDIX.match(line):
            used.append(index)
        elif _CAPTION.search(line) and len(line) <= 60 and not re.search(r"[。；;，,]", line):
            caption = caption or line
            used.append(index)
        else:
            break
        index -= 1
    return caption, used


def extract_tables(lines: list[str]) -> tuple[list[str], list[TaskTable]]:
    """Take task tables (with their caption and 附件 line) out of ``lines``; removed lines
    become ``""``. Tables that are not task tables are left alone."""
    out = list(lines)
    tables: list[TaskTable] = []
    index = 0
    while index < len(out):
        line = out[index]
        columns = _columns(_cells(line)) if line and is_table_line(line) else None
        if columns is None:
            index += 1
            continue
        width = len(_cells(line))
        rows, end = _read_table(out, index, columns, width)
        caption, used = _caption_above(out, index)
        tables.append(TaskTable(index, caption, rows))
        for k in [*used, *range(index, end)]:
            out[k] = ""
        index = end
    return out, tables


# --- Applying a table to the outline --------------------------------------------------------


def _bigrams(text: str) -> set[str]:
    clean = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", text)
    return {clean[i:i + 2] for i in range(len(clean) - 1)}


def _containment(row_keys: set[str], measure_keys: set[str]) -> float:
    """How much of the row's task text the measure contains (0–1)."""
    return len(row_keys & measure_keys) / len(row_keys) if row_keys else 0.0


def _best_measure(
    row: TableRow, measures: list[tuple[int, int, Measure, set[str]]], unique_numbers: bool
) -> tuple[int, int] | None:
    row_keys = _bigrams(row.task)
    if unique_numbers and row.number is not None:
        # The usual table lists the body's measures by their numbers: try that one first.
        for p, m, measure, keys in measures:
            if measure.number == row.number and _containment(row_keys, keys) >= 0.5:
                return p, m
    best: tuple[float, int, int] | None = None
    for p, m, measure, keys in measures:
        score = _containment(row_keys, keys)
        if unique_numbers and row.number is not None and row.number == measure.number:
            score += 0.3
        if best is None or score > best[0]:
            best = (score, p, m)
    if best is None or best[0] < 0.5:
        return None
    return best[1], best[2]


def _with_row(measure: Measure, row: TableRow, year: int | None) -> Measure:
    units = tuple(dict.fromkeys([*measure.responsible_units, *row.units]))
    deadline = measure.deadline
    if row.deadline:
        deadline = parse_deadline(row.deadline, year) if deadline is None or not _from_field(measure) else deadline
    return replace(measure, responsible_units=units, deadline=deadline)


def _from_field(measure: Measure) -> bool:
    """Was the measure's deadline given as a 完成时限 (kept), rather than read from its text?"""
    return measure.deadline is not None and measure.deadline.text not in measure.text


def _rows_as_projects(rows: list[TableRow], plan_date: date | None, year: int | None) -> list[Project]:
    order: list[str | None] = []
    grouped: dict[str | None, list[Measure]] = {}
    for index, row in enumerate(rows, start=1):
        key = row.project
        if key not in grouped:
            grouped[key] = []
            order.append(key)
        measure = finish_measure(row.number or str(index), None, row.task, row.units, row.deadline, plan_date, year)
        grouped[key].append(measure)
    return [Project(title, (), tuple(grouped[title])) for title in order]


def apply_tables(
    projects: list[Project], tables: list[TaskTable], plan_date: date | None, year: int | None
) -> tuple[list[Project], list[TaskRow]]:
    """Complete the body's measures with the tables' units and deadlines; or, when the body
    has no numbered measures, make the rows the measures. Returns the projects and the rows
    that matched no measure."""
    rows = [row for table in tables for row in table.rows]
    if not rows:
        return projects, []
    measures = [
        (p, m, measure, _bigrams(f"{measure.title or ''}{measure.text}"))
        for p, project in enumerate(projects) for m, measure in enumerate(project.measures)
    ]
    if not any(measure.number for _, _, measure, _ in measures):
        return _rows_as_projects(rows, plan_date, year), []
    numbers = [measure.number for _, _, measure, _ in measures]
    unique_numbers = len(set(numbers)) == len(numbers)
    updated = {(p, m): measure for p, m, measure, _ in measures}
    unmatched: list[TaskRow] = []
    for row in rows:
        found = _best_measure(row, measures, unique_numbers)
        if found is None:
            deadline = parse_deadline(row.deadline, year) if row.deadline else None
            unmatched.append(TaskRow(row.number, row.task, tuple(row.units), deadline, row.project))
            continue
        updated[found] = _with_row(updated[found], row, year)
    result = [
        replace(project, measures=tuple(updated[(p, m)] for m in range(len(project.measures))))
        for p, project in enumerate(projects)
    ]
    return result, unmatched
