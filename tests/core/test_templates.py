"""Template shape that no page test would notice: a page's title is plain text (a block left
unclosed swallowed a whole table into the careers queue's <title>)."""
from __future__ import annotations

import re
from pathlib import Path

import youthcity

TITLE_BLOCK = re.compile(r"\{%\s*block title\s*%\}(.*?)\{%\s*endblock", re.S)


def test_every_title_block_is_plain_text():
    offenders = []
    for path in Path(youthcity.__file__).parent.rglob("templates/**/*.html"):
        for body in TITLE_BLOCK.findall(path.read_text(encoding="utf-8")):
            if "<" in body or "\n" in body.strip():
                offenders.append(f"{path.name}: {body[:80]!r}")
    assert offenders == []
