"""Random rounds, and plain transcriptions of docs/algorithms/matching.md to test the engine against.

Nothing here shares code with the engine: the choice rule, deferred acceptance and the
stability checks are written from the document's text, slowly and plainly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hypothesis import strategies as st

from youthcity.engines.matching import OPEN, REVERTED, Applicant, MatchingRound, MatchResult, Position

CATEGORIES = ("c1", "c2")


# --- random rounds ---------------------------------------------------------------------------------


@st.composite
def rounds(
    draw: st.DrawFn,
    *,
    max_applicants: int = 6,
    max_positions: int = 4,
    reserves: bool = True,
    ties: bool = False,
    max_capacity: int = 3,
    max_choices: int | None = None,
) -> MatchingRound:
    """A valid round. Employers rank a random subset of their applicants in random order."""
    n_app = draw(st.integers(0, max_applicants))
    n_pos = draw(st.integers(1, max_positions))
    pids = [f"p{j}" for j in range(n_pos)]
    categories = CATEGORIES if reserves else ()
    limit = min(n_pos, max_choices or n_pos)
    applicants = []
    for i in range(n_app):
        ranking = draw(st.permutations(pids).map(tuple))[: draw(st.integers(0, limit))]
        cats = frozenset(c for c in categories if draw(st.booleans())) if reserves else frozenset()
        applicants.append(Applicant(f"a{i}", ranking, cats))
    positions = []
    for pid in pids:
        capacity = draw(st.integers(0, max_capacity))
        reserved: dict[str, int] = {}
        precedence = None
        if reserves:
            room = capacity
            for c in categories:
                seats = draw(st.integers(0, room))
                if seats or draw(st.booleans()):
                    reserved[c] = seats
                room -= seats
            if draw(st.booleans()):
                names = [OPEN, *sorted(c for c, s in reserved.items() if s > 0)]
                precedence = tuple(draw(st.permutations(names)))
        applied = [a.id for a in applicants if pid in a.ranking]
        ranked = draw(st.permutations(applied))[: draw(st.integers(0, len(applied)))] if applied else []
        ranking: list[str | tuple[str, ...]] = list(ranked)
        if ties and len(ranking) >= 2 and draw(st.booleans()):
            at = draw(st.integers(0, len(ranking) - 2))
            width = draw(st.integers(2, len(ranking) - at))
            ranking[at : at + width] = [tuple(ranked[at : at + width])]
        if ties and ranking and isinstance(ranking[-1], str) and draw(st.booleans()):
            ranking[-1] = (ranking[-1],)  # a group of one: no tie
        positions.append(Position(pid, capacity, tuple(ranking), reserved, precedence))
    precedence = None
    if reserves and draw(st.booleans()):
        precedence = tuple(draw(st.permutations([OPEN, *categories])))
    return MatchingRound(
        applicants=tuple(applicants),
        positions=tuple(positions),
        categories=categories,
        precedence=precedence,
        unfilled_reserved_seats=draw(st.sampled_from(["revert", "hold"])) if reserves else "revert",
        max_choices=max_choices,
        tie_break_seed=draw(st.text(min_size=1, max_size=5)) if ties else None,
    )


# --- the choice rule, word for word from the docs ---------------------------------------------------


def strict_order(round_: MatchingRound, position: Position) -> list[str]:
    """The employer's ranking with ties broken by the seeded single lottery order."""
    import hashlib

    out: list[str] = []
    for entry in position.ranking:
        group = [entry] if isinstance(entry, str) else list(entry)
        if len(group) > 1:
            seed = round_.tie_break_seed or ""
            group.sort(key=lambda a: hashlib.sha256(f"{seed}\0{a}".encode()).digest())
        out += group
    return out


def seat_plan(round_: MatchingRound, position: Position) -> list[tuple[str, int]]:
    """(category, seats) in precedence order, categories without seats left out."""
    reserved = {c: s for c, s in position.reserved.items() if s > 0}
    seats = {OPEN: position.capacity - sum(reserved.values()), **reserved}
    order = position.precedence if position.precedence is not None else round_.effective_precedence()
    return [(name, seats[name]) for name in order if seats.get(name, 0) > 0]


def choose(round_: MatchingRound, position: Position, pool: Iterable[str]) -> dict[str, str]:
    """C_p(pool): chosen applicant → seat label. ``pool`` must be acceptable to the position."""
    categories = {a.id: set(a.categories) for a in round_.applicants}
    order = strict_order(round_, position)
    remaining = sorted(set(pool), key=order.index)
    chosen: dict[str, str] = {}
    unfilled = 0
    for name, seats in seat_plan(round_, position):
        eligible = [a for a in remaining if name == OPEN or name in categories[a]]
        taken = eligible[:seats]
        for a in taken:
            chosen[a] = name
            remaining.remove(a)
        if name != OPEN:
            unfilled += seats - len(taken)
    if round_.unfilled_reserved_seats == "revert":
        for a in remaining[:unfilled]:
            chosen[a] = REVERTED
    return chosen


def acceptable(round_: MatchingRound, position: Position, applicant: str) -> bool:
    return applicant in strict_order(round_, position)


def reference_da(round_: MatchingRound) -> dict[str, str]:
    """Round-based deferred acceptance (all free applicants propose at once): applicant → position."""
    positions = {p.id: p for p in round_.positions}
    lists = {a.id: list(a.ranking) for a in round_.applicants}
    nxt = dict.fromkeys(lists, 0)
    held: dict[str, set[str]] = {p: set() for p in positions}
    free = set(lists)
    while True:
        proposals: dict[str, set[str]] = {}
        for a in sorted(free):
            while nxt[a] < len(lists[a]):
                pid = lists[a][nxt[a]]
                nxt[a] += 1
                if acceptable(round_, positions[pid], a):
                    proposals.setdefault(pid, set()).add(a)
                    break
        if not proposals:
            break
        free = set()
        for pid, new in proposals.items():
            pool = held[pid] | new
            kept = set(choose(round_, positions[pid], pool))
            free |= pool - kept
            held[pid] = kept
    return {a: pid for pid, members in held.items() for a in members}


# --- checks on a result ------------------------------------------------------------------------------


def assignment(result: MatchResult) -> dict[str, str]:
    return {a.applicant_id: a.position_id for a in result.assignments}


def blocking_pairs(round_: MatchingRound, result: MatchResult) -> list[tuple[str, str]]:
    """(applicant, position) pairs that block under the choice rule: the applicant prefers the
    position to their outcome and the position would choose them from its admits plus them."""
    mu = assignment(result)
    positions = {p.id: p for p in round_.positions}
    members: dict[str, set[str]] = {p: set() for p in positions}
    for a, p in mu.items():
        members[p].add(a)
    pairs = []
    for applicant in round_.applicants:
        for pid in applicant.ranking:
            if mu.get(applicant.id) == pid:
                break  # positions after their own are not preferred
            position = positions[pid]
            if acceptable(round_, position, applicant.id) and applicant.id in choose(
                round_, position, members[pid] | {applicant.id}
            ):
                pairs.append((applicant.id, pid))
    return pairs


def classic_blocking_pairs(round_: MatchingRound, mu: dict[str, str]) -> list[tuple[str, str]]:
    """Gale–Shapley blocking pairs for a round without reserves: the applicant prefers the
    position, the position ranks them, and it has a free seat or ranks them above an admit."""
    positions = {p.id: p for p in round_.positions}
    members: dict[str, list[str]] = {p: [] for p in positions}
    for a, p in mu.items():
        members[p].append(a)
    pairs = []
    for applicant in round_.applicants:
        for pid in applicant.ranking:
            if mu.get(applicant.id) == pid:
                break
            position = positions[pid]
            order = strict_order(round_, position)
            if applicant.id not in order:
                continue
            if len(members[pid]) < position.capacity or any(
                order.index(applicant.id) < order.index(b) for b in members[pid]
            ):
                pairs.append((applicant.id, pid))
    return pairs


def with_ranking(round_: MatchingRound, applicant_id: str, ranking: Sequence[str]) -> MatchingRound:
    """The round with one applicant's list replaced; employers keep their order of everyone
    else and rank this applicant where they did before, only at positions still applied to."""
    applicants = tuple(
        Applicant(a.id, tuple(ranking), a.categories) if a.id == applicant_id else a for a in round_.applicants
    )
    positions = []
    for p in round_.positions:
        if p.id in ranking:
            positions.append(p)
        else:
            kept = tuple(e for e in p.ranking if e != applicant_id)
            positions.append(Position(p.id, p.capacity, kept, p.reserved, p.precedence))
    return MatchingRound(
        applicants, tuple(positions), round_.categories, round_.precedence, round_.unfilled_reserved_seats,
        round_.max_choices, round_.tie_break_seed, round_.round_id,
    )


# --- the peer: PyPI ``matching`` (HospitalResident, resident-optimal) ---------------------------------


def peer_matching(round_: MatchingRound, optimal: str = "resident") -> dict[str, str]:
    """Applicant → position by the ``matching`` package, on a round without reserves or ties
    (``optimal="hospital"``: its employer-optimal stable matching).

    The peer wants mutually acceptable lists (each side ranks exactly those who rank it) and
    positions with at least one seat, so the round is cut down to that first; it does not change
    the stable matchings.
    """
    import warnings

    from matching.games import HospitalResident

    positions = {p.id: p for p in round_.positions if p.capacity > 0}
    ranked = {pid: [a for a in p.ranking if isinstance(a, str)] for pid, p in positions.items()}
    resident_prefs = {
        a.id: [pid for pid in a.ranking if pid in positions and a.id in ranked[pid]] for a in round_.applicants
    }
    resident_prefs = {a: prefs for a, prefs in resident_prefs.items() if prefs}
    hospital_prefs = {pid: [a for a in ranking if a in resident_prefs] for pid, ranking in ranked.items()}
    hospital_prefs = {pid: prefs for pid, prefs in hospital_prefs.items() if prefs}
    if not hospital_prefs:
        return {}
    capacities = {pid: positions[pid].capacity for pid in hospital_prefs}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        solved = game.solve(optimal=optimal)
    return {resident.name: hospital.name for hospital, residents in solved.items() for resident in residents}
