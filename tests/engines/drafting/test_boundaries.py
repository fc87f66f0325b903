"""The drafting engine stays pure Python: no Django, a curated public API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import youthcity.engines.drafting as drafting

PACKAGE = Path(drafting.__file__).parent


def test_no_django_import_in_the_source() -> None:
    for path in PACKAGE.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import django" not in source and "from django" not in source, path.name


def test_drafting_does_not_load_django() -> None:
    code = (
        "import sys, youthcity.engines.drafting as d;"
        "assert d.draft_plan('一、任务\\n1.就业。为青年大学生提供最高3年租金减免。');"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django loaded'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_public_api() -> None:
    for name in drafting.__all__:
        assert hasattr(drafting, name), name
