"""The round's inputs and the result: plain frozen dataclasses, with the JSON shape
(``to_dict``/``from_dict``) used by round files and audit files (docs/algorithms/matching.md).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, cast

from . import errors
from .errors import Issue, MatchingInputError

__all__ = [
    "OPEN",
    "REVERTED",
    "RankEntry",
    "UnfilledRule",
    "Applicant",
    "Position",
    "MatchingRound",
    "Assignment",
    "SeatFill",
    "PositionFill",
    "MatchResult",
]

#: The seat category every applicant is eligible for.
OPEN: Final = "open"
#: The label of reserved seats that nobody eligible took and that reverted to open seats.
REVERTED: Final = "reverted"

#: What happens to reserved seats no eligible applicant takes: ``"revert"`` (they become open
#: seats, filled after every category of the precedence) or ``"hold"`` (they stay empty).
UnfilledRule = Literal["revert", "hold"]

#: One entry of an employer's ranking: an applicant id, or a group of ids ranked equal.
RankEntry = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Applicant:
    """A young person in the round.

    ``ranking``: position ids, most wanted first (at most the round's ``max_choices``).
    ``categories``: the seat categories the applicant is eligible for (e.g. ``out_of_town``);
    everyone is eligible for open seats.
    """

    id: str
    ranking: Sequence[str] = ()
    categories: Collection[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Position:
    """A position (internship or job) with ``capacity`` seats.

    ``ranking``: the employer's order of the applicants who applied, best first; an entry may be
    a tuple of ids the employer ranks equal (broken by the round's seeded tie-break). An
    applicant who applied but is not ranked is not acceptable to the employer.
    ``reserved``: seats reserved per category (the rest are open seats).
    ``precedence``: the order in which this position's seat categories fill (``OPEN`` and each
    category with reserved seats, once each); ``None`` uses the round's precedence.
    """

    id: str
    capacity: int
    ranking: Sequence[RankEntry] = ()
    reserved: Mapping[str, int] = field(default_factory=dict)
    precedence: Sequence[str] | None = None


@dataclass(frozen=True, slots=True)
class MatchingRound:
    """Everything a matching round needs.

    ``categories``: the applicant categories that positions may reserve seats for.
    ``precedence``: the published order in which seat categories fill at every position that
    does not give its own; ``None`` means ``(OPEN, *categories)``: open seats first, reserved
    seats after them (the order under which a reserve actually helps its group; see the docs).
    ``unfilled_reserved_seats``: ``"revert"`` (default) or ``"hold"``.
    ``max_choices``: the longest rank list allowed (``None``: no limit).
    ``tie_break_seed``: needed only if some employer ranks applicants equal.
    """

    applicants: Sequence[Applicant]
    positions: Sequence[Position]
    categories: Sequence[str] = ()
    precedence: Sequence[str] | None = None
    unfilled_reserved_seats: UnfilledRule = "revert"
    max_choices: int | None = None
    tie_break_seed: str | None = None
    round_id: str = ""

    def effective_precedence(self) -> tuple[str, ...]:
        """The round-level precedence, with the default filled in."""
        if self.precedence is not None:
            return tuple(self.precedence)
        return (OPEN, *self.categories)

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON shape: applicants and positions sorted by id, defaults filled in.

        Order of the input lists never changes a result, so the canonical form (and the input
        hash of an audit file) does not depend on it either.
        """
        return {
            "round_id": self.round_id,
            "categories": sorted(self.categories),
            "precedence": list(self.effective_precedence()),
            "unfilled_reserved_seats": self.unfilled_reserved_seats,
            "max_choices": self.max_choices,
            "tie_break_seed": self.tie_break_seed,
            "applicants": [
                {"id": a.id, "ranking": list(a.ranking), "categories": sorted(a.categories)}
                for a in sorted(self.applicants, key=_by_id)
            ],
            "positions": [_position_dict(p) for p in sorted(self.positions, key=_by_id)],
        }

    @classmethod
    def from_dict(cls, data: object) -> MatchingRound:
        """Read the JSON shape of a round file; raises :class:`MatchingInputError` (``bad_format``)
        naming every field of the wrong type. Content checks are :func:`validate`'s job."""
        issues: list[Issue] = []
        reader = _Reader(issues)
        round_ = reader.round(data)
        if issues or round_ is None:
            raise MatchingInputError(issues or [errors.bad_format("round", "应为对象", "must be an object")])
        return round_


def _by_id(item: Applicant | Position) -> str:
    return item.id


def _position_dict(p: Position) -> dict[str, Any]:
    ranking: list[Any] = []
    for entry in p.ranking:
        if isinstance(entry, str):
            ranking.append(entry)
        elif len(entry) == 1:
            ranking.append(entry[0])  # a group of one is no tie
        else:
            ranking.append(list(entry))
    return {
        "id": p.id,
        "capacity": p.capacity,
        "reserved": dict(p.reserved),
        "precedence": None if p.precedence is None else list(p.precedence),
        "ranking": ranking,
    }


class _Reader:
    """Turns parsed JSON into dataclasses, collecting a ``bad_format`` issue per wrong field."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues

    def _bad(self, path: str, zh: str, en: str) -> None:
        self.issues.append(errors.bad_format(path, zh, en))

    def _str(self, value: object, path: str) -> str | None:
        if isinstance(value, str):
            return value
        self._bad(path, "应为字符串", "must be a string")
        return None

    def _int(self, value: object, path: str) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self._bad(path, "应为整数", "must be a whole number")
        return None

    def _str_list(self, value: object, path: str) -> list[str] | None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._bad(path, "应为字符串列表", "must be a list of strings")
            return None
        return cast(list[str], value)

    def _object(self, value: object, path: str, allowed: set[str], required: set[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self._bad(path, "应为对象", "must be an object")
            return None
        for key in sorted(set(value) - allowed, key=str):
            self._bad(f"{path}.{key}", "不是可识别的字段", "is not a known field")
        for key in sorted(required - set(value)):
            self._bad(f"{path}.{key}", "缺失", "is missing")
        return cast(dict[str, Any], value)

    def round(self, data: object) -> MatchingRound | None:
        keys = {"round_id", "categories", "precedence", "unfilled_reserved_seats", "max_choices",
                "tie_break_seed", "applicants", "positions"}
        obj = self._object(data, "round", keys, {"applicants", "positions"})
        if obj is None:
            return None
        round_id = self._str(obj.get("round_id", ""), "round_id")
        categories = self._str_list(obj.get("categories", []), "categories")
        precedence = obj.get("precedence")
        if precedence is not None:
            precedence = self._str_list(precedence, "precedence")
        rule = obj.get("unfilled_reserved_seats", "revert")
        if rule not in ("revert", "hold"):
            self.issues.append(errors.bad_rule(rule))
        max_choices = obj.get("max_choices")
        if max_choices is not None:
            max_choices = self._int(max_choices, "max_choices")
        seed = obj.get("tie_break_seed")
        if seed is not None:
            seed = self._str(seed, "tie_break_seed")
        applicants = [a for a in self._list(obj.get("applicants"), "applicants", self.applicant) if a]
        positions = [p for p in self._list(obj.get("positions"), "positions", self.position) if p]
        return MatchingRound(
            applicants=tuple(applicants),
            positions=tuple(positions),
            categories=tuple(categories or ()),
            precedence=None if precedence is None else tuple(precedence),
            unfilled_reserved_seats=cast(UnfilledRule, rule),
            max_choices=max_choices,
            tie_break_seed=seed,
            round_id=round_id or "",
        )

    def _list(self, value: object, path: str, item: Any) -> Iterator[Any]:
        if value is None:
            return
        if not isinstance(value, list):
            self._bad(path, "应为列表", "must be a list")
            return
        for index, entry in enumerate(value):
            yield item(entry, f"{path}[{index}]")

    def applicant(self, value: object, path: str) -> Applicant | None:
        obj = self._object(value, path, {"id", "ranking", "categories"}, {"id"})
        if obj is None:
            return None
        id_ = self._str(obj.get("id"), f"{path}.id")
        ranking = self._str_list(obj.get("ranking", []), f"{path}.ranking")
        categories = self._str_list(obj.get("categories", []), f"{path}.categories")
        if id_ is None or ranking is None or categories is None:
            return None
        return Applicant(id_, tuple(ranking), frozenset(categories))

    def _ranking(self, value: object, path: str) -> list[RankEntry] | None:
        if not isinstance(value, list):
            self._bad(path, "应为列表", "must be a list")
            return None
        ranking: list[RankEntry] = []
        for index, entry in enumerate(value):
            if isinstance(entry, str):
                ranking.append(entry)
            elif isinstance(entry, list) and all(isinstance(e, str) for e in entry):
                ranking.append(tuple(entry))
            else:
                self._bad(f"{path}[{index}]", "应为申请人编号或编号列表（并列）",
                          "must be an applicant id or a list of ids (a tie)")
                return None
        return ranking

    def position(self, value: object, path: str) -> Position | None:
        obj = self._object(value, path, {"id", "capacity", "ranking", "reserved", "precedence"}, {"id", "capacity"})
        if obj is None:
            return None
        id_ = self._str(obj.get("id"), f"{path}.id")
        capacity = self._int(obj.get("capacity"), f"{path}.capacity")
        ranking = self._ranking(obj.get("ranking", []), f"{path}.ranking")
        reserved: dict[str, int] | None = {}
        raw_reserved = obj.get("reserved", {})
        if not isinstance(raw_reserved, dict):
            self._bad(f"{path}.reserved", "应为“类别: 名额”对象", "must be an object of category: seats")
            reserved = None
        else:
            for category, seats in raw_reserved.items():
                checked = self._int(seats, f"{path}.reserved.{category}")
                if checked is None:
                    reserved = None
                elif reserved is not None:
                    reserved[category] = checked
        precedence = obj.get("precedence")
        if precedence is not None:
            precedence = self._str_list(precedence, f"{path}.precedence")
            if precedence is None:
                return None
        if id_ is None or capacity is None or ranking is None or reserved is None:
            return None
        return Position(id_, capacity, tuple(ranking), reserved, None if precedence is None else tuple(precedence))


# --- the result ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assignment:
    """Applicant ``applicant_id`` got ``position_id``, on a ``seat`` of that category (``OPEN``, a
    reserve category, or ``REVERTED``); ``choice`` is the position's place on their list (1 = first)."""

    applicant_id: str
    position_id: str
    seat: str
    choice: int


@dataclass(frozen=True, slots=True)
class SeatFill:
    """Seats of one category at a position and how many were filled."""

    category: str
    seats: int
    filled: int


@dataclass(frozen=True, slots=True)
class PositionFill:
    """A position's fill by seat category, in the order the categories filled (precedence order,
    ``REVERTED`` last when reserved seats reverted to open)."""

    position_id: str
    capacity: int
    seats: tuple[SeatFill, ...]

    @property
    def filled(self) -> int:
        return sum(s.filled for s in self.seats)

    @property
    def vacant(self) -> int:
        return self.capacity - self.filled


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The outcome: ``assignments`` (sorted by applicant id), every position's fill (sorted by
    position id) and the ``unmatched`` applicant ids (sorted)."""

    assignments: tuple[Assignment, ...]
    positions: tuple[PositionFill, ...]
    unmatched: tuple[str, ...]

    def position_of(self) -> dict[str, str]:
        """Applicant id → position id, for the matched applicants."""
        return {a.applicant_id: a.position_id for a in self.assignments}

    def to_dict(self) -> dict[str, Any]:
        return {
            "assignments": [
                {"applicant": a.applicant_id, "position": a.position_id, "seat": a.seat, "choice": a.choice}
                for a in self.assignments
            ],
            "positions": [
                {
                    "position": p.position_id,
                    "capacity": p.capacity,
                    "seats": [{"category": s.category, "seats": s.seats, "filled": s.filled} for s in p.seats],
                }
                for p in self.positions
            ],
            "unmatched": list(self.unmatched),
            "summary": {
                "applicants": len(self.assignments) + len(self.unmatched),
                "matched": len(self.assignments),
                "seats": sum(p.capacity for p in self.positions),
                "filled": sum(p.filled for p in self.positions),
            },
        }
