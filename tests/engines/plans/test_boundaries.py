"""The engine stays pure Python: no Django, a curated public API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import youthcity.engines.plans as plans

PACKAGE = Path(plans.__file__).parent


def test_no_django_import_in_the_source() -> None:
    for path in PACKAGE.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import django" not in source and "from django" not in source, path.name


def test_importing_and_parsing_does_not_load_django() -> None:
    code = (
        "import sys, youthcity.engines.plans as p, youthcity.engines.plans.cli;"
        "p.parse_text('一、任务\\n1.建设。新建公寓5万套。');"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django loaded'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_public_api() -> None:
    assert set(plans.__all__) >= {
        "Plan", "Project", "Measure", "Target", "PlanParseError",
        "parse_text", "parse_bytes", "parse_file", "parse_all", "split_documents",
    }
    for name in plans.__all__:
        assert hasattr(plans, name), name
