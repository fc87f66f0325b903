"""Round inputs (plain dataclasses) and the frozen, canonical round they become.

A round is frozen once, before the draw: :func:`freeze_round` (from dataclasses) or
:func:`round_from_dict` (from a ROUND.json document) validates everything, sorts homes and
applicants by id, writes every value in its canonical form and hashes the canonical JSON: that
hash is the *list hash* published before the draw (docs/algorithms/housing-lottery.md §3).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal, cast

from .canonical import canonical_decimal, canonical_json, check_text, check_texts
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
    categories: Sequence[str] = ()
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

    Raises :class:`LotteryError` on the first problem found.
    """
    policy = policy if policy is not None else Policy()
    home_list = list(homes)
    applicant_list = list(applicants)
    for index, home in enumerate(home_list):
        if not isinstance(home, Home):
            raise _malformed(f"homes[{index}]", "须为 Home。", "must be a Home.")
    for index, applicant in enumerate(applicant_list):
        if not isinstance(applicant, Applicant):
            raise _malformed(f"applicants[{index}]", "须为 Applicant。", "must be an Applicant.")
    if not isinstance(public_source, PublicSource):
        raise _malformed("public_source", "须为 PublicSource。", "must be a PublicSource.")
    if not isinstance(policy, Policy):
        raise _malformed("policy", "须为 Policy。", "must be a Policy.")
    rules = list(_sequence(policy.reserves, "policy.reserves"))
    for index, rule in enumerate(rules):
        if not isinstance(rule, ReserveRule):
            raise _malformed(f"policy.reserves[{index}]", "须为 ReserveRule。", "must be a ReserveRule.")
    return _freeze(
        round_id=round_id,
        commitment=commitment,
        source_kind=public_source.kind,
        source_name=public_source.name,
        rules=[(r.category, r.share, r.count) for r in rules],
        order=policy.order,
        unfilled=policy.unfilled,
        multiple=policy.multiple_categories,
        ranking=policy.ranking,
        h_ids=[h.id for h in home_list],
        h_layouts=[h.layout for h in home_list],
        h_areas=[h.area for h in home_list],
        h_marks=[h.reserved_for for h in home_list],
        a_ids=[a.id for a in applicant_list],
        a_cats=[a.categories for a in applicant_list],
        a_scores=[a.score for a in applicant_list],
        a_prefs=[a.preferences for a in applicant_list],
        a_layouts=[a.layouts for a in applicant_list],
    )


_ROUND_KEYS: Final = frozenset(
    {"algorithm", "round_id", "commitment", "public_source", "policy", "homes", "applicants"}
)
_POLICY_KEYS: Final = frozenset({"reserves", "order", "unfilled", "multiple_categories", "ranking"})
_RULE_KEYS: Final = frozenset({"category", "share", "count"})
_SOURCE_KEYS: Final = frozenset({"kind", "name"})
_HOME_KEYS: Final = frozenset({"id", "layout", "area", "reserved_for"})
_APPLICANT_KEYS: Final = frozenset({"id", "categories", "score", "preferences", "layouts"})


def round_from_dict(doc: Any) -> FrozenRound:
    """Validate a round document (ROUND.json, or the ``round`` of an audit file) and freeze it.

    Optional fields may be left out (defaults as in the dataclasses); unknown fields are refused
    so that a misspelt field is not silently ignored.
    """
    top = _object(doc, "", _ROUND_KEYS, required=("round_id", "commitment", "public_source", "homes", "applicants"))
    if "algorithm" in top and top["algorithm"] != ALGORITHM:
        raise LotteryError("unknown_algorithm", "algorithm", value=str(top["algorithm"]), expected=ALGORITHM)
    source = _object(top["public_source"], "public_source", _SOURCE_KEYS, required=("kind", "name"))
    policy = _object(top.get("policy", {}), "policy", _POLICY_KEYS, required=())
    rules: list[tuple[Any, Any, Any]] = []
    for index, raw in enumerate(_array(policy.get("reserves", []), "policy.reserves")):
        rule = _object(raw, f"policy.reserves[{index}]", _RULE_KEYS, required=("category",))
        rules.append((rule["category"], rule.get("share"), rule.get("count")))
    homes = _rows(top["homes"], "homes", _HOME_KEYS, ("id", "layout", "area"))
    applicants = _rows(top["applicants"], "applicants", _APPLICANT_KEYS, ("id",))
    return _freeze(
        round_id=top["round_id"],
        commitment=top["commitment"],
        source_kind=source["kind"],
        source_name=source["name"],
        rules=rules,
        order=policy.get("order", "reserve_first"),
        unfilled=policy.get("unfilled", "revert_to_open"),
        multiple=policy.get("multiple_categories", False),
        ranking=policy.get("ranking", "lottery"),
        h_ids=[r["id"] for r in homes],
        h_layouts=[r["layout"] for r in homes],
        h_areas=[r["area"] for r in homes],
        h_marks=[r.get("reserved_for") for r in homes],
        a_ids=[r["id"] for r in applicants],
        a_cats=[r.get("categories", ()) for r in applicants],
        a_scores=[r.get("score") for r in applicants],
        a_prefs=[r.get("preferences", ()) for r in applicants],
        a_layouts=[r.get("layouts", ()) for r in applicants],
    )


def load_round(data: bytes | str) -> FrozenRound:
    """Parse ROUND.json text (numbers with a fraction become exact decimals) and freeze it."""
    try:
        doc = json.loads(data, parse_float=Decimal, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _malformed("", f"不是有效的 JSON（{exc}）。", f"it is not valid JSON ({exc}).") from None
    return round_from_dict(doc)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


# --- validation ------------------------------------------------------------------------------------


def _malformed(path: str, reason_zh: str, reason_en: str) -> LotteryError:
    return LotteryError("bad_round", path, path=path or "$", reason_zh=reason_zh, reason_en=reason_en)


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


def _rows(value: Any, path: str, allowed: frozenset[str], required: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = _array(value, path)
    if all(type(r) is dict for r in rows):
        # A round has few distinct key sets; check each once instead of each row.
        shapes: dict[frozenset[str], int] = {}
        for index, row in enumerate(rows):
            shapes.setdefault(frozenset(row), index)
        for shape, index in shapes.items():
            if not shape >= set(required) or not shape <= allowed:
                _object(rows[index], f"{path}[{index}]", allowed, required)
        return rows
    for index, row in enumerate(rows):
        _object(row, f"{path}[{index}]", allowed, required)
    return rows  # pragma: no cover - _object raised


def _choice(value: Any, allowed: tuple[str, ...], name: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise LotteryError(
            "bad_policy", f"policy.{name}", field=name, value=str(value), allowed="、".join(allowed)
        )
    return value


def _text_list(value: Any, path: str) -> list[Any]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise _malformed(path, "须为文字列表。", "it must be a list of text values.")
    return list(value)


def _freeze(
    *,
    round_id: Any,
    commitment: Any,
    source_kind: Any,
    source_name: Any,
    rules: list[tuple[Any, Any, Any]],
    order: Any,
    unfilled: Any,
    multiple: Any,
    ranking: Any,
    h_ids: list[Any],
    h_layouts: list[Any],
    h_areas: list[Any],
    h_marks: list[Any],
    a_ids: list[Any],
    a_cats: list[Any],
    a_scores: list[Any],
    a_prefs: list[Any],
    a_layouts: list[Any],
) -> FrozenRound:
    # -- the round's own fields
    check_text(round_id, "轮次编号", "The round id", "round_id")
    if not isinstance(commitment, str) or len(commitment) != 64 or not _is_hex(commitment):
        raise LotteryError("bad_commitment", "commitment")
    commitment = commitment.lower()
    if not isinstance(source_kind, str) or source_kind not in SOURCE_KINDS:
        raise LotteryError("bad_public_source", "public_source.kind", allowed="、".join(SOURCE_KINDS))
    check_text(source_name, "公共随机值来源名称", "The public value source name", "public_source.name", 500)
    order = _choice(order, POOL_ORDERS, "order")
    unfilled = _choice(unfilled, UNFILLED_RULES, "unfilled")
    ranking = _choice(ranking, RANKINGS, "ranking")
    if not isinstance(multiple, bool):
        raise LotteryError("bad_policy", "policy.multiple_categories", field="multiple_categories", value=str(multiple), allowed="true、false")

    # -- homes
    n_homes = len(h_ids)
    if n_homes == 0:
        raise LotteryError("no_homes", "homes")
    check_texts(h_ids, "房源编号", "A home id", lambda i: f"homes[{i}].id")
    check_texts(h_layouts, "户型", "A layout", lambda i: f"homes[{i}].layout")
    areas = [canonical_decimal(a, "面积", "The area", f"homes[{i}].area") for i, a in enumerate(h_areas)]
    for index, area in enumerate(areas):
        if area.startswith("-") or area == "0":
            raise LotteryError("bad_area", f"homes[{index}].area", id=h_ids[index])
    marked = [(i, m) for i, m in enumerate(h_marks) if m is not None]
    for index, mark in marked:
        check_text(mark, "保留类别", "A reserved category", f"homes[{index}].reserved_for")
    home_sort = sorted(range(n_homes), key=h_ids.__getitem__)
    _refuse_duplicates(h_ids, home_sort, "duplicate_home")

    # -- reserve rules, in precedence order
    canonical_rules: list[ReserveRule] = []
    rule_index: dict[str, int] = {}
    for index, (category, share, count) in enumerate(rules):
        path = f"policy.reserves[{index}]"
        check_text(category, "保留类别", "A reserved category", f"{path}.category")
        if (share is None) == (count is None):
            raise LotteryError("bad_rule", path, category=category)
        if category in rule_index:
            raise LotteryError("duplicate_rule", path, category=category)
        rule_index[category] = index
        if share is not None:
            text = canonical_decimal(share, "保留比例", "The reserve share", f"{path}.share")
            if text.startswith("-") or Decimal(text) > 1:
                raise LotteryError("bad_share", f"{path}.share", category=category, value=text)
            canonical_rules.append(ReserveRule(category, text, None))
        else:
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise LotteryError("bad_count", f"{path}.count", category=category, value=str(count))
            canonical_rules.append(ReserveRule(category, None, count))
    marked_counts = [0] * len(canonical_rules)
    for index, mark in marked:
        if mark not in rule_index:
            raise LotteryError("unknown_reserve_category", f"homes[{index}].reserved_for", id=h_ids[index], category=mark)
        marked_counts[rule_index[mark]] += 1
    sizes: list[int] = []
    for rule, marked_count in zip(canonical_rules, marked_counts, strict=True):
        if rule.share is not None:
            share = Fraction(Decimal(str(rule.share)))
            size = -((-share.numerator * n_homes) // share.denominator)  # ceiling: "at least 40%"
        else:
            size = int(cast(int, rule.count))
        sizes.append(max(size, marked_count))
    if sum(sizes) > n_homes:
        raise LotteryError("reserve_exceeds_homes", "policy.reserves", reserved=sum(sizes), homes=n_homes)

    # -- applicants
    n_applicants = len(a_ids)
    if n_applicants == 0:
        raise LotteryError("no_applicants", "applicants")
    check_texts(a_ids, "申请编号", "An applicant id", lambda i: f"applicants[{i}].id")
    cats = _categories(a_cats, a_ids, multiple)
    scores = _scores(a_scores, a_ids, ranking)
    home_set = set(h_ids)
    prefs = _preferences(a_prefs, a_ids, home_set)
    layouts = _layouts(a_layouts, a_ids)
    applicant_sort = sorted(range(n_applicants), key=a_ids.__getitem__)
    _refuse_duplicates(a_ids, applicant_sort, "duplicate_applicant")

    # -- canonical form
    hs = home_sort
    frozen_homes = (
        tuple(h_ids[i] for i in hs),
        tuple(h_layouts[i] for i in hs),
        tuple(areas[i] for i in hs),
        tuple(h_marks[i] for i in hs),
    )
    s = applicant_sort
    frozen_applicants = (
        tuple(a_ids[i] for i in s),
        tuple(cats[i] for i in s),
        tuple(scores[i] for i in s),
        tuple(prefs[i] for i in s),
        tuple(layouts[i] for i in s),
    )
    source = PublicSource(cast(SourceKind, source_kind), source_name)
    policy = Policy(
        tuple(canonical_rules), cast(PoolOrder, order), cast(Unfilled, unfilled), multiple, cast(Ranking, ranking)
    )
    data = canonical_json(
        _document(round_id, commitment, source, policy, frozen_homes, frozen_applicants)
    )
    return FrozenRound(
        round_id,
        commitment,
        source,
        policy,
        tuple(sizes),
        *frozen_homes,
        *frozen_applicants,
        canonical_bytes=data,
        list_hash=hashlib.sha256(data).hexdigest(),
    )


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in text)


def _refuse_duplicates(ids: list[str], sort: list[int], code: Literal["duplicate_home", "duplicate_applicant"]) -> None:
    for before, after in zip(sort, sort[1:], strict=False):
        if ids[before] == ids[after]:
            kind = "homes" if code == "duplicate_home" else "applicants"
            raise LotteryError(code, f"{kind}[{max(before, after)}].id", id=ids[after])


def _flat_check(
    lists: list[list[Any]], field: str, field_en: str, path: Callable[[int, int], str]
) -> None:
    flat = [v for values in lists for v in values]
    try:
        check_texts(flat, field, field_en, lambda _: "")
    except Exception:
        for row, values in enumerate(lists):
            for position, value in enumerate(values):
                check_text(value, field, field_en, path(row, position))
        raise  # pragma: no cover - the scan raised with the precise path


def _categories(raw: list[Any], ids: list[str], multiple: bool) -> list[tuple[str, ...]]:
    lists = [_text_list(v, f"applicants[{i}].categories") for i, v in enumerate(raw)]
    _flat_check(lists, "申请人类别", "A category", lambda r, p: f"applicants[{r}].categories[{p}]")
    canonical: dict[frozenset[str], tuple[str, ...]] = {}
    result: list[tuple[str, ...]] = []
    for index, values in enumerate(lists):
        key = frozenset(values)
        cats = canonical.get(key)
        if cats is None:
            cats = canonical[key] = tuple(sorted(key))
        if len(cats) > 1 and not multiple:
            raise LotteryError(
                "multiple_categories",
                f"applicants[{index}].categories",
                id=ids[index],
                count=len(cats),
                categories="、".join(cats),
            )
        result.append(cats)
    return result


def _scores(raw: list[Any], ids: list[str], ranking: str) -> list[str | None]:
    if ranking == "lottery":
        for index, score in enumerate(raw):
            if score is not None:
                raise LotteryError("unexpected_score", f"applicants[{index}].score", id=ids[index])
        return [None] * len(raw)
    result: list[str | None] = []
    for index, score in enumerate(raw):
        if score is None:
            raise LotteryError("missing_score", f"applicants[{index}].score", id=ids[index])
        result.append(canonical_decimal(score, "积分", "The score", f"applicants[{index}].score"))
    return result


_EMPTY: Final[tuple[str, ...]] = ()


def _preferences(raw: list[Any], ids: list[str], homes: set[str]) -> list[tuple[str, ...]]:
    result: list[tuple[str, ...]] = []
    for index, value in enumerate(raw):
        if not value:
            _text_list(value, f"applicants[{index}].preferences")
            result.append(_EMPTY)
            continue
        prefs = tuple(_text_list(value, f"applicants[{index}].preferences"))
        for position, home in enumerate(prefs):
            if not isinstance(home, str) or home not in homes:
                raise LotteryError(
                    "unknown_home", f"applicants[{index}].preferences[{position}]", id=ids[index], home=str(home)
                )
        if len(set(prefs)) != len(prefs):
            seen: set[str] = set()
            for home in prefs:
                if home in seen:
                    raise LotteryError("duplicate_preference", f"applicants[{index}].preferences", id=ids[index], home=home)
                seen.add(home)
        result.append(prefs)
    return result


def _layouts(raw: list[Any], ids: list[str]) -> list[tuple[str, ...]]:
    lists = [_text_list(v, f"applicants[{i}].layouts") for i, v in enumerate(raw)]
    _flat_check(lists, "可接受户型", "An acceptable layout", lambda r, p: f"applicants[{r}].layouts[{p}]")
    result: list[tuple[str, ...]] = []
    for index, values in enumerate(lists):
        if not values:
            result.append(_EMPTY)
            continue
        if len(set(values)) != len(values):
            seen: set[str] = set()
            for layout in values:
                if layout in seen:
                    raise LotteryError("duplicate_layout", f"applicants[{index}].layouts", id=ids[index], layout=layout)
                seen.add(layout)
        result.append(tuple(values))
    return result


def _document(
    round_id: str,
    commitment: str,
    source: PublicSource,
    policy: Policy,
    homes: tuple[tuple[Any, ...], ...],
    applicants: tuple[tuple[Any, ...], ...],
) -> dict[str, Any]:
    h_ids, h_layouts, h_areas, h_marks = homes
    a_ids, a_cats, a_scores, a_prefs, a_layouts = applicants
    return {
        "algorithm": ALGORITHM,
        "applicants": [
            {"categories": c, "id": i, "layouts": lay, "preferences": p, "score": s}
            for i, c, s, p, lay in zip(a_ids, a_cats, a_scores, a_prefs, a_layouts, strict=True)
        ],
        "commitment": commitment,
        "homes": [
            {"area": area, "id": i, "layout": layout, "reserved_for": mark}
            for i, layout, area, mark in zip(h_ids, h_layouts, h_areas, h_marks, strict=True)
        ],
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
