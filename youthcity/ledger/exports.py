"""Excel exports of the work ledger (and of each of the four lists) in the familiar layout:
one sheet per project, columns 序号 / 任务 / 目标 / 责任单位 / 进展 / 状态."""

from __future__ import annotations

import re

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from youthcity.core.numbers import plain
from youthcity.core.spreadsheets import workbook_bytes

from .models import STATUS_LABELS, FourList

HEADERS = ["序号", "任务", "目标", "责任单位", "进展", "状态"]
WIDTHS = [8, 60, 40, 30, 50, 10]
FILLS = {"overdue": "F8D7DA", "at_risk": "FFF3CD", "done": "D1E7DD", "on_track": "CFE2FF", "not_started": "E9ECEF"}
_BAD_SHEET_CHARS = re.compile(r"[\\/*?:\[\]]")


def _sheet_title(text: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("", text or "工作台账")[:28] or "工作台账"
    title, n = base, 2
    while title in used:
        title = f"{base[:25]}({n})"
        n += 1
    used.add(title)
    return title


def target_text(state) -> str:
    return "\n".join(f"{t.target.subject or t.target.text} {t.target.comparator} {plain(t.target.value)}{t.target.unit}"
                     + (f"(截至 {t.target.deadline:%Y-%m-%d})" if t.target.deadline else "") for t in state.targets)


def progress_text(state) -> str:
    parts = [f"{t.target.subject or t.target.text}:已完成 {plain(t.achieved)}{t.target.unit}"
             + (f"（来自平台，截至 {timezone.localtime(t.reading.as_of):%Y-%m-%d %H:%M}）" if t.reading else "")
             for t in state.targets if t.achieved is not None]
    if state.percent is not None:
        parts.append(f"自评完成 {state.percent}%")
    if state.last_report is not None:
        parts.append(state.last_report.narrative)
    return "\n".join(parts)


def ledger_workbook(plan, states, *, list_code: str | None = None) -> bytes:
    """The workbook as bytes. ``list_code`` restricts it to one of the four lists."""
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    by_project: dict[int, list] = {}
    for s in states:
        if list_code and list_code not in (s.measure.lists or []):
            continue
        by_project.setdefault(s.measure.project_id, []).append(s)
    heading = plan.title if not list_code else f"{plan.title} · {FourList(list_code).label}"
    for project in plan.projects.all().order_by("position"):
        rows = by_project.get(project.pk)
        if not rows:
            continue
        ws = wb.create_sheet(_sheet_title(project.title, used))
        ws.append([str(heading)])
        ws.append([project.title or ""])
        ws.append(HEADERS)
        for cell in ws[3]:
            cell.font = Font(bold=True)
        for i, w in enumerate(WIDTHS):
            ws.column_dimensions[chr(ord("A") + i)].width = w
        for s in rows:
            units = "、".join([u.short_name or u.name for u in s.lead_units] + [u.short_name or u.name for u in s.co_units])
            ws.append([s.measure.number or "", s.measure.text, target_text(s), units, progress_text(s),
                       str(STATUS_LABELS[s.status])])
            row = ws.max_row
            for cell in ws[row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.cell(row=row, column=6).fill = PatternFill("solid", fgColor=FILLS[s.status])
        ws.freeze_panes = "A4"
    if not wb.sheetnames:
        ws = wb.create_sheet("工作台账")
        ws.append([str(heading)])
        ws.append([])
        ws.append(HEADERS)
    return workbook_bytes(wb)
