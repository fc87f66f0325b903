"""Flattened text: a plan copied from a web page as one long line (or with spaces where its
line breaks were) parses as the same plan; web-page metadata and notices are recognised."""

from __future__ import annotations

import re

import pytest

from youthcity.engines.plans import Plan, parse_all, parse_text
from youthcity.engines.plans.textprep import is_table_line

from .helpers import fixture_text

#: Numbered plans: flattening with no separator at all still gives the same plan.
NUMBERED = [
    "anping_zh.txt", "anping_web_flat_zh.txt", "binhai_lines_zh.txt", "district_pilot_zh.txt", "qingcheng_zh.txt",
    "workpoints_zh.txt", "qinghe_tasks_pipe_zh.txt", "yunxi_task_list_tab_zh.txt",
]
#: Reports made of unnumbered paragraphs: a paragraph break is their only measure boundary, so
#: the flattened copy must keep a space where it was (a copy with no separator at all is one
#: paragraph). The same holds for the boundary between the Luoyang plan and the news report
#: that follows it in the seed file.
PARAGRAPHS = ["news_unnumbered_zh.txt", "news_portal_zh.txt", "news_daily_zh.txt", "news_brief_zh.txt",
              "luoyang_zh.txt"]


def flatten(text: str, separator: str) -> str:
    """The text on one line; table rows (kept by any copy of a table) stay rows."""
    out: list[str] = []
    run: list[str] = []
    for line in text.splitlines():
        if is_table_line(line):
            if run:
                out.append(separator.join(run))
                run = []
            out.append(line)
        elif line.strip():
            run.append(line.strip())
    if run:
        out.append(separator.join(run))
    return "\n".join(out)


def shape(plan: Plan) -> list[tuple[object, ...]]:
    """Everything the ledger imports, with measure text compared without whitespace."""
    rows: list[tuple[object, ...]] = [(plan.title, plan.issuer, plan.date, plan.period)]
    for project in plan.projects:
        rows.append((project.title, project.lead_units))
        for m in project.measures:
            rows.append((m.number, m.title, re.sub(r"\s+", "", m.text), m.responsible_units, m.deadline))
            rows.extend((t.value, t.unit, t.comparator, t.per, t.deadline, t.kind, t.subject) for t in m.targets)
            rows.extend((b.kind, b.low, b.high, b.unit) for b in m.benefits)
    return rows


@pytest.mark.parametrize("name", NUMBERED)
@pytest.mark.parametrize("separator", ["", " "])
def test_flattened_numbered_plan_is_the_same_plan(name: str, separator: str) -> None:
    text = fixture_text(name)
    flat = flatten(text, separator)
    assert "\n" not in flat.split("|")[0] or is_table_line(flat.splitlines()[1])
    assert shape(parse_text(flat)) == shape(parse_text(text))


@pytest.mark.parametrize("name", PARAGRAPHS)
def test_flattened_report_with_spaces_is_the_same_file(name: str) -> None:
    text = fixture_text(name)
    assert [shape(p) for p in parse_all(flatten(text, " "))] == [shape(p) for p in parse_all(text)]


class TestWebPage:
    @pytest.fixture
    def plan(self) -> Plan:
        return parse_text(fixture_text("anping_web_flat_zh.txt"))

    def test_fixture_is_one_line(self) -> None:
        assert len(fixture_text("anping_web_flat_zh.txt").strip().splitlines()) == 1

    def test_metadata_table_is_read_not_parsed(self, plan: Plan) -> None:
        metadata = dict(plan.metadata)
        assert metadata["索引号"] == "11130700MB0123456X/2023-00087"
        assert metadata["发布机构"] == "安平市人民政府办公室"
        assert metadata["发文字号"] == "安政办〔2023〕21号"
        assert metadata["有效性"] == "有效"
        texts = "".join(m.text for m in plan.measures())
        assert not any(word in texts for word in ("索引号", "发布机构", "字体", "打印本页", "关闭窗口"))

    def test_notice_is_recognised_not_a_measure(self, plan: Plan) -> None:
        assert plan.notice is not None and "现印发给你们" in plan.notice
        assert (plan.title, plan.issuer, plan.date) == (
            "安平市青年发展型城市建设实施方案（2023—2025年）", "安平市人民政府办公室", "2023-05-12",
        )
        assert not any("印发给你们" in m.text for m in plan.measures())
        assert plan.period is not None and (plan.period.start, plan.period.end) == ("2023-01-01", "2025-12-31")

    def test_structure(self, plan: Plan) -> None:
        assert [p.title for p in plan.projects] == [
            "实施青年就业创业促进行动", "实施青年安居宜居保障行动", "实施青年文化体育活力行动",
        ]
        assert [m.number for m in plan.measures()] == [str(n) for n in range(1, 9)]


def test_title_less_notice_and_metadata_header_row() -> None:
    plan = parse_text(fixture_text("binhai_lines_zh.txt"))
    assert plan.title == "滨海市2024年青年发展型城市建设工作要点"
    assert plan.notice is not None and plan.notice.startswith("各成员单位：")
    assert (plan.issuer, plan.date) == ("滨海市青年发展型城市建设工作领导小组办公室", "2024-03-08")
    assert dict(plan.metadata)["发文字号"] == "滨青城办〔2024〕2号"
    assert [m.title for m in plan.measures()][:2] == ["健全工作机制", "开展监测评估"]
    first = next(plan.measures())
    assert first.responsible_units == ("团市委",)  # 完成时限 on the same line is not a unit
    assert first.deadline is not None and (first.deadline.every, first.deadline.month) == ("year", 12)


@pytest.mark.parametrize(
    "text",
    [
        "推动统一、规范的青年服务体系建设。",
        "吸引一、二线城市青年来我市就业。",
        "第1、2批试点单位率先启动，提高1.5倍。",
        "发展第二、三产业，带动青年就业。",
    ],
)
def test_numbers_inside_sentences_are_not_breaks(text: str) -> None:
    from youthcity.engines.plans.reflow import unflatten

    line = ("某市青年发展实施方案一、总体要求到2025年基本建成青年发展型城市。二、主要任务（一）青年就业行动1.扩大就业。"
            + text * 4 + "2.支持创业。新建基地5个。")
    pieces = unflatten([line])
    assert any(piece.startswith("1.扩大就业。" + text) for piece in pieces), pieces
    assert pieces[-1] == "2.支持创业。新建基地5个。"


def test_line_broken_plans_are_left_as_they_are() -> None:
    from youthcity.engines.plans.reflow import unflatten

    lines = fixture_text("qingcheng_zh.txt").splitlines()
    assert unflatten(lines) == lines
