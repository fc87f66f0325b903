"""Stable matching engine for centralised internship and job rounds (no Django).

Applicants rank positions, employers rank the applicants who applied, positions have seats
and optionally reserved seats per applicant category filled in a published precedence.
Applicant-proposing deferred acceptance gives the applicant-optimal stable matching; an audit
file lets anyone recompute it. Typical use::

    from youthcity.engines.matching import Applicant, Position, MatchingRound, match, make_audit
    round_ = MatchingRound(
        applicants=[Applicant("A1", ("P1", "P2"), {"out_of_town"}), Applicant("A2", ("P1",))],
        positions=[Position("P1", 1, ("A2", "A1"), reserved={"out_of_town": 1}),
                   Position("P2", 1, ("A1",))],
        categories=("out_of_town",),
    )
    result = match(round_)      # A1 gets P1's reserved seat; A2 is unmatched
    audit = make_audit(round_, result)   # bytes; verify(audit).ok is True

The algorithm, its properties and the file formats: docs/algorithms/matching.md.
Every input problem is a :class:`MatchingInputError` listing each :class:`Issue`.
"""

from __future__ import annotations

from .audit import (
    ALGORITHM,
    ALGORITHM_VERSION,
    AUDIT_FORMAT,
    Verification,
    canonical_json,
    make_audit,
    verify,
)
from .errors import Issue, IssueCode, MatchingInputError
from .model import (
    OPEN,
    REVERTED,
    Applicant,
    Assignment,
    MatchingRound,
    MatchResult,
    Position,
    PositionFill,
    RankEntry,
    SeatFill,
    UnfilledRule,
)
from .solver import match_round
from .validation import tie_break_key, validate

__all__ = [
    "ALGORITHM",
    "ALGORITHM_VERSION",
    "AUDIT_FORMAT",
    "OPEN",
    "REVERTED",
    "Applicant",
    "Assignment",
    "Issue",
    "IssueCode",
    "MatchResult",
    "MatchingInputError",
    "MatchingRound",
    "Position",
    "PositionFill",
    "RankEntry",
    "SeatFill",
    "UnfilledRule",
    "Verification",
    "canonical_json",
    "make_audit",
    "match",
    "tie_break_key",
    "validate",
    "verify",
]


def match(round_: MatchingRound) -> MatchResult:
    """Check the round and run it: the applicant-optimal stable matching under each position's
    seat-category choice rule. Raises :class:`MatchingInputError` (nothing matched) on bad input."""
    return match_round(round_)
