"""Reserve first or open pool first: how many reserve-category applicants win under each.

    .venv/bin/python bench/sim_lottery_precedence.py [--draws 200]

A typical round: 1,000 homes, 4,000 applicants, 40% of the homes reserved for young graduates
(unfilled reserved homes revert to the open pool), the graduates' share of the applicants
varied from 10% to 60%; plus a Luolong-sized round (213 homes, 900 applicants, 30% graduates).
Each cell is the mean over ``--draws`` draws with public values "0", "1", … (deterministic).
"No reserve" is the plain lottery for comparison; "expected" is the closed form derived in
docs/algorithms/housing-lottery.md §12. Prints a table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from youthcity.engines.lottery import (  # noqa: E402
    Applicant,
    Home,
    Policy,
    PublicSource,
    ReserveRule,
    commit,
    draw,
    freeze_round,
)

SECRET = "simulation-secret-0001"


def _hypergeometric(population: int, successes: int, draws: int) -> list[float]:
    """P(k graduates among the first ``draws`` places of a uniformly random order), k = 0…draws."""
    def log_comb(n: int, k: int) -> float:
        return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)

    total = log_comb(population, draws)
    pmf = []
    for k in range(draws + 1):
        if k > successes or draws - k > population - successes:
            pmf.append(0.0)
        else:
            pmf.append(math.exp(log_comb(successes, k) + log_comb(population - successes, draws - k) - total))
    return pmf


def expected(homes: int, applicants: int, graduates: int, reserved: int, order: str) -> float:
    """Exact expectation of graduate winners under one common turn order (docs §12).

    No reserve: g(H), the graduates among the first H places. Reserve first: max(R, g(H)) (the
    reserve takes the first R graduates, who are the top-H graduates whenever g(H) ≥ R).
    Open first: g(H−R) + min(R, G − g(H−R)).
    """
    if order == "none":
        return homes * graduates / applicants
    if order == "reserve_first":
        pmf = _hypergeometric(applicants, graduates, homes)
        return sum(p * max(min(reserved, graduates), k) for k, p in enumerate(pmf))
    pmf = _hypergeometric(applicants, graduates, homes - reserved)
    return sum(p * (k + min(reserved, graduates - k)) for k, p in enumerate(pmf))


def graduate_wins(homes: int, applicants: int, graduates: int, reserve_share: str, order: str, draws: int) -> list[int]:
    home_list = [Home(f"H{i:05d}", "45㎡", 45) for i in range(homes)]
    people = [Applicant(f"P{i:05d}", ["graduate"] if i < graduates else []) for i in range(applicants)]
    reserves = () if order == "none" else (ReserveRule("graduate", share=reserve_share),)
    policy = Policy(reserves=reserves, order="reserve_first" if order == "none" else order)  # type: ignore[arg-type]
    frozen = freeze_round(
        round_id=f"SIM-{homes}-{applicants}-{graduates}-{order}",
        commitment=commit(SECRET),
        public_source=PublicSource("on_site", "simulation"),
        homes=home_list,
        applicants=people,
        policy=policy,
    )
    graduate_ids = {p.id for p in people[:graduates]}
    wins = []
    for k in range(draws):
        result = draw(frozen, SECRET, str(k))
        wins.append(sum(1 for a in result.assignments if a.applicant in graduate_ids))
    return wins


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=200)
    args = parser.parse_args()
    cases = [(1000, 4000, g, "0.4") for g in (400, 1000, 1600, 2400)] + [(213, 900, 270, "0.4")]
    print(f"{args.draws} draws per cell; mean graduate winners (sd) and share of homes; expected in brackets\n")
    print(f"{'homes':>5} {'appl.':>6} {'grads':>6} {'reserve':>7} | {'no reserve':>22} | {'reserve first':>22} | {'open first':>22}")
    for homes, applicants, graduates, share in cases:
        reserved = -(-int(homes * 10 * float(share)) // 10)
        cells = []
        for order in ("none", "reserve_first", "open_first"):
            wins = graduate_wins(homes, applicants, graduates, share, order, args.draws)
            mean = statistics.fmean(wins)
            sd = statistics.pstdev(wins)
            exp = expected(homes, applicants, graduates, reserved, order)
            cells.append(f"{mean:7.1f} ({sd:4.1f}) {mean / homes:4.0%} [{exp:5.0f}]")
        print(f"{homes:5} {applicants:6} {graduates:6} {reserved:7} | " + " | ".join(cells))


if __name__ == "__main__":
    main()
