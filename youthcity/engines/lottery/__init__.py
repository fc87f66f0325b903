"""Housing lottery engine: a verifiable allocation of homes (摇号) anyone can recompute.

Pure Python + NumPy (never imports Django). Typical use::

    from youthcity.engines.lottery import (
        Applicant, Home, Policy, PublicSource, ReserveRule, commit, draw, freeze_round, new_secret, verify,
    )
    secret = new_secret()                      # kept by the operator
    commitment = commit(secret)                # published before applications close
    frozen = freeze_round(round_id="LY-2025-01", commitment=commitment,
                          public_source=PublicSource("lottery", "福彩3D 2025年第180期开奖号码"),
                          homes=[Home("A-101", "45㎡", 45)], applicants=[Applicant("LY0001", ["graduate"])],
                          policy=Policy(reserves=[ReserveRule("graduate", share="0.4")]))
    frozen.list_hash                           # published with the frozen list, before the draw
    result = draw(frozen, secret, "3 8 5")    # after the public value is known
    result.audit_bytes                         # the audit file; verify(result.audit_bytes).ok is True

The algorithm, byte for byte: docs/algorithms/housing-lottery.md. Every refusal is a
:class:`LotteryError` with a ``code`` and messages in Chinese and English.
"""

from __future__ import annotations

from .canonical import canonical_decimal, canonical_json
from .draw import Assignment, DrawResult, Phase, audit_document, draw, turn_order
from .errors import ErrorCode, LotteryError
from .model import (
    ALGORITHM,
    Applicant,
    FrozenRound,
    Home,
    Policy,
    PoolOrder,
    PublicSource,
    Ranking,
    ReserveRule,
    SourceKind,
    Unfilled,
    freeze_round,
    load_round,
    round_from_dict,
)
from .seed import (
    PUBLIC_VALUE_FORMS,
    canonical_public_value,
    check_secret,
    commit,
    compute_seed,
    new_secret,
    order_key,
    order_keys,
)
from .verify import Difference, Verification, load_audit, verify
from .waitlist import line_for, next_in_line

__all__ = [
    "ALGORITHM",
    "PUBLIC_VALUE_FORMS",
    "Applicant",
    "Assignment",
    "Difference",
    "DrawResult",
    "ErrorCode",
    "FrozenRound",
    "Home",
    "LotteryError",
    "Phase",
    "Policy",
    "PoolOrder",
    "PublicSource",
    "Ranking",
    "ReserveRule",
    "SourceKind",
    "Unfilled",
    "Verification",
    "audit_document",
    "canonical_decimal",
    "canonical_json",
    "canonical_public_value",
    "check_secret",
    "commit",
    "compute_seed",
    "draw",
    "freeze_round",
    "line_for",
    "load_audit",
    "load_round",
    "new_secret",
    "next_in_line",
    "order_key",
    "order_keys",
    "round_from_dict",
    "turn_order",
    "verify",
]
