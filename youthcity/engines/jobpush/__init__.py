"""Job push: which published positions match a young person's profile (no Django).

A :class:`Seeker` is what the platform knows of a young person looking for work (education as a
rank, the districts they want to work in as region paths, the words of their major, the
industries and kinds of position they asked for); an :class:`Offer` is one position. The rules:

- **hard filters** (:func:`matches`): the person has at least the education the position asks for
  (an unknown education matches only positions that ask for none); the position lies in one of
  the person's districts (a region path is a prefix of the other; no district: anywhere); the
  industry and the kind are among those asked for (none asked: any);
- **score** (:func:`score`): +2 when a word of the major appears in the position's title or
  requirements, +1 when its industry was asked for; :func:`recommend` orders matches by score,
  then by the order given (newest first, say);
- **push** (:func:`should_push`): a new position is pushed only when it matches and, for a person
  who gave a major, mentions it — so a subscriber gets the positions for them, not every new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

__all__ = ["Offer", "Seeker", "major_terms", "matches", "recommend", "score", "should_push"]


@dataclass(frozen=True, slots=True)
class Seeker:
    education: int | None = None  # rank in the education scale; None: unknown
    districts: tuple[str, ...] = ()  # region paths such as "/410000/410300/410311/"; empty: anywhere
    major: tuple[str, ...] = ()  # words of the major, lower case
    industries: frozenset[str] = field(default_factory=frozenset)
    kinds: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Offer:
    district: str  # region path of the workplace
    education_required: int | None = None  # rank; None: any
    industry: str = ""
    kind: str = ""
    text: str = ""  # title and requirements


def major_terms(text: str) -> tuple[str, ...]:
    """The words of a major as typed ("机械、自动化" → ("机械", "自动化")); separators are
    Chinese and Western commas, slashes, semicolons and spaces; words of one character are dropped."""
    for sep in "，、,/；;| \u3000":
        text = text.replace(sep, " ")
    seen: list[str] = []
    for word in text.lower().split():
        if len(word) >= 2 and word not in seen:
            seen.append(word)
    return tuple(seen)


def _in_district(seeker: Seeker, offer: Offer) -> bool:
    if not seeker.districts:
        return True
    return any(offer.district.startswith(path) or path.startswith(offer.district) for path in seeker.districts)


def matches(seeker: Seeker, offer: Offer) -> bool:
    """The hard filters (education, district, industry, kind)."""
    if offer.education_required is not None and (seeker.education is None or seeker.education < offer.education_required):
        return False
    if seeker.industries and offer.industry not in seeker.industries:
        return False
    if seeker.kinds and offer.kind not in seeker.kinds:
        return False
    return _in_district(seeker, offer)


def mentions_major(seeker: Seeker, offer: Offer) -> bool:
    text = offer.text.lower()
    return any(word in text for word in seeker.major)


def score(seeker: Seeker, offer: Offer) -> int:
    return (2 if mentions_major(seeker, offer) else 0) + (1 if seeker.industries and offer.industry in seeker.industries else 0)


def recommend(seeker: Seeker, offers: Sequence[Offer], limit: int = 20) -> list[int]:
    """Indexes of the matching offers, best first (score, then the given order), at most ``limit``."""
    ranked = sorted((-score(seeker, o), i) for i, o in enumerate(offers) if matches(seeker, o))
    return [i for _s, i in ranked[:max(0, limit)]]


def should_push(seeker: Seeker, offer: Offer) -> bool:
    """Whether a newly published offer is sent to this subscriber."""
    return matches(seeker, offer) and (not seeker.major or mentions_major(seeker, offer))


def push_targets(seekers: Iterable[tuple[int, Seeker]], offer: Offer) -> list[int]:
    """The ids of the seekers a new offer goes to."""
    return [key for key, seeker in seekers if should_push(seeker, offer)]
