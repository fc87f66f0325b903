"""The engine stays pure Python: no Django, a curated public API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import youthcity.engines.matching as matching

PACKAGE = Path(matching.__file__).parent


def test_no_django_import_in_the_source() -> None:
    for path in PACKAGE.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import django" not in source and "from django" not in source, path.name


def test_importing_and_matching_does_not_load_django() -> None:
    code = (
        "import sys, youthcity.engines.matching as m, youthcity.engines.matching.cli;"
        "r = m.MatchingRound([m.Applicant('a', ('p',))], [m.Position('p', 1, ('a',))]);"
        "assert m.match(r).assignments[0].position_id == 'p';"
        "assert not any(x == 'django' or x.startswith('django.') for x in sys.modules), 'django loaded'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_public_api() -> None:
    assert set(matching.__all__) >= {
        "Applicant", "Position", "MatchingRound", "MatchResult", "Assignment", "PositionFill", "SeatFill",
        "MatchingInputError", "Issue", "match", "validate", "make_audit", "verify", "OPEN", "REVERTED",
    }
    for name in matching.__all__:
        assert hasattr(matching, name), name


def test_the_cycle_collector_is_paused_only_while_matching() -> None:
    import gc

    import pytest

    round_ = matching.MatchingRound([matching.Applicant("a", ("p",))], [matching.Position("p", 1, ("a",))])
    bad = matching.MatchingRound([matching.Applicant("a", ("q",))], [matching.Position("p", 1)])
    assert gc.isenabled()
    matching.match(round_)
    assert gc.isenabled()
    with pytest.raises(matching.MatchingInputError):
        matching.match(bad)
    assert gc.isenabled()
    gc.disable()
    try:
        matching.match(round_)
        assert not gc.isenabled()  # a caller's choice is left as it was
    finally:
        gc.enable()
