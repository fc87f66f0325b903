"""ORM ↔ lottery engine: the frozen round from a round's homes and approved applications, and
the engine's refusals as :class:`ServiceError` in the user's language."""

from __future__ import annotations

from django.utils.translation import get_language

from youthcity.core.errors import ServiceError
from youthcity.engines.lottery import (
    Applicant,
    FrozenRound,
    Home,
    LotteryError,
    Policy,
    PublicSource,
    ReserveRule,
)
from youthcity.engines.lottery import freeze_round as engine_freeze


def plain(number) -> str:
    """A decimal without exponent or trailing zeros (60.00 → "60"), as the engine wants it."""
    return format(number.normalize(), "f")


def lottery_refusal(exc: LotteryError, status: int = 422) -> ServiceError:
    message = exc.message_zh if (get_language() or "zh-hans").startswith("zh") else exc.message_en
    return ServiceError(status, f"lottery_{exc.code}", message)


def policy_of(round_) -> Policy:
    common = {
        "multiple_categories": bool(getattr(round_, "multiple_categories", False)),
        "ranking": getattr(round_, "ranking", "lottery") or "lottery",
    }
    if round_.reserved_share is None and round_.reserved_count is None:
        return Policy(**common)
    if round_.reserved_count is not None:
        rule = ReserveRule(round_.reserve_category, count=int(round_.reserved_count))
    else:
        rule = ReserveRule(round_.reserve_category, share=plain(round_.reserved_share))
    return Policy(
        reserves=(rule,),
        order=getattr(round_, "pool_order", "reserve_first"),
        unfilled="revert_to_open",
        **common,
    )


def engine_home(home) -> Home:
    return Home(home.code, home.layout, plain(home.area))


def engine_applicant(entry) -> Applicant:
    """``entry``: (public id, category or categories) or (public id, categories, score, layouts)."""
    if len(entry) == 2:  # the common case, kept cheap: 200,000 of these in a city-scale round
        public_id, cats = entry
        return Applicant(public_id, (cats,) if isinstance(cats, str) else tuple(cats))
    public_id, cats, score, layouts = entry
    return Applicant(
        public_id,
        (cats,) if isinstance(cats, str) else tuple(cats),
        None if score is None else plain(score),
        (),
        tuple(layouts),
    )


def freeze(round_, homes, entries) -> FrozenRound:
    """``entries``: (public id, categories[, score, layouts]). Raises ServiceError on refused input."""
    try:
        return engine_freeze(
            round_id=round_.round_code,
            commitment=round_.commitment,
            public_source=PublicSource(round_.public_source_kind, round_.public_source_name),
            homes=[engine_home(h) for h in homes],
            applicants=[engine_applicant(e) for e in entries],
            policy=policy_of(round_),
        )
    except LotteryError as exc:
        raise lottery_refusal(exc) from None
