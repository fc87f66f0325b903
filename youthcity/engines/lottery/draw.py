"""The draw: seeded turn order, reserve and open pools, serial choice of homes (docs §5–§7)."""

from __future__ import annotations

import hashlib
import itertools
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, Final, Literal

import numpy as np

from .canonical import canonical_json, gc_paused
from .model import ALGORITHM, FrozenRound
from .seed import canonical_public_value, check_secret, compute_seed, order_keys

PhaseKind = Literal["reserve", "open"]

#: Pseudo-marks for the home lists of docs §6: -1 = homes not set aside; -2 = every home.
_UNMARKED: Final = -1
_EVERY: Final = -2


@dataclass(frozen=True, slots=True)
class Phase:
    """One pool as processed: ``capacity`` homes at most, ``filled`` taken."""

    kind: PhaseKind
    category: str | None
    capacity: int
    filled: int


@dataclass(frozen=True, slots=True)
class Assignment:
    """A home taken in the draw: by whom, in which phase (index into ``phases``), at which turn
    (1-based position of the applicant in ``order``)."""

    applicant: str
    home: str
    phase: int
    turn: int


@dataclass(frozen=True, eq=False)
class DrawResult:
    """Everything a draw produced; ``audit_bytes`` is the audit file.

    ``order``: every applicant, in turn order; ``assignments``: in the order homes were taken;
    ``waitlist``: the applicants without a home, in turn order; ``vacant``: homes left, by id.
    """

    round: FrozenRound
    secret: str = field(repr=False)
    public_value: str
    seed: str
    order: tuple[str, ...] = field(repr=False)
    phases: tuple[Phase, ...]
    assignments: tuple[Assignment, ...] = field(repr=False)
    waitlist: tuple[str, ...] = field(repr=False)
    vacant: tuple[str, ...] = field(repr=False)

    @cached_property
    def audit_bytes(self) -> bytes:
        """The audit file: canonical JSON (docs §8)."""
        with gc_paused():
            return audit_bytes(self)

    @property
    def audit_hash(self) -> str:
        """SHA-256 of the audit file, hex: publish it with the result."""
        return hashlib.sha256(self.audit_bytes).hexdigest()

    def home_of(self) -> dict[str, str]:
        """Applicant id → home id, for the applicants who got a home."""
        return {a.applicant: a.home for a in self.assignments}

    def result_document(self) -> dict[str, Any]:
        """The ``result`` section of the audit file (keys inserted in sorted order)."""
        a = self.assignments
        return {
            "assignments": {
                "applicant": [x.applicant for x in a],
                "home": [x.home for x in a],
                "phase": [x.phase for x in a],
                "turn": [x.turn for x in a],
            },
            "order": list(self.order),
            "phases": [
                {"capacity": p.capacity, "category": p.category, "filled": p.filled, "kind": p.kind} for p in self.phases
            ],
            "vacant": list(self.vacant),
            "waitlist": list(self.waitlist),
        }


def draw(round: FrozenRound, secret: str, public_value: str) -> DrawResult:
    """Draw the round: check the secret against the commitment, derive the seed, order the
    applicants and let them choose homes pool by pool. Pure: same inputs, same result."""
    with gc_paused():
        check_secret(secret, round.commitment)
        value = canonical_public_value(round.public_source.kind, public_value)
        seed = compute_seed(secret, value, round.list_hash)
        order = turn_order(round, seed)
        phases, picks = allocate(round, order)
        ids = round.applicant_ids
        homes = round.home_ids
        turn = np.empty(len(ids), dtype=np.int64)
        turn[order] = np.arange(1, len(ids) + 1)
        housed = bytearray(len(ids))
        taken = bytearray(len(homes))
        assignments = []
        for (applicant, home, phase), position in zip(picks, turn[[p[0] for p in picks]].tolist(), strict=True):
            housed[applicant] = 1
            taken[home] = 1
            assignments.append(Assignment(ids[applicant], homes[home], phase, position))
        order_ids = _pick(ids, order)
        return DrawResult(
            round=round,
            secret=secret,
            public_value=value,
            seed=seed.hex(),
            order=order_ids,
            phases=tuple(phases),
            assignments=tuple(assignments),
            waitlist=tuple(itertools.compress(order_ids, map(operator.not_, _pick(housed, order)))),
            vacant=tuple(itertools.compress(homes, map(operator.not_, taken))),
        )


def _pick(values: Sequence[Any], positions: list[int]) -> tuple[Any, ...]:
    if len(positions) == 1:
        return (values[positions[0]],)
    return tuple(operator.itemgetter(*positions)(values))


def turn_order(round: FrozenRound, seed: bytes) -> list[int]:
    """Applicant indices (into ``round.applicant_ids``) in turn order.

    Lottery: ascending key. Score: descending score, then ascending key. Equal keys (a SHA-256
    collision) would keep id order: the applicants are in id order and both sorts are stable.
    """
    keys = order_keys(seed, round.applicant_ids)
    n = len(keys)
    # The first 8 bytes of each key as a big-endian integer sort like the key unless two
    # prefixes tie (chance ≈ n²/2⁶⁵); then sort by the whole key.
    prefix = np.frombuffer(b"".join(keys), dtype=">u8")[::4]
    ranked = np.argsort(prefix, kind="stable")
    if n > 1 and bool(np.any(prefix[ranked][1:] == prefix[ranked][:-1])):
        order = sorted(range(n), key=keys.__getitem__)
    else:
        order = ranked.tolist()
    if round.policy.ranking == "score":
        values: dict[str | None, Decimal] = {s: Decimal(s) for s in set(round.applicant_scores) if s is not None}
        scores = [values[s] for s in round.applicant_scores]
        order.sort(key=scores.__getitem__, reverse=True)  # stable: equal scores keep key order
    return order


def phase_plan(round: FrozenRound) -> list[tuple[PhaseKind, int]]:
    """The pools in processing order: (kind, rule index for a reserve, else the home list mark)."""
    policy = round.policy
    reserves: list[tuple[PhaseKind, int]] = [("reserve", r) for r in range(len(policy.reserves))]
    revert = policy.unfilled == "revert_to_open"
    if policy.order == "reserve_first":
        return [*reserves, ("open", _EVERY if revert else _UNMARKED)]
    tail: list[tuple[PhaseKind, int]] = [("open", _EVERY)] if revert else []
    return [("open", _UNMARKED), *reserves, *tail]


class _Allocator:
    """The homes of one round while the pools run: which are taken, the next free one per
    (mark, layout) list, free counts per mark, and each applicant's pick."""

    def __init__(self, round: FrozenRound) -> None:
        rules = round.policy.reserves
        self.n_homes = n_homes = len(round.home_ids)
        self.rule_of = {rule.category: r for r, rule in enumerate(rules)}
        self.mark = mark = [_UNMARKED if m is None else self.rule_of[m] for m in round.home_marks]
        self.layout = layout = round.home_layouts
        # Home lists per (mark, layout); layout None = any layout. Homes are in id order already.
        self.lists: dict[tuple[int, str | None], list[int]] = {}
        for h in range(n_homes):
            for key in ((mark[h], None), (mark[h], layout[h]), (_EVERY, layout[h])):
                self.lists.setdefault(key, []).append(h)
        self.lists[(_EVERY, None)] = list(range(n_homes))
        self.pointer: dict[tuple[int, str | None], int] = {}
        self.picks: list[tuple[int, int, int]] = []
        self.taken = bytearray(n_homes)
        self.free = {m: 0 for m in (*range(len(rules)), _UNMARKED)}
        for m in mark:
            self.free[m] += 1
        # Per applicant: explicit home choices as indices, and layouts as a set, built on demand.
        self.home_index = {h: i for i, h in enumerate(round.home_ids)} if any(round.applicant_preferences) else {}
        self.prefs = round.applicant_preferences
        self.layouts = round.applicant_layouts
        self.home_of = [-1] * len(round.applicant_ids)

    def first_free(self, key: tuple[int, str | None]) -> int:
        homes = self.lists.get(key)
        if not homes:
            return -1
        p = self.pointer.get(key, 0)
        end = len(homes)
        taken = self.taken
        while p < end and taken[homes[p]]:
            p += 1
        self.pointer[key] = p
        return homes[p] if p < end else -1

    def free_count(self, marks: tuple[int, ...]) -> int:
        if marks[0] == _EVERY:
            return self.n_homes - len(self.picks)
        return sum(self.free[m] for m in marks)

    def _first_wanted(self, i: int, allowed: set[int] | None) -> int:
        """The applicant's first named home still free, in an allowed pool and an acceptable layout."""
        acceptable = self.layouts[i]
        accept = set(acceptable) if acceptable else None
        for name in self.prefs[i]:
            h = self.home_index[name]
            if not self.taken[h] and (allowed is None or self.mark[h] in allowed) and (
                    accept is None or self.layout[h] in accept):
                return h
        return -1

    def choose(self, i: int, marks: tuple[int, ...], allowed: set[int] | None) -> int:
        """The home applicant ``i`` takes in this pool, or -1: named homes first, then layouts in
        the applicant's order, then the first free home of the pool's lists."""
        if self.prefs[i]:
            return self._first_wanted(i, allowed)
        for lay in self.layouts[i] or (None,):
            for m in marks:
                chosen = self.first_free((m, lay))
                if chosen >= 0:
                    return chosen
        return -1

    def run_pool(self, eligible: list[int], marks: tuple[int, ...], capacity: int, phase_index: int) -> int:
        """Turn order through one pool; returns how many homes it filled."""
        allowed = set(marks) if marks[0] != _EVERY else None
        filled = 0
        if capacity <= 0 or self.free_count(marks) == 0:
            return 0
        home_of = self.home_of
        for i in eligible:
            if home_of[i] >= 0:
                continue
            chosen = self.choose(i, marks, allowed)
            if chosen < 0:
                continue
            self.taken[chosen] = 1
            self.free[self.mark[chosen]] -= 1
            home_of[i] = chosen
            self.picks.append((i, chosen, phase_index))
            filled += 1
            if filled == capacity or self.free_count(marks) == 0:
                break
        return filled


def allocate(round: FrozenRound, order: list[int]) -> tuple[list[Phase], list[tuple[int, int, int]]]:
    """Run the pools over the turn order; returns the phases and (applicant, home, phase) picks."""
    rules = round.policy.reserves
    sizes = round.reserve_sizes
    state = _Allocator(round)
    # Applicants of each reserved category, in turn order.
    members: list[list[int]] = [[] for _ in rules]
    if rules:
        cats = round.applicant_categories
        for i in order:
            for c in cats[i]:
                r = state.rule_of.get(c)
                if r is not None:
                    members[r].append(i)
    phases: list[Phase] = []
    reserved_total = sum(sizes)
    for phase_index, (kind, which) in enumerate(phase_plan(round)):
        if kind == "reserve":
            marks: tuple[int, ...] = (which, _UNMARKED)
            capacity, eligible, category = sizes[which], members[which], rules[which].category
        elif which == _UNMARKED:
            marks, capacity, eligible, category = (_UNMARKED,), state.n_homes - reserved_total, order, None
        else:
            marks, capacity, eligible, category = (_EVERY,), state.n_homes - len(state.picks), order, None
        filled = state.run_pool(eligible, marks, capacity, phase_index)
        phases.append(Phase(kind, category, capacity, filled))
    return phases, state.picks


def audit_document(result: DrawResult) -> dict[str, Any]:
    """The audit file as a document (the round as its canonical document)."""
    return {
        "algorithm": ALGORITHM,
        "draw": {"public_value": result.public_value, "secret": result.secret, "seed": result.seed},
        "list_hash": result.round.list_hash,
        "result": result.result_document(),
        "round": result.round.to_dict(),
    }


def audit_bytes(result: DrawResult) -> bytes:
    """canonical_json(audit_document(result)), spliced from parts so the round is not re-encoded."""
    head = canonical_json(
        {
            "algorithm": ALGORITHM,
            "draw": {"public_value": result.public_value, "secret": result.secret, "seed": result.seed},
            "list_hash": result.round.list_hash,
        }
    )
    # Keys sort as algorithm < draw < list_hash < result < round.
    return b"".join(
        (
            head[:-1],
            b',"result":',
            canonical_json(result.result_document(), presorted=True),
            b',"round":',
            result.round.canonical_bytes,
            b"}",
        )
    )
