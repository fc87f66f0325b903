"""Round builders and Hypothesis strategies shared by the lottery tests."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from youthcity.engines.lottery import (
    Applicant,
    DrawResult,
    FrozenRound,
    Home,
    LotteryError,
    Policy,
    PublicSource,
    ReserveRule,
    commit,
    freeze_round,
)

SECRET = "test-secret-0123456789abcdef"
COMMITMENT = commit(SECRET)
SOURCE = PublicSource("lottery", "测试：福彩3D 第1期")
LAYOUTS = ("一室", "两室", "三室")
CATEGORIES = ("graduate", "technician", "doctorate")

# Ids exercise JSON escaping (quote, backslash), CJK, a character outside the BMP and spaces.
ID_ALPHABET = list('AB01-_ "\\房号é😀')
ids = st.text(alphabet=ID_ALPHABET, min_size=1, max_size=5)


def simple_round(
    n_homes: int = 6,
    n_applicants: int = 10,
    graduates: int = 0,
    share: str | None = None,
    order: str = "reserve_first",
    unfilled: str = "revert_to_open",
    round_id: str = "T-1",
    commitment: str = COMMITMENT,
) -> FrozenRound:
    """Homes H000…, applicants P000… (the first ``graduates`` are graduates), no choices."""
    reserves = (ReserveRule("graduate", share=share),) if share is not None else ()
    return freeze_round(
        round_id=round_id,
        commitment=commitment,
        public_source=SOURCE,
        homes=[Home(f"H{i:03d}", LAYOUTS[i % 2], 45) for i in range(n_homes)],
        applicants=[Applicant(f"P{i:03d}", ["graduate"] if i < graduates else []) for i in range(n_applicants)],
        policy=Policy(reserves=reserves, order=order, unfilled=unfilled),  # type: ignore[arg-type]
    )


@dataclass
class RoundSpec:
    """Everything needed to freeze a round, kept apart so tests can shuffle or edit it."""

    homes: list[Home]
    applicants: list[Applicant]
    policy: Policy
    round_id: str = "R-1"
    commitment: str = COMMITMENT

    def freeze(self) -> FrozenRound:
        return freeze_round(
            round_id=self.round_id,
            commitment=self.commitment,
            public_source=SOURCE,
            homes=self.homes,
            applicants=self.applicants,
            policy=self.policy,
        )


@st.composite
def round_specs(
    draw: Any,
    min_applicants: int = 1,
    max_applicants: int = 25,
    max_homes: int = 12,
    choices: bool = True,
    ranking: str | None = None,
) -> RoundSpec:
    """A valid round: reserves within the home count, homes set aside only for reserved
    categories, optional listed homes and layouts, scores in score rounds."""
    home_ids = draw(st.lists(ids, min_size=1, max_size=max_homes, unique=True))
    n_homes = len(home_ids)
    categories = draw(st.lists(st.sampled_from(CATEGORIES), max_size=3, unique=True))
    rules: list[ReserveRule] = []
    budget = n_homes
    for category in categories:
        if draw(st.booleans()):
            share = draw(st.sampled_from(["0", "0.1", "0.25", "0.4", "0.5"]))
            size = math.ceil(Decimal(share) * n_homes)
            if size <= budget:
                rules.append(ReserveRule(category, share=share))
                budget -= int(size)
        else:
            count = draw(st.integers(0, budget))
            rules.append(ReserveRule(category, count=count))
            budget -= count
    # Homes set aside: a few, for reserved categories, never more than the rule's size allows.
    marks: list[str | None] = [None] * n_homes
    for rule in rules:
        size = int(rule.count) if rule.count is not None else math.ceil(Decimal(str(rule.share)) * n_homes)
        free = [i for i, m in enumerate(marks) if m is None]
        k = draw(st.integers(0, min(size, len(free), 3)))
        for i in free[:k]:
            marks[i] = rule.category
    homes = [
        Home(h, draw(st.sampled_from(LAYOUTS)), draw(st.sampled_from([45, "60.5", Decimal("38.50")])), m)
        for h, m in zip(home_ids, marks, strict=True)
    ]
    multiple = draw(st.booleans())
    scored = draw(st.booleans()) if ranking is None else ranking == "score"
    applicant_ids = draw(st.lists(ids, min_size=min_applicants, max_size=max_applicants, unique=True))
    applicants = []
    for a in applicant_ids:
        cats = draw(st.lists(st.sampled_from(CATEGORIES), max_size=2 if multiple else 1, unique=True))
        prefs: list[str] = []
        layouts: list[str] = []
        if choices:
            kind = draw(st.sampled_from(["none", "none", "layouts", "homes", "both"]))
            if kind in ("homes", "both"):
                prefs = draw(st.lists(st.sampled_from(home_ids), min_size=1, max_size=3, unique=True))
            if kind in ("layouts", "both"):
                layouts = draw(st.lists(st.sampled_from(LAYOUTS), min_size=1, max_size=2, unique=True))
        score = draw(st.sampled_from(["70", "87.5", "87.50", 90, Decimal("95")])) if scored else None
        applicants.append(Applicant(a, cats, score, prefs, layouts))
    policy = Policy(
        reserves=tuple(rules),
        order=draw(st.sampled_from(["reserve_first", "open_first"])),
        unfilled=draw(st.sampled_from(["revert_to_open", "leave_vacant"])),
        multiple_categories=multiple,
        ranking="score" if scored else "lottery",
    )
    return RoundSpec(homes, applicants, policy)


def raises_code(code: str, fn: Any, *args: Any, **kwargs: Any) -> LotteryError:
    """Call ``fn`` and return the LotteryError it must raise with ``code``."""
    try:
        fn(*args, **kwargs)
    except LotteryError as exc:
        assert exc.code == code, f"expected {code}, got {exc.code}: {exc}"
        assert exc.message_zh and exc.message_en
        return exc
    raise AssertionError(f"no LotteryError {code}")


def acceptable(frozen: FrozenRound, applicant: str, home: str) -> bool:
    """Would the applicant take this home at all (docs §7.1)?"""
    i = frozen.applicant_ids.index(applicant)
    h = frozen.home_ids.index(home)
    prefs, layouts = frozen.applicant_preferences[i], frozen.applicant_layouts[i]
    if prefs and home not in prefs:
        return False
    return not layouts or frozen.home_layouts[h] in layouts


def pool_homes(frozen: FrozenRound, result: DrawResult, phase_index: int) -> list[str]:
    """The home list of a pool (docs §6), written from the table there."""
    phase = result.phases[phase_index]
    ids_ = list(frozen.home_ids)
    marks = dict(zip(frozen.home_ids, frozen.home_marks, strict=True))
    if phase.kind == "reserve":
        return [h for h in ids_ if marks[h] == phase.category] + [h for h in ids_ if marks[h] is None]
    policy = frozen.policy
    full = policy.unfilled == "revert_to_open" and (
        policy.order == "reserve_first" or phase_index == len(result.phases) - 1
    )
    return ids_ if full else [h for h in ids_ if marks[h] is None]
