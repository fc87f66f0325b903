"""Round inputs (plain dataclasses) and the frozen, canonical round they become.

A round is frozen once, before the draw: :func:`freeze_round` (from dataclasses) or
:func:`round_from_dict` (from a ROUND.json document) validates everything, sorts homes and
applicants by id, writes every value in its canonical form and hashes the canonical JSON: that
hash is the *list hash* published before the draw (docs/algorithms/housing-lottery.md §3).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import operator
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal, cast

import numpy as np

from .canonical import canonical_decimal, canonical_json, check_text, check_texts, gc_paused
from .errors import LotteryError

#: The algorithm implemented here; part of every frozen round and audit file.
ALGORITHM: Final = "youthcity-housing-lottery/1"

Ranking = Literal["lottery", "score"]
PoolOrder = Literal["reserve_first", "open_first"]
Unfilled = Literal["revert_to_open", "leave_vacant"]
SourceKind = Literal["lottery", "on_site", "beacon", "text"]

RANKINGS: Final[tuple[str, ...]] = ("lottery", "score")
POOL_ORDERS: Final[tuple[str, ...]] = ("reserve_first", "open_first")
UNFILLED_RULES: Final[tuple[str, ...]] = ("revert_to_open", "leave_vacant")
SOURCE_KINDS: Final[tuple[str, ...]] = ("lottery", "on_site", "beacon", "text")

Number = Decimal | int | str


@dataclass(frozen=True, slots=True)
class Home:
    """A home offered in the round.

    ``layout`` is the type the applicants choose by (户型, e.g. "45㎡一室"); ``area`` in m² as an
    int, Decimal or decimal string; ``reserved_for`` sets the home aside for one category's
    reserve (it needs a :class:`ReserveRule` for that category).
    """

    id: str
    layout: str
    area: Number
    reserved_for: str | None = None


@dataclass(frozen=True, slots=True)
class Applicant:
    """One application in the round, under its public id (application number or masked id).

    ``categories``: priority categories (a set: order and repeats do not matter);
    ``score``: points for a score (积分) round, else None;
    ``preferences``: home ids, most wanted first — the applicant accepts only these homes;
    ``layouts``: acceptable layouts, most wanted first (used when no homes are listed, and
    as a filter on listed homes).
    """

    id: str
    categories: Collection[str] = ()
    score: Number | None = None
    preferences: Sequence[str] = ()
    layouts: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class ReserveRule:
    """Homes reserved for a category: a ``share`` of the round's homes (0.4 = 40%, rounded up)
    or a ``count``; exactly one of the two."""

    category: str
    share: Number | None = None
    count: int | None = None


@dataclass(frozen=True, slots=True)
class PublicSource:
    """The future public value the seed will use, named before applications close.

    ``kind`` fixes how the value is written down (docs §4): ``lottery`` / ``on_site`` (numbers),
    ``beacon`` (hexadecimal output of a randomness beacon round), ``text``; ``name`` says which
    draw exactly ("中国福利彩票3D 2025年第180期开奖号码").
    """

    kind: SourceKind
    name: str


@dataclass(frozen=True, slots=True)
class Policy:
    """The rules of the round.

    ``reserves`` in precedence order (the first reserve's pool is processed first);
    ``order``: ``reserve_first`` (reserve pools, then the open pool) or ``open_first``;
    ``unfilled``: what happens to reserved homes their category did not fill
    (``revert_to_open`` or ``leave_vacant``); ``multiple_categories``: whether an applicant may
    be in more than one category; ``ranking``: ``lottery`` (seeded order) or ``score``
    (score descending, ties by the seeded order).
    """

    reserves: Sequence[ReserveRule] = ()
    order: PoolOrder = "reserve_first"
    unfilled: Unfilled = "revert_to_open"
    multiple_categories: bool = False
    ranking: Ranking = "lottery"


@dataclass(frozen=True, eq=False)
class FrozenRound:
    """A validated round in canonical form: columns sorted by id, values canonical.

    Build it with :func:`freeze_round` or :func:`round_from_dict`, never directly.
    ``canonical_bytes`` is the published frozen list; ``list_hash`` its SHA-256 (hex).
    ``reserve_sizes[i]`` is the number of homes reserved by ``policy.reserves[i]``.
    """

    round_id: str
    commitment: str
    public_source: PublicSource
    policy: Policy
    reserve_sizes: tuple[int, ...]
    home_ids: tuple[str, ...] = field(repr=False)
    home_layouts: tuple[str, ...] = field(repr=False)
    home_areas: tuple[str, ...] = field(repr=False)
    home_marks: tuple[str | None, ...] = field(repr=False)
    applicant_ids: tuple[str, ...] = field(repr=False)
    applicant_categories: tuple[tuple[str, ...], ...] = field(repr=False)
    applicant_scores: tuple[str | None, ...] = field(repr=False)
    applicant_preferences: tuple[tuple[str, ...], ...] = field(repr=False)
    applicant_layouts: tuple[tuple[str, ...], ...] = field(repr=False)
    canonical_bytes: bytes = field(repr=False)
    list_hash: str = ""

    @property
    def homes(self) -> tuple[Home, ...]:
        """The homes, sorted by id, values canonical."""
        return tuple(
            Home(i, layout, area, mark)
            for i, layout, area, mark in zip(
                self.home_ids, self.home_layouts, self.home_areas, self.home_marks, strict=True
            )
        )

    @property
    def applicants(self) -> tuple[Applicant, ...]:
        """The applicants, sorted by id, values canonical."""
        return tuple(
            Applicant(i, c, s, p, lay)
            for i, c, s, p, lay in zip(
                self.applicant_ids,
                self.applicant_categories,
                self.applicant_scores,
                self.applicant_preferences,
                self.applicant_layouts,
                strict=True,
            )
        )

    def to_dict(self) -> dict[str, Any]:
        """The canonical round document (what ``canonical_bytes`` serialises)."""
        return cast(dict[str, Any], json.loads(self.canonical_bytes))


# --- building --------------------------------------------------------------------------------------

_APPLICANT_FIELDS: Final = operator.attrgetter("id", "categories", "score", "preferences", "layouts")
_HOME_FIELDS: Final = operator.attrgetter("id", "layout", "area", "reserved_for")


def freeze_round(
    *,
    round_id: str,
    commitment: str,
    public_source: PublicSource,
    homes: Iterable[Home],
    applicants: Iterable[Applicant],
    policy: Policy | None = None,
) -> FrozenRound:
    """Validate a round given as dataclasses and freeze it (all-or-nothing).

    Raises :class:`LotteryError` on the first problem found; its ``path`` names the row as
    given (``applicants[12].categories``), before sorting.
    """
    with gc_paused():
        policy = policy if policy is not None else Policy()
        home_list = list(homes)
        applicant_list = list(applicants)
        if set(map(type, home_list)) - {Home}:
            index = next(i for i, h in enumerate(home_list) if type(h) is not Home)
            raise _malformed(f"homes[{index}]", "须为 Home。", "it must be a Home.")
        if set(map(type, applicant_list)) - {Applicant}:
            index = next(i for i, a in enumerate(applicant_list) if type(a) is not Applicant)
            raise _malformed(f"applicants[{index}]", "须为 Applicant。", "it must be an Applicant.")
        if not isinstance(public_source, PublicSource):
            raise _malformed("public_source", "须为 PublicSource。", "it must be a PublicSource.")
        if not isinstance(policy, Policy):
            raise _malformed("policy", "须为 Policy。", "it must be a Policy.")
        rules = list(_sequence(policy.reserves, "policy.reserves"))
        for index, rule in enumerate(rules):
            if not isinstance(rule, ReserveRule):
                raise _malformed(f"policy.reserves[{index}]", "须为 ReserveRule。", "it must be a ReserveRule.")
        home_columns = _transpose(list(map(_HOME_FIELDS, home_list)), 4)
        applicant_columns = _transpose(list(map(_APPLICANT_FIELDS, applicant_list)), 5)
        return _freeze(
            paths=_ROW_PATHS,
            round_id=round_id,
            commitment=commitment,
            source_kind=public_source.kind,
            source_name=public_source.name,
            rules=[(r.category, r.share, r.count) for r in rules],
            order=policy.order,
            unfilled=policy.unfilled,
            multiple=policy.multiple_categories,
            ranking=policy.ranking,
            homes=home_columns,
            applicants=applicant_columns,
        )


def _transpose(rows: list[tuple[Any, ...]], width: int) -> list[Sequence[Any]]:
    if not rows:
        return [()] * width
    return list(zip(*rows, strict=True))


_ROUND_KEYS: Final = frozenset(
    {"algorithm", "round_id", "commitment", "public_source", "policy", "homes", "applicants"}
)
_POLICY_KEYS: Final = frozenset({"reserves", "order", "unfilled", "multiple_categories", "ranking"})
_RULE_KEYS: Final = frozenset({"category", "share", "count"})
_SOURCE_KEYS: Final = frozenset({"kind", "name"})
#: Field names in canonical column order, with their defaults (None = required).
_HOME_COLUMNS: Final[tuple[tuple[str, Any], ...]] = (("id", None), ("layout", None), ("area", None), ("reserved_for", "null"))
_APPLICANT_COLUMNS: Final[tuple[tuple[str, Any], ...]] = (
    ("id", None),
    ("categories", "empty"),
    ("score", "null"),
    ("preferences", "empty"),
    ("layouts", "empty"),
)


def round_from_dict(doc: Any) -> FrozenRound:
    """Validate a round document (ROUND.json, or the ``round`` of an audit file) and freeze it.

    ``homes`` and ``applicants`` may be lists of row objects (``[{"id": …, "layout": …}, …]``,
    handy for people) or objects of columns (``{"id": […], "layout": […]}``, the canonical form).
    Optional fields may be left out; unknown fields are refused so that a misspelt field is not
    silently ignored.
    """
    with gc_paused():
        top = _object(doc, "", _ROUND_KEYS, ("round_id", "commitment", "public_source", "homes", "applicants"))
        if "algorithm" in top and top["algorithm"] != ALGORITHM:
            raise LotteryError("unknown_algorithm", "algorithm", value=str(top["algorithm"]), expected=ALGORITHM)
        source = _object(top["public_source"], "public_source", _SOURCE_KEYS, ("kind", "name"))
        policy = _object(top.get("policy", {}), "policy", _POLICY_KEYS, ())
        rules: list[tuple[Any, Any, Any]] = []
        for index, raw in enumerate(_array(policy.get("reserves", []), "policy.reserves")):
            rule = _object(raw, f"policy.reserves[{index}]", _RULE_KEYS, ("category",))
            rules.append((rule["category"], rule.get("share"), rule.get("count")))
        columnar = isinstance(top["homes"], dict) and isinstance(top["applicants"], dict)
        if columnar:
            homes = _columns(top["homes"], "homes", _HOME_COLUMNS)
            applicants = _columns(top["applicants"], "applicants", _APPLICANT_COLUMNS)
        else:
            homes = _rows(top["homes"], "homes", _HOME_COLUMNS)
            applicants = _rows(top["applicants"], "applicants", _APPLICANT_COLUMNS)
        return _freeze(
            paths=_COLUMN_PATHS if columnar else _ROW_PATHS,
            round_id=top["round_id"],
            commitment=top["commitment"],
            source_kind=source["kind"],
            source_name=source["name"],
            rules=rules,
            order=policy.get("order", "reserve_first"),
            unfilled=policy.get("unfilled", "revert_to_open"),
            multiple=policy.get("multiple_categories", False),
            ranking=policy.get("ranking", "lottery"),
            homes=homes,
            applicants=applicants,
        )


def load_round(data: bytes | str) -> FrozenRound:
    """Parse ROUND.json text (numbers with a fraction become exact decimals) and freeze it."""
    try:
        with gc_paused():
            doc = json.loads(data, parse_float=Decimal, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _malformed("", f"不是有效的 JSON（{exc}）。", f"it is not valid JSON ({exc}).") from None
    return round_from_dict(doc)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


# --- document shape --------------------------------------------------------------------------------

Paths = Callable[[str, int, str], str]


def _row_path(table: str, index: int, field: str) -> str:
    return f"{table}[{index}].{field}"


def _column_path(table: str, index: int, field: str) -> str:
    return f"{table}.{field}[{index}]"


_ROW_PATHS: Final[Paths] = _row_path
_COLUMN_PATHS: Final[Paths] = _column_path


def _malformed(path: str, reason_zh: str, reason_en: str) -> LotteryError:
    return LotteryError("bad_round", path, where=path or "$", reason_zh=reason_zh, reason_en=reason_en)


def _object(value: Any, path: str, allowed: frozenset[str], required: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _malformed(path, "须为对象（{…}）。", "it must be an object ({…}).")
    for key in required:
        if key not in value:
            raise _malformed(_join(path, key), "缺少该项。", "this field is missing.")
    for key in value:
        if key not in allowed:
            raise _malformed(_join(path, str(key)), "不认识的字段。", "unknown field.")
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _array(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise _malformed(path, "须为数组（[…]）。", "it must be an array ([…]).")
    return list(value)


def _sequence(value: Any, path: str) -> Sequence[Any]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise _malformed(path, "须为列表。", "it must be a list.")
    return value


def _default(kind: str, n: int) -> list[Any]:
    return [None] * n if kind == "null" else [_EMPTY] * n


def _columns(value: Any, path: str, fields: tuple[tuple[str, Any], ...]) -> list[Sequence[Any]]:
    table = _object(value, path, frozenset(name for name, _ in fields), tuple(n for n, d in fields if d is None))
    lengths = {name: len(_array(table[name], _join(path, name))) for name, _ in fields if name in table}
    n = lengths[fields[0][0]]
    for name, length in lengths.items():
        if length != n:
            raise _malformed(_join(path, name), f"应有 {n} 项，实有 {length} 项。", f"it has {length} items instead of {n}.")
    return [table[name] if name in table else _default(default, n) for name, default in fields]


def _rows(value: Any, path: str, fields: tuple[tuple[str, Any], ...]) -> list[Sequence[Any]]:
    rows = _array(value, path)
    allowed = frozenset(name for name, _ in fields)
    needed = {name for name, default in fields if default is None}
    if set(map(type, rows)) - {dict}:
        index = next(i for i, row in enumerate(rows) if type(row) is not dict)
        raise _malformed(f"{path}[{index}]", "须为对象（{…}）。", "it must be an object ({…}).")
    # A round has few distinct key sets: check each once, not each row.
    for shape in set(map(frozenset, rows)):
        if not shape >= needed or not shape <= allowed:
            index = next(i for i, row in enumerate(rows) if frozenset(row) == shape)
            _object(rows[index], f"{path}[{index}]", allowed, tuple(needed))
    columns: list[Sequence[Any]] = []
    for name, default in fields:
        fallback = None if default in (None, "null") else _EMPTY
        columns.append([row.get(name, fallback) for row in rows])
    return columns


# --- validation ------------------------------------------------------------------------------------

_EMPTY: Final[tuple[str, ...]] = ()
_SEQUENCES: Final = frozenset({list, tuple})
_SETS: Final = frozenset({list, tuple, set, frozenset})


def _choice(value: Any, allowed: tuple[str, ...], name: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise LotteryError("bad_policy", f"policy.{name}", field=name, value=str(value), allowed="、".join(allowed))
    return value


def _round_fields(round_id: Any, commitment: Any, source_kind: Any, source_name: Any, order: Any,
                  unfilled: Any, ranking: Any, multiple: Any) -> tuple[str, str, str, str]:
    """The round's own fields checked; (commitment in lower case, order, unfilled, ranking)."""
    check_text(round_id, "轮次编号", "The round id", "round_id")
    if not isinstance(commitment, str) or len(commitment) != 64 or not _is_hex(commitment):
        raise LotteryError("bad_commitment", "commitment")
    if not isinstance(source_kind, str) or source_kind not in SOURCE_KINDS:
        raise LotteryError("bad_public_source", "public_source.kind", allowed="、".join(SOURCE_KINDS))
    check_text(source_name, "公共随机值来源名称", "The public value source name", "public_source.name", 500)
    order = _choice(order, POOL_ORDERS, "order")
    unfilled = _choice(unfilled, UNFILLED_RULES, "unfilled")
    ranking = _choice(ranking, RANKINGS, "ranking")
    if not isinstance(multiple, bool):
        raise LotteryError(
            "bad_policy",
            "policy.multiple_categories",
            field="multiple_categories",
            value=str(multiple),
            allowed="true、false",
        )
    return commitment.lower(), order, unfilled, ranking


def _checked_homes(homes: list[Sequence[Any]], paths: Paths) -> tuple[list[str], set[Any]]:
    """The homes' columns checked; (canonical areas, reserve marks used)."""
    h_ids, h_layouts, h_areas, h_marks = homes
    if len(h_ids) == 0:
        raise LotteryError("no_homes", "homes")
    check_texts(h_ids, "房源编号", "A home id", lambda i: paths("homes", i, "id"))
    check_texts(h_layouts, "户型", "A layout", lambda i: paths("homes", i, "layout"))
    areas = _decimals(h_areas, "面积", "The area", lambda i: paths("homes", i, "area"))
    for index, area in enumerate(areas):
        if area.startswith("-") or area == "0":
            raise LotteryError("bad_area", paths("homes", index, "area"), id=h_ids[index])
    marks_used = set(h_marks)
    marks_used.discard(None)
    for mark in marks_used:
        index = h_marks.index(mark)
        check_text(mark, "保留类别", "A reserved category", paths("homes", index, "reserved_for"))
    _refuse_duplicates(h_ids, "homes", paths)
    return areas, marks_used


def _reserve_rules(rules: list[tuple[Any, Any, Any]]) -> list[ReserveRule]:
    """Reserve rules in precedence order, each with a share or a count, never both."""
    canonical_rules: list[ReserveRule] = []
    seen: set[str] = set()
    for index, (category, share, count) in enumerate(rules):
        path = f"policy.reserves[{index}]"
        check_text(category, "保留类别", "A reserved category", f"{path}.category")
        if (share is None) == (count is None):
            raise LotteryError("bad_rule", path, category=category)
        if category in seen:
            raise LotteryError("duplicate_rule", path, category=category)
        seen.add(category)
        if share is not None:
            text = canonical_decimal(share, "保留比例", "The reserve share", f"{path}.share")
            if text.startswith("-") or Decimal(text) > 1:
                raise LotteryError("bad_share", f"{path}.share", category=category, value=text)
            canonical_rules.append(ReserveRule(category, text, None))
        else:
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise LotteryError("bad_count", f"{path}.count", category=category, value=str(count))
            canonical_rules.append(ReserveRule(category, None, count))
    return canonical_rules


def _reserve_sizes(canonical_rules: list[ReserveRule], h_marks: Sequence[Any], n_homes: int) -> list[int]:
    """Homes each reserve holds: its share of all homes rounded up ("at least 40%") or its count,
    and never fewer than the homes marked for it."""
    sizes: list[int] = []
    for rule in canonical_rules:
        if rule.share is not None:
            share = Fraction(Decimal(str(rule.share)))
            size = -((-share.numerator * n_homes) // share.denominator)  # ceiling: "at least 40%"
        else:
            size = int(cast(int, rule.count))
        sizes.append(max(size, h_marks.count(rule.category)))
    if sum(sizes) > n_homes:
        raise LotteryError("reserve_exceeds_homes", "policy.reserves", reserved=sum(sizes), homes=n_homes)
    return sizes


def _freeze(
    *,
    paths: Paths,
    round_id: Any,
    commitment: Any,
    source_kind: Any,
    source_name: Any,
    rules: list[tuple[Any, Any, Any]],
    order: Any,
    unfilled: Any,
    multiple: Any,
    ranking: Any,
    homes: list[Sequence[Any]],
    applicants: list[Sequence[Any]],
) -> FrozenRound:
    commitment, order, unfilled, ranking = _round_fields(round_id, commitment, source_kind, source_name, order,
                                                         unfilled, ranking, multiple)
    h_ids, h_layouts, _, h_marks = homes
    areas, marks_used = _checked_homes(homes, paths)
    canonical_rules = _reserve_rules(rules)
    categories = {rule.category for rule in canonical_rules}
    for mark in marks_used:
        if mark not in categories:
            index = h_marks.index(mark)
            raise LotteryError(
                "unknown_reserve_category", paths("homes", index, "reserved_for"), id=h_ids[index], category=mark
            )
    sizes = _reserve_sizes(canonical_rules, h_marks, len(h_ids))

    # -- applicants
    a_ids, a_cats, a_scores, a_prefs, a_layouts = applicants
    if len(a_ids) == 0:
        raise LotteryError("no_applicants", "applicants")
    check_texts(a_ids, "申请编号", "An applicant id", lambda i: paths("applicants", i, "id"))
    cats = _categories(a_cats, a_ids, multiple, paths)
    scores = _scores(a_scores, a_ids, ranking, paths)
    prefs = _preferences(a_prefs, a_ids, set(h_ids), paths)
    layouts = _layouts(a_layouts, a_ids, paths)
    _refuse_duplicates(a_ids, "applicants", paths)

    # -- canonical form: rows sorted by id (code point order = UTF-8 byte order)
    home_sort = _id_order(h_ids)
    applicant_sort = _id_order(a_ids)
    fh = [_permute(column, home_sort) for column in (h_ids, h_layouts, areas, h_marks)]
    fa = [_permute(column, applicant_sort) for column in (a_ids, cats, scores, prefs, layouts)]
    source = PublicSource(cast(SourceKind, source_kind), source_name)
    policy = Policy(
        tuple(canonical_rules), cast(PoolOrder, order), cast(Unfilled, unfilled), multiple, cast(Ranking, ranking)
    )
    # Keys are inserted in sorted order, so the encoder need not sort (docs §2).
    document = {
        "algorithm": ALGORITHM,
        "applicants": {"categories": fa[1], "id": fa[0], "layouts": fa[4], "preferences": fa[3], "score": fa[2]},
        "commitment": commitment,
        "homes": {"area": fh[2], "id": fh[0], "layout": fh[1], "reserved_for": fh[3]},
        "policy": {
            "multiple_categories": policy.multiple_categories,
            "order": policy.order,
            "ranking": policy.ranking,
            "reserves": [{"category": r.category, "count": r.count, "share": r.share} for r in policy.reserves],
            "unfilled": policy.unfilled,
        },
        "public_source": {"kind": source.kind, "name": source.name},
        "round_id": round_id,
    }
    data = canonical_json(document, presorted=True)
    return FrozenRound(
        round_id=round_id,
        commitment=commitment,
        public_source=source,
        policy=policy,
        reserve_sizes=tuple(sizes),
        home_ids=fh[0],
        home_layouts=fh[1],
        home_areas=fh[2],
        home_marks=fh[3],
        applicant_ids=fa[0],
        applicant_categories=fa[1],
        applicant_scores=fa[2],
        applicant_preferences=fa[3],
        applicant_layouts=fa[4],
        canonical_bytes=data,
        list_hash=hashlib.sha256(data).hexdigest(),
    )


def _id_order(ids: Sequence[str]) -> list[int]:
    """Positions of ``ids`` in code point order (= UTF-8 byte order), stable."""
    if len(ids) > 1000 and max(map(len, ids)) <= 64:
        # NumPy compares fixed-width UCS-4 strings by code point, as Python does, about twice
        # as fast; ids have no NUL characters (the text rule), which NumPy would strip.
        return cast(list[int], np.argsort(np.array(ids, dtype=str), kind="stable").tolist())
    return sorted(range(len(ids)), key=ids.__getitem__)


def _permute(column: Sequence[Any], positions: list[int]) -> tuple[Any, ...]:
    if len(positions) == 1:
        return (column[positions[0]],)
    return cast(tuple[Any, ...], operator.itemgetter(*positions)(column))


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in text)


def _refuse_duplicates(ids: Sequence[str], table: Literal["homes", "applicants"], paths: Paths) -> None:
    if len(set(ids)) == len(ids):
        return
    seen: set[str] = set()
    for index, identifier in enumerate(ids):
        if identifier in seen:
            code: Literal["duplicate_home", "duplicate_applicant"] = (
                "duplicate_home" if table == "homes" else "duplicate_applicant"
            )
            raise LotteryError(code, paths(table, index, "id"), id=identifier)
        seen.add(identifier)


def _decimals(values: Sequence[Any], field: str, field_en: str, path_of: Callable[[int], str]) -> list[str]:
    # Few distinct values (areas, points): canonicalise each once. The type is part of the key so
    # that True is not taken for 1.
    try:
        distinct = set(zip(map(type, values), values, strict=True))
    except TypeError:  # an unhashable value: find and report it
        distinct = set()
        for index, value in enumerate(values):
            canonical_decimal(value, field, field_en, path_of(index))
    forms: dict[tuple[type, Any], str] = {}
    for key in distinct:
        try:
            forms[key] = canonical_decimal(key[1], field, field_en, "")
        except LotteryError:
            index = next(i for i, v in enumerate(values) if type(v) is key[0] and (v is key[1] or v == key[1]))
            canonical_decimal(values[index], field, field_en, path_of(index))
            raise  # pragma: no cover - the line above raised with the row's path
    return [forms[key] for key in zip(map(type, values), values, strict=True)]


def _check_lists(raw: Sequence[Any], field: str, paths: Paths, kinds: frozenset[type] = _SEQUENCES) -> None:
    if set(map(type, raw)) - kinds:
        index = next(i for i, value in enumerate(raw) if type(value) not in kinds)
        raise _malformed(paths("applicants", index, field), "须为文字列表。", "it must be a list of text values.")


def _categories(raw: Sequence[Any], ids: Sequence[str], multiple: bool, paths: Paths) -> list[tuple[str, ...]]:
    _check_lists(raw, "categories", paths, _SETS)
    keys = list(map(tuple, raw))
    canonical: dict[tuple[Any, ...], tuple[str, ...]] = {}
    for key in set(keys):  # few distinct category sets: validate and sort each once
        index = keys.index(key)
        for position, value in enumerate(key):
            check_text(value, "申请人类别", "A category", f"{paths('applicants', index, 'categories')}[{position}]")
        canonical[key] = tuple(sorted(set(key)))
    if not multiple:
        for key, cats in canonical.items():
            if len(cats) > 1:
                index = keys.index(key)
                raise LotteryError(
                    "multiple_categories",
                    paths("applicants", index, "categories"),
                    id=ids[index],
                    count=len(cats),
                    categories="、".join(cats),
                )
    return list(map(canonical.__getitem__, keys))


def _scores(raw: Sequence[Any], ids: Sequence[str], ranking: str, paths: Paths) -> list[str | None]:
    if ranking == "lottery":
        if list(raw).count(None) != len(raw):
            index = next(i for i, score in enumerate(raw) if score is not None)
            raise LotteryError("unexpected_score", paths("applicants", index, "score"), id=ids[index])
        return [None] * len(raw)
    if None in raw:
        index = list(raw).index(None)
        raise LotteryError("missing_score", paths("applicants", index, "score"), id=ids[index])
    return list(_decimals(raw, "积分", "The score", lambda i: paths("applicants", i, "score")))


def _preferences(raw: Sequence[Any], ids: Sequence[str], homes: set[str], paths: Paths) -> list[tuple[str, ...]]:
    _check_lists(raw, "preferences", paths)
    result: list[tuple[str, ...]] = [_EMPTY] * len(raw)
    for index in itertools.compress(range(len(raw)), raw):  # only the few who listed homes
        prefs = tuple(raw[index])
        for position, home in enumerate(prefs):
            if type(home) is not str or home not in homes:
                raise LotteryError(
                    "unknown_home",
                    f"{paths('applicants', index, 'preferences')}[{position}]",
                    id=ids[index],
                    home=str(home),
                )
        if len(set(prefs)) != len(prefs):
            home = next(h for position, h in enumerate(prefs) if h in prefs[:position])
            raise LotteryError(
                "duplicate_preference", paths("applicants", index, "preferences"), id=ids[index], home=home
            )
        result[index] = prefs
    return result


def _layouts(raw: Sequence[Any], ids: Sequence[str], paths: Paths) -> list[tuple[str, ...]]:
    _check_lists(raw, "layouts", paths)
    keys = list(map(tuple, raw))
    for key in set(keys):  # few distinct layout lists: validate each once
        index = keys.index(key)
        for position, value in enumerate(key):
            check_text(value, "可接受户型", "An acceptable layout", f"{paths('applicants', index, 'layouts')}[{position}]")
        if len(set(key)) != len(key):
            layout = next(v for position, v in enumerate(key) if v in key[:position])
            raise LotteryError("duplicate_layout", paths("applicants", index, "layouts"), id=ids[index], layout=layout)
    return keys
