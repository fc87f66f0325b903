"""Stage evaluation (阶段性评估): one plan, one reporting period — progress, statuses, targets with
their figures, reporting discipline and the annual assessment — as a dict, a PDF (Noto Sans SC
embedded, :mod:`youthcity.core.pdf`) and an Excel workbook (formula-safe, :mod:`youthcity.core.spreadsheets`).

Read only. The figures are those of the period's end (or of today while the period runs): reports of
later periods are left out, so an evaluation made again later shows the same figures.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from youthcity.core.numbers import plain
from youthcity.core.pdf import cjk_fonts
from youthcity.core.spreadsheets import workbook_bytes

from . import selectors, supervision
from .exports import FILLS
from .models import STATUS_LABELS, Plan, ProgressReport, ReportingPeriod, ReportReview, Responsibility


def _pct(value) -> int:
    return int((value * 100).to_integral_value())


def build(user, plan: Plan, period: ReportingPeriod, *, today: dt.date | None = None) -> dict:
    """The evaluation's figures for ``plan`` and ``period`` as the user may see them (overseers)."""
    day = today or selectors.today()
    as_of = min(day, period.ends_on)
    measures = selectors.visible_measures(user, plan).order_by("project__position", "position")
    states = selectors.measure_states(measures, day=as_of, as_of=True)
    by_project: dict[int, list] = defaultdict(list)
    for s in states:
        by_project[s.measure.project_id].append(s)
    projects = [{"project": p, "measures": len(by_project[p.pk]), "counts": selectors.status_counts(by_project[p.pk]),
                 "completion": _pct(sum(s.assessment.progress for s in by_project[p.pk]) / len(by_project[p.pk]))}
                for p in plan.projects.order_by("position") if by_project.get(p.pk)]
    targets = [(s, t) for s in states for t in s.targets]
    lead = {(r.measure_id, r.unit_id) for r in Responsibility.objects.filter(
        measure__project__plan=plan, role=Responsibility.Role.LEAD)}
    reports = ProgressReport.objects.filter(period=period).exclude(review__decision=ReportReview.Decision.RETURNED)
    on_time, late = set(), set()
    for measure_id, unit_id, submitted in reports.values_list("measure_id", "unit_id", "submitted_at"):
        if (measure_id, unit_id) in lead:
            (on_time if timezone.localtime(submitted).date() <= period.due_on else late).add((measure_id, unit_id))
    late -= on_time
    completion = _pct(sum(s.assessment.progress for s in states) / len(states)) if states else 0
    return {
        "plan": plan, "period": period, "as_of": as_of, "generated": timezone.localtime(),
        "version": getattr(plan, "version", None),
        "states": states, "projects": projects, "counts": selectors.status_counts(states), "completion": completion,
        "targets": targets, "targets_reached": sum(1 for _s, t in targets if t.assessment.status == supervision.DONE),
        "reporting": {"due": len(lead), "on_time": len(on_time), "late": len(late),
                      "missing": len(lead) - len(on_time) - len(late)},
        "assessment": selectors.assessment(user, year=period.ends_on.year, day=as_of, plan=plan),
        "status_labels": {k: str(v) for k, v in STATUS_LABELS.items()},
    }


def _units(state) -> str:
    return "、".join(u.display_name for u in state.lead_units + state.co_units)


def _target_row(state, ts) -> list:
    t = ts.target
    return [state.measure.number or "", t.subject or t.text, f"{t.comparator} {plain(t.value)}{t.unit}",
            f"{plain(t.baseline)}{t.unit}", "" if ts.achieved is None else f"{plain(ts.achieved)}{t.unit}",
            f"{ts.progress_pct}%", f"{ts.expected_pct}%", f"{ts.deadline:%Y-%m-%d}" if ts.deadline else "",
            str(STATUS_LABELS[ts.assessment.status])]


def _score(value) -> str:
    return "—" if value is None else f"{value}"


def _heading(data: dict) -> tuple[str, str]:
    period = data["period"]
    title = _("Stage evaluation: %(plan)s") % {"plan": data["plan"].title}
    sub = _("Reporting period %(start)s – %(end)s · figures as of %(as_of)s") % {
        "start": f"{period.starts_on:%Y-%m-%d}", "end": f"{period.ends_on:%Y-%m-%d}", "as_of": f"{data['as_of']:%Y-%m-%d}"}
    if data.get("version"):
        sub += " · " + _("plan version %(n)s") % {"n": data["version"]}
    return title, sub


def _summary_rows(data: dict) -> list[list[str]]:
    r = data["reporting"]
    rows = [[_("Measures"), str(len(data["states"]))], [_("Overall completion"), f"{data['completion']}%"],
            [_("Targets reached"), f"{data['targets_reached']} / {len(data['targets'])}"]]
    rows += [[data["status_labels"][k], str(v)] for k, v in data["counts"].items()]
    rows += [[_("Reports due this period (measure × lead unit)"), str(r["due"])], [_("Submitted on time"), str(r["on_time"])],
             [_("Submitted late"), str(r["late"])], [_("Not submitted"), str(r["missing"])]]
    return rows


def _measure_header() -> list[str]:
    return [_("No."), _("Measure"), _("Responsible units"), _("Progress"), _("Status")]


def _target_header() -> list[str]:
    return [_("No."), _("Target"), _("Target value"), _("Baseline"), _("Achieved"), _("Progress"),
            _("Time elapsed"), _("Deadline"), _("Status")]


def _assessment_header() -> list[str]:
    return [_("Rank"), _("Unit"), _("Measures led"), _("Score"), _("Completion"), _("Timeliness"), _("Quality")]


def _assessment_row(row) -> list[str]:
    return [str(row["rank"]), row["unit"].display_name, str(row["measures"]), _score(row["score"].total),
            _score(row["completion"]), _score(row["timeliness"]), _score(row["quality"])]


def pdf(data: dict) -> bytes:
    font, bold = cjk_fonts()
    h1 = ParagraphStyle("h1", fontName=bold, fontSize=16, leading=22, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=8.5, leading=12)
    small = ParagraphStyle("small", fontName=font, fontSize=8, leading=11, textColor=colors.HexColor("#555555"))
    buf = io.BytesIO()
    title, sub = _heading(data)
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                            bottomMargin=12 * mm, title=title, author=data["plan"].region.name)

    def table(rows, widths, header=True, status_col=None):
        cells = [[Paragraph(str(c), body) for c in row] for row in rows]
        style = [("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#BBBBBB")), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E9ECEF")))
        if status_col is not None:
            for i, row in enumerate(rows[1:], start=1):
                key = next((k for k, v in data["status_labels"].items() if v == row[status_col]), None)
                if key:
                    style.append(("BACKGROUND", (status_col, i), (status_col, i), colors.HexColor("#" + FILLS[key])))
        t = Table(cells, colWidths=[w * mm for w in widths], repeatRows=1 if header else 0)
        t.setStyle(TableStyle(style))
        return t

    story = [Paragraph(title, h1), Paragraph(sub, small), Spacer(1, 4 * mm), Paragraph(_("Evaluation summary"), h2),
             table(_summary_rows(data), [90, 30], header=False)]
    story += [Paragraph(_("Progress by project"), h2),
              table([[_("Project"), _("Measures"), _("Completion"), *data["status_labels"].values()]]
                    + [[p["project"].title or "—", str(p["measures"]), f"{p['completion']}%",
                        *[str(p["counts"][k]) for k in data["status_labels"]]] for p in data["projects"]],
                    [100, 20, 22, 20, 20, 20, 25, 20])]
    if data["targets"]:
        story += [Paragraph(_("Quantitative targets"), h2),
                  table([_target_header()] + [_target_row(s, t) for s, t in data["targets"]],
                        [14, 70, 30, 26, 30, 20, 22, 26, 22], status_col=8)]
    story += [Paragraph(_("Measure list"), h2),
              table([_measure_header()] + [[s.measure.number or "", str(s.measure), _units(s), f"{s.progress_pct}%",
                                            data["status_labels"][s.status]] for s in data["states"]],
                    [14, 150, 60, 20, 25], status_col=4)]
    story += [Paragraph(_("Annual assessment %(year)s") % {"year": data["period"].ends_on.year}, h2)]
    if data["assessment"]:
        story.append(table([_assessment_header()] + [_assessment_row(r) for r in data["assessment"]],
                           [14, 80, 25, 20, 25, 25, 25]))
    else:
        story.append(Paragraph(_("No unit has data for the assessment yet."), body))
    story += [Spacer(1, 4 * mm), Paragraph(_("Generated by the platform on %(when)s from the accepted progress reports.")
                                           % {"when": f"{data['generated']:%Y-%m-%d %H:%M}"}, small)]
    doc.build(story)
    return buf.getvalue()


def xlsx(data: dict) -> bytes:
    wb = Workbook()
    bold = Font(bold=True)
    title, sub = _heading(data)
    ws = wb.active
    ws.title = _("Evaluation summary")
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([sub])
    ws.append([])
    for row in _summary_rows(data):
        ws.append(row)
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 14

    def sheet(name, header, rows, widths, status_col=None):
        s = wb.create_sheet(name)
        s.append(header)
        for cell in s[1]:
            cell.font = bold
        for row in rows:
            s.append(row)
            if status_col is not None:
                key = next((k for k, v in data["status_labels"].items() if v == row[status_col]), None)
                if key:
                    s.cell(row=s.max_row, column=status_col + 1).fill = PatternFill("solid", fgColor=FILLS[key])
        for i, w in enumerate(widths):
            s.column_dimensions[chr(ord("A") + i)].width = w
        s.freeze_panes = "A2"

    sheet(_("Projects"), [_("Project"), _("Measures"), _("Completion"), *data["status_labels"].values()],
          [[p["project"].title or "—", p["measures"], p["completion"] / 100,
            *[p["counts"][k] for k in data["status_labels"]]] for p in data["projects"]], [50, 10, 12, 10, 10, 10, 12, 10])
    for cell in wb[_("Projects")]["C"][1:]:
        cell.number_format = "0%"
    sheet(_("Measure list"), _measure_header(), [[s.measure.number or "", str(s.measure), _units(s), f"{s.progress_pct}%",
                                              data["status_labels"][s.status]] for s in data["states"]],
          [8, 60, 30, 10, 10], status_col=4)
    sheet(_("Targets"), _target_header(), [_target_row(s, t) for s, t in data["targets"]],
          [8, 40, 16, 14, 16, 10, 10, 12, 10], status_col=8)
    sheet(_("Assessment"), _assessment_header(), [_assessment_row(r) for r in data["assessment"]],
          [8, 30, 12, 10, 12, 12, 10])
    return workbook_bytes(wb)
