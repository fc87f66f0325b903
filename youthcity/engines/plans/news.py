"""News reports of a plan: which plan they report, and which paragraphs are its measures.

A report names the plan it is about (``印发《青城市青年发展型城市建设实施方案》``) next to
documents it only cites (``为贯彻落实《中长期青年发展规划（2016—2025年）》``); its headline is
not the plan's title. Lead paragraphs (``近日…印发…``, ``记者从…获悉``), officials' remarks
(``…负责人表示``), background (``去年…``) and closing lines (``下一步…``, ``发布会上…``) are
about the plan, not measures of it. Paragraphs opening ``在青年就业方面，…`` or ``【就业创业】``
group the measures the way project headings do.
"""

from __future__ import annotations

import re
from collections import Counter

#: A reporter's marks. 来源：/发布时间：/责任编辑： are on every government web page too.
_SIGNS = re.compile(r"报讯|网讯|日电|记者|通讯员|获悉")
_QUOTED_PLAN = re.compile(r"《([^《》]{4,80}?(?:方案|规划|计划|要点|意见|办法|措施|清单)(?:[（(][^（）()]{4,20}[)）])?)》")
_ISSUED_BEFORE = re.compile(r"(?:印发|发布|出台|制定|推出|公布|审议通过|出炉|编制|正式实施)(?:了)?[“\"]?$")
_ISSUED_AFTER = re.compile(r"^[”\"]?(?:[（(][^（）()]{0,20}[)）])?(?:正式|日前|近日|已|于近日)?(?:印发|发布|出台|实施|出炉)")
_CITED_BEFORE = re.compile(r"(?:贯彻|落实|根据|按照|依据|对照|衔接|结合|推动|遵循|依照)(?:好)?[“\"]?$")
_NATIONAL = re.compile(r"中长期|全国|国家|国务院|中共中央")
_ASIDE = re.compile(
    r"报讯|网讯|日电|记者|获悉|日前[，,]|近日[，,]|发布会|印发了?《|出台了?《|发布了?《|以下简称|"
    r"(?:负责人|书记|主任|局长|区长|市长|县长|部长|理事长|专家|代表)[^，,。]{0,6}(?:表示|介绍|指出|强调|说)"
)
_ASIDE_START = re.compile(
    r"^(?:“|下一步|接下来|下阶段|发布会上|会上|活动现场|"
    r"(?:据了解|据悉|据介绍)?[，,]?\s*(?:此前|去年|截至|近年来|目前|今年以来|近[两三五]年|过去))"
)
_OVERVIEW = re.compile(
    r"[一二三四五六七八九十两\d]+(?:大|个|项|条)(?:行动|工程|方面|领域)[^。]{0,12}[一二三四五六七八九十两\d]+(?:条|项)"
)
_ASPECT = re.compile(r"^(?:在|就|围绕)?(?P<title>[^，,。；;：:“”《》]{2,14}?)方面[，,：:]\s*(?P<rest>.+)$")
_BRACKET_HEADING = re.compile(r"^【(?P<title>[^】]{2,16})】\s*(?P<rest>.+)$")


def looks_like_news(paragraphs: list[str]) -> bool:
    """Bylines, 本报讯, 记者…获悉 near the top or at the end: a report, not the plan itself."""
    head = "\n".join(paragraphs[:6])
    tail = "\n".join(paragraphs[-2:])
    return bool(_SIGNS.search(head) or _SIGNS.search(tail))


def is_aside(paragraph: str) -> bool:
    """A paragraph of a report that is about the plan, not one of its measures."""
    return bool(_ASIDE.search(paragraph) or _ASIDE_START.match(paragraph) or _OVERVIEW.search(paragraph))


def aspect(paragraph: str) -> tuple[str, str] | None:
    """``在青年就业方面，《方案》提出…`` → (``青年就业``, rest); ``【就业创业】每年…`` likewise."""
    match = _BRACKET_HEADING.match(paragraph) or _ASPECT.match(paragraph)
    if match is None:
        return None
    return match.group("title").strip(), match.group("rest").strip()


def reported_plan(text: str) -> str | None:
    """The plan a report is about: the quoted plan that is issued (印发《…》, 《…》正式实施)
    rather than cited (贯彻落实《…》), local rather than national, and named most often."""
    counts = Counter(m.group(1) for m in _QUOTED_PLAN.finditer(text))
    best: tuple[int, int, str] | None = None
    for position, match in enumerate(_QUOTED_PLAN.finditer(text)):
        name = match.group(1)
        before = text[max(0, match.start() - 12):match.start()]
        after = text[match.end():match.end() + 14]
        score = counts[name]
        if _ISSUED_BEFORE.search(before) or _ISSUED_AFTER.match(after):
            score += 3
        if _CITED_BEFORE.search(before):
            score -= 4
        if _NATIONAL.search(name):
            score -= 2
        rank = (score, -position, name)
        if best is None or rank > best:
            best = rank
    return best[2] if best and best[0] > 0 else None
