"""Task tables (重点任务分工表 / 任务清单) in text, .docx and .xlsx."""

from __future__ import annotations

import functools
import io
import re

import docx
import openpyxl
import pytest

from youthcity.engines.plans import Plan, parse_bytes, parse_text

from .helpers import fixture_text


@functools.cache
def parsed(name: str) -> Plan:
    return parse_text(fixture_text(name))


def _rows(text: str, separator: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.count(separator) >= (2 if separator == "|" else 1) and "---" not in line:
            rows.append([cell.strip() for cell in line.strip().strip("|").split(separator)])
    return rows


def _docx(paragraphs: list[str], table: list[list[str]]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(title: str, table: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([title])
    for row in table:
        sheet.append([int(c) if c.isdigit() else (c or None) for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _summary(plan: Plan) -> list[tuple[object, ...]]:
    return [
        (p.title, m.number, m.responsible_units, m.deadline.to_dict() if m.deadline else None,
         [(t.value, t.unit) for t in m.targets])
        for p in plan.projects for m in p.measures
    ]


class TestAppendixTableCompletesTheBody:
    @pytest.fixture
    def plan(self) -> Plan:
        return parsed("qinghe_tasks_pipe_zh.txt")

    def test_no_extra_project_and_no_duplicates(self, plan: Plan) -> None:
        assert [p.title for p in plan.projects] == ["青年就业创业行动", "青年安居保障行动", "青年文化活力行动"]
        assert [m.number for m in plan.measures()] == ["1", "2", "3", "4", "5", "6", "7"]
        assert not any("分工表" in m.text or "|" in m.text for m in plan.measures())

    def test_units_lead_first_from_the_table(self, plan: Plan) -> None:
        units = [m.responsible_units for m in plan.measures()]
        assert units[0] == ("市人社局", "市国资委", "市教育局")
        assert units[3] == ("市住建局", "各县（市、区）人民政府")
        assert units[4] == ("团市委", "市住建局", "市人社局")

    def test_completion_times_are_deadlines_never_units(self, plan: Plan) -> None:
        deadlines = [m.deadline for m in plan.measures()]
        assert all(d is not None for d in deadlines)
        assert [(d.kind, d.date, d.every) for d in deadlines if d] == [
            ("recurring", None, "year"), ("date", "2026-12-31", None), ("recurring", None, "year"),
            ("date", "2026-12-31", None), ("date", "2025-06-30", None), ("ongoing", None, None),
            ("ongoing", None, None),
        ]
        assert not any(re.search(r"\d|长期|每年", u) for m in plan.measures() for u in m.responsible_units)

    def test_a_row_that_matches_no_measure_is_kept_for_review(self, plan: Plan) -> None:
        [row] = plan.unmatched_tasks
        assert (row.number, row.task, row.units) == ("8", "建立青年发展监测评估制度", ("市统计局", "团市委"))
        assert row.deadline is not None and row.deadline.date == "2024-12-31"

    def test_docx_table_gives_the_same_plan(self, plan: Plan) -> None:
        text = fixture_text("qinghe_tasks_pipe_zh.txt")
        body = [line for line in text.splitlines() if line.strip() and "|" not in line]
        data = _docx(body, _rows(text, "|"))
        from_docx = parse_bytes(data, "qinghe.docx")
        assert _summary(from_docx) == _summary(plan)
        assert from_docx.unmatched_tasks == plan.unmatched_tasks


class TestTaskListWithoutBodyMeasures:
    @pytest.fixture
    def plan(self) -> Plan:
        return parsed("yunxi_task_list_tab_zh.txt")

    def test_rows_become_the_measures_grouped_by_category(self, plan: Plan) -> None:
        assert plan.title == "云溪县2024年青年发展型县城建设重点任务清单"
        assert [(p.title, [m.number for m in p.measures]) for p in plan.projects] == [
            ("青年就业创业", ["1", "2", "3"]), ("青年安居保障", ["4", "5"]), ("青年成长服务", ["6", "7"]),
        ]
        assert plan.unmatched_tasks == ()

    def test_units_deadlines_and_targets(self, plan: Plan) -> None:
        first, second, third, fourth, fifth, sixth, seventh = plan.measures()
        assert first.responsible_units == ("县人社局", "县总工会", "团县委")
        assert [(t.value, t.unit) for t in first.targets] == [(40, "场"), (6000, "个")]
        assert third.deadline is not None and third.deadline.every == "quarter"
        assert fifth.deadline is not None and fifth.deadline.date == "2024-12-31"  # 年内, the list's year
        assert [t.kind for t in sixth.targets] == ["ratio", "coverage"]
        assert seventh.deadline is not None and seventh.deadline.kind == "ongoing"
        assert [b.kind for b in fifth.benefits] == ["stay"]

    def test_xlsx_gives_the_same_plan(self, plan: Plan) -> None:
        text = fixture_text("yunxi_task_list_tab_zh.txt")
        data = _xlsx("云溪县2024年青年发展型县城建设重点任务清单", _rows(text, "\t"))
        from_xlsx = parse_bytes(data, "tasks.xlsx")
        assert from_xlsx.title == plan.title
        assert _summary(from_xlsx) == _summary(plan)


def test_merged_category_cells_and_group_rows() -> None:
    text = "\n".join([
        "某区青年工作任务清单",
        "序号\t重点任务\t牵头单位\t完成时限",
        "一、青年就业行动\t\t\t",
        "1\t新增青年就业岗位2000个。\t区人社局\t2025年底前",
        "2\t举办招聘会20场。\t区人社局\t每年6月底前",
        "二、青年安居行动\t\t\t",
        "3\t筹集人才公寓300套。\t区住建局\t2025年底前",
    ])
    plan = parse_text(text)
    assert [(p.title, [m.number for m in p.measures]) for p in plan.projects] == [
        ("青年就业行动", ["1", "2"]), ("青年安居行动", ["3"]),
    ]
    assert plan.projects[0].measures[1].deadline is not None
    assert plan.projects[0].measures[1].deadline.month == 6


def test_a_table_that_is_not_a_task_table_is_left_alone() -> None:
    text = "\n".join([
        "某县青年发展工作方案",
        "一、主要任务",
        "1.建设青年驿站。新建青年驿站5家。",
        "青年人口 | 2023年 | 2024年",
        "人数 | 12万 | 13万",
    ])
    plan = parse_text(text)
    assert [m.number for m in plan.measures()] == ["1"]
    assert plan.unmatched_tasks == ()


def test_damaged_xlsx_is_refused_clearly() -> None:
    from youthcity.engines.plans import PlanParseError

    data = _xlsx("x", [["序号", "任务", "牵头单位"], ["1", "a", "b"]])[:400]
    with pytest.raises(PlanParseError) as error:
        parse_bytes(data, "tasks.xlsx")
    assert error.value.code == "unsupported_format"
