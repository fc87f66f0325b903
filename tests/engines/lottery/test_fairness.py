"""Each applicant's chance is what the rules say: k/n in a plain lottery, and equal within a
category when reserves apply. Deterministic: the draws use public values "0", "1", …"""

from __future__ import annotations

import math
from collections import Counter

from youthcity.engines.lottery import draw

from .helpers import SECRET, simple_round


def _chi_square_bound(df: int) -> float:
    # Upper 1e-6 tail of chi-square(df) by Wilson–Hilferty (z = 4.75); the statistic below is
    # even smaller in distribution (wins are capped at k per draw), so the bound is conservative.
    z = 4.75
    return df * (1 - 2 / (9 * df) + z * math.sqrt(2 / (9 * df))) ** 3


def _wins(frozen, draws: int) -> Counter[str]:  # type: ignore[no-untyped-def]
    wins: Counter[str] = Counter()
    for k in range(draws):
        wins.update(a.applicant for a in draw(frozen, SECRET, str(k)).assignments)
    return wins


def test_win_rate_is_k_over_n_for_every_applicant() -> None:
    n, k, draws = 24, 6, 2400
    frozen = simple_round(n_homes=k, n_applicants=n)
    wins = _wins(frozen, draws)
    expected = draws * k / n
    statistic = sum((wins[a] - expected) ** 2 / expected for a in frozen.applicant_ids)
    assert statistic < _chi_square_bound(n - 1), (statistic, wins)
    # And no applicant is far from k/n on their own (6 standard deviations).
    sd = math.sqrt(draws * (k / n) * (1 - k / n))
    assert all(abs(wins[a] - expected) < 6 * sd for a in frozen.applicant_ids)


def test_first_turn_is_uniform_over_applicants() -> None:
    n, draws = 12, 2400
    frozen = simple_round(n_homes=1, n_applicants=n)
    first = Counter(draw(frozen, SECRET, str(k)).order[0] for k in range(draws))
    expected = draws / n
    statistic = sum((first[a] - expected) ** 2 / expected for a in frozen.applicant_ids)
    assert statistic < _chi_square_bound(n - 1), first


def test_with_a_reserve_chances_are_equal_within_each_group() -> None:
    """10 homes, 40% for graduates; 8 graduates and 22 others. Reserve first: graduates win
    max(4, g(10)) homes, the others the rest; every member of a group has the same chance."""
    draws = 1500
    frozen = simple_round(n_homes=10, n_applicants=30, graduates=8, share="0.4")
    wins = _wins(frozen, draws)
    groups = {"graduates": frozen.applicant_ids[:8], "others": frozen.applicant_ids[8:]}
    for members in groups.values():
        total = sum(wins[a] for a in members)
        expected = total / len(members)
        statistic = sum((wins[a] - expected) ** 2 / expected for a in members)
        assert statistic < _chi_square_bound(len(members) - 1), (members, wins)
    graduate_wins = sum(wins[a] for a in groups["graduates"]) / draws
    assert graduate_wins >= 4  # the floor holds in every draw, so also on average
