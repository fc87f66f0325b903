"""The engine stays pure Python: no Django, a curated public API, no language RNG in the draw."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import youthcity.engines.lottery as lottery

PACKAGE = Path(lottery.__file__).parent


def test_no_django_and_no_random_generator_in_the_source() -> None:
    for path in PACKAGE.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import django" not in source and "from django" not in source, path.name
        # The published result must never come from a language's generator (docs §5).
        assert "import random" not in source and "np.random" not in source and "default_rng" not in source, path.name


def test_importing_and_drawing_does_not_load_django() -> None:
    code = (
        "import sys, youthcity.engines.lottery as l, youthcity.engines.lottery.cli;"
        "s='x'*16;"
        "r=l.freeze_round(round_id='R', commitment=l.commit(s), public_source=l.PublicSource('text','t'),"
        " homes=[l.Home('H','a',1)], applicants=[l.Applicant('A')]);"
        "assert l.verify(l.draw(r, s, 'v').audit_bytes).ok;"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django loaded'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_public_api() -> None:
    assert set(lottery.__all__) >= {
        "Home", "Applicant", "ReserveRule", "Policy", "PublicSource", "FrozenRound", "DrawResult",
        "LotteryError", "freeze_round", "round_from_dict", "load_round", "commit", "new_secret",
        "draw", "verify", "next_in_line",
    }
    for name in lottery.__all__:
        assert hasattr(lottery, name), name
    assert (PACKAGE / "README.md").exists()
