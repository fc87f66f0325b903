"""The metadata table and chrome of a government web page are read apart from the plan."""

from __future__ import annotations

import pytest

from youthcity.engines.plans import parse_text
from youthcity.engines.plans.webpage import extract_metadata, strip_chrome

PLAN = "\n".join([
    "某县青年发展型县城建设实施方案",
    "一、重点任务",
    "1.建设青年驿站。新建青年驿站5家。（责任单位：团县委）",
    "2.筹集人才公寓。筹集人才公寓200套。（责任单位：县住建局）",
])


@pytest.mark.parametrize(
    "header",
    [
        # 键：值 pairs on one line
        "索引号：000014349/2024-00012 发布机构：某县人民政府办公室 成文日期：2024年03月02日 发文字号：某政办〔2024〕5号",
        # one pair per line
        "索引号：000014349/2024-00012\n发布机构：某县人民政府办公室\n成文日期：2024-03-02\n发文字号：某政办〔2024〕5号",
        # a header row of keys above a row of values
        "索引号 | 发布机构 | 成文日期 | 发文字号\n000014349/2024-00012 | 某县人民政府办公室 | 2024-03-02 | 某政办〔2024〕5号",
        # a row alternating keys and values
        "索引号\t000014349/2024-00012\t发布机构\t某县人民政府办公室\t成文日期\t2024-03-02\t发文字号\t某政办〔2024〕5号",
    ],
)
def test_metadata_layouts(header: str) -> None:
    plan = parse_text(header + "\n" + PLAN)
    metadata = dict(plan.metadata)
    assert metadata["索引号"] == "000014349/2024-00012"
    assert metadata["发文字号"] == "某政办〔2024〕5号"
    assert (plan.issuer, plan.date) == ("某县人民政府办公室", "2024-03-02")
    assert plan.title == "某县青年发展型县城建设实施方案"
    assert [m.number for m in plan.measures()] == ["1", "2"]
    assert not any("索引号" in m.text for m in plan.measures())


def test_metadata_title_names_the_plan_when_the_page_has_no_title_line() -> None:
    header = "标题：某县人民政府办公室关于印发某县青年发展型县城建设实施方案的通知 发布日期：2024-03-05"
    plan = parse_text(header + "\n" + "\n".join(PLAN.splitlines()[1:]))
    assert plan.title == "某县青年发展型县城建设实施方案"


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("当前位置：首页 > 政务公开 > 政策文件", ""),
        ("【字体：大 中 小】 打印本页 关闭窗口", ""),
        ("扫一扫在手机打开当前页", ""),
        ("1.建设青年驿站。新建青年驿站5家。", "1.建设青年驿站。新建青年驿站5家。"),
    ],
)
def test_chrome(line: str, kept: str) -> None:
    assert strip_chrome(line) == kept


def test_a_label_inside_a_sentence_is_not_metadata() -> None:
    lines = ["1.统一标题：规范青年驿站标识，统一名称：“青年驿站”。"]
    assert extract_metadata(lines) == (lines, [])
