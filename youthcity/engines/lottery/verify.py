"""``verify``: recompute an audit file from its inputs and point at the first difference (docs §9)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from .canonical import gc_paused
from .draw import DrawResult, draw
from .errors import LotteryError
from .model import ALGORITHM, FrozenRound, round_from_dict

_TOP_KEYS = ("algorithm", "draw", "list_hash", "result", "round")
_DRAW_KEYS = ("public_value", "secret", "seed")


@dataclass(frozen=True, slots=True)
class Difference:
    """Where an audit file departs from its recomputation.

    ``path`` is a JSONPath-like location (``result.order[17]``, ``$`` for the whole file);
    ``expected`` is what the recomputation gives, ``found`` what the file says; ``message_zh``
    and ``message_en`` explain it to a person.
    """

    path: str
    expected: str
    found: str
    message_zh: str
    message_en: str


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome of :func:`verify`: ``ok``, or the first ``difference``; when ok, ``result``
    is the recomputed draw (the same as the file)."""

    ok: bool
    difference: Difference | None = None
    list_hash: str | None = None
    seed: str | None = None
    audit_hash: str | None = None
    result: DrawResult | None = field(default=None, repr=False)


def verify(data: bytes, *, list_hash: str | None = None, commitment: str | None = None) -> Verification:
    """Recompute the audit file ``data`` and compare every byte.

    Checks, in this order: the file is UTF-8 JSON of the known algorithm; its round is valid; the
    list hash is the hash of that round (and equals ``list_hash`` if the published one is given);
    the commitment equals ``commitment`` if given; the secret matches the commitment; the seed;
    the result; and finally that the file is byte for byte the canonical serialisation. Any
    edited byte fails one of these. Nothing is raised for a bad file: the difference says why.
    """
    with gc_paused():
        return _verify(data, list_hash, commitment)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 120 else text[:119] + "…"


def _diff(path: str, expected: Any, found: Any, zh: str, en: str) -> Verification:
    return Verification(False, Difference(path, _short(expected), _short(found), zh, en))


def _verify(data: bytes, published_hash: str | None, published_commitment: str | None) -> Verification:
    doc = _document(data)
    if isinstance(doc, Verification):
        return doc
    frozen = _published_round(doc, published_hash, published_commitment)
    if isinstance(frozen, Verification):
        return frozen
    result = _redraw(frozen, doc["draw"])
    if isinstance(result, Verification):
        return result
    return _compare(data, doc, frozen, result)


def _document(data: bytes) -> dict[str, Any] | Verification:
    """The file read as a JSON object with every top-level field, or why not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _diff("$", "UTF-8", f"byte {exc.start}", "文件不是 UTF-8 编码。", "The file is not UTF-8 text.")
    try:
        doc = json.loads(text, parse_constant=_refuse)
    except ValueError as exc:
        return _diff("$", "JSON", str(exc), "文件不是有效的 JSON。", "The file is not valid JSON.")
    if not isinstance(doc, dict):
        return _diff("$", "object", type(doc).__name__, "文件内容须为 JSON 对象。", "The file must hold a JSON object.")
    for key in _TOP_KEYS:
        if key not in doc:
            return _diff(key, "present", "missing", "缺少该项。", "This field is missing.")
    if doc["algorithm"] != ALGORITHM:
        return _diff("algorithm", ALGORITHM, doc["algorithm"], "算法版本不符。", "Unknown algorithm version.")
    return doc


def _published_round(doc: dict[str, Any], published_hash: str | None,
                     published_commitment: str | None) -> FrozenRound | Verification:
    """The round in the file, checked against its own hash and what was published before the draw."""
    try:
        frozen = round_from_dict(doc["round"])
    except LotteryError as exc:
        where = f"round.{exc.path}" if exc.path else "round"
        return _diff(where, "valid round", exc.message_en, exc.message_zh, exc.message_en)
    if doc["list_hash"] != frozen.list_hash:
        return _diff(
            "list_hash",
            frozen.list_hash,
            doc["list_hash"],
            "名单哈希与文件中的名单不符：名单或哈希被改动过。",
            "The list hash does not match the list in the file: the list or the hash was changed.",
        )
    if published_hash is not None and published_hash.lower() != frozen.list_hash:
        return _diff(
            "list_hash",
            published_hash.lower(),
            frozen.list_hash,
            "文件中的名单不是事先公布的名单（哈希不同）。",
            "The list in the file is not the list published before the draw (its hash differs).",
        )
    if published_commitment is not None and published_commitment.lower() != frozen.commitment:
        return _diff(
            "round.commitment",
            published_commitment.lower(),
            frozen.commitment,
            "文件中的承诺值不是事先公布的承诺值。",
            "The commitment in the file is not the one published in advance.",
        )
    return frozen


def _redraw(frozen: FrozenRound, section: Any) -> DrawResult | Verification:
    """The draw recomputed from the file's secret and public value, or why it cannot be."""
    if not isinstance(section, dict) or any(k not in section for k in _DRAW_KEYS):
        return _diff("draw", "public_value, secret, seed", _short(section), "摇号参数不完整。", "The draw section is incomplete.")
    try:
        result = draw(frozen, section["secret"], section["public_value"])
    except LotteryError as exc:
        where = "draw.secret" if exc.path == "secret" else f"draw.{exc.path}" if exc.path else "draw"
        found = section["secret"] if exc.path == "secret" else section.get(exc.path, "")
        return _diff(where, frozen.commitment if exc.code == "secret_mismatch" else "", found, exc.message_zh, exc.message_en)
    if section["public_value"] != result.public_value:
        return _diff(
            "draw.public_value", result.public_value, section["public_value"],
            "公共随机值未按规定格式书写。", "The public value is not written in its canonical form.",
        )
    if section["seed"] != result.seed:
        return _diff("draw.seed", result.seed, section["seed"], "种子与重新计算的结果不同。", "The seed differs from the recomputed seed.")
    return result


def _compare(data: bytes, doc: dict[str, Any], frozen: FrozenRound, result: DrawResult) -> Verification:
    """Byte-identical to the recomputed audit file, or the first difference (result first)."""
    expected_bytes = result.audit_bytes
    if expected_bytes == data:
        return Verification(True, None, frozen.list_hash, result.seed, hashlib.sha256(data).hexdigest(), result)
    difference = first_difference(result.result_document(), doc["result"], "result")
    if difference is not None:
        path, expected, found = difference
        return _diff(path, expected, found, "摇号结果与重新计算的结果不同。", "The result differs from the recomputed result.")
    # Same content as far as the result goes, but not the canonical bytes (spacing, key order,
    # escapes, a duplicated key, a round value written in another form …): locate it.
    difference = first_difference(json.loads(expected_bytes), doc, "", strict=True)
    if difference is not None:
        path, expected, found = difference
        return _diff(path or "$", expected, found, "文件内容与重新计算的结果不同。", "The file differs from the recomputation.")
    offset = next(
        (i for i, (a, b) in enumerate(zip(expected_bytes, data, strict=False)) if a != b),
        min(len(expected_bytes), len(data)),
    )
    return _diff(
        f"$ (byte {offset})",
        expected_bytes[max(0, offset - 20) : offset + 20].decode("utf-8", "replace"),
        data[max(0, offset - 20) : offset + 20].decode("utf-8", "replace"),
        "文件不是规范格式（字节不同）。",
        "The file is not in canonical form (its bytes differ).",
    )


def load_audit(data: bytes, *, list_hash: str | None = None, commitment: str | None = None) -> DrawResult:
    """The draw recorded in a stored audit file, after :func:`verify` (e.g. to pass offers down
    the line with :func:`~youthcity.engines.lottery.next_in_line` later).

    Raises :class:`LotteryError` ``audit_mismatch`` naming the first difference if the file
    does not verify.
    """
    outcome = verify(data, list_hash=list_hash, commitment=commitment)
    if outcome.result is None:
        d = outcome.difference
        assert d is not None
        raise LotteryError("audit_mismatch", d.path, where=d.path, reason_zh=d.message_zh, reason_en=d.message_en)
    return outcome.result


def _refuse(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def first_difference(expected: Any, found: Any, path: str, strict: bool = False) -> tuple[str, Any, Any] | None:
    """The first place, in document order, where ``found`` departs from ``expected``.

    Object keys in sorted order. Scalars are compared with their types (``true`` is not ``1``);
    ``strict`` also skips the quick whole-container comparison, which cannot see that difference
    inside a list.
    """
    if type(expected) is not type(found):
        return path, _label(expected), _label(found)
    if isinstance(expected, dict):
        if not strict and expected == found:  # 1 == 1.0 == true slip through: see ``strict``
            return None
        for key in sorted(set(expected) | set(found)):
            sub = f"{path}.{key}" if path else key
            if key not in found:
                return sub, _label(expected[key]), "missing"
            if key not in expected:
                return sub, "absent", _label(found[key])
            difference = first_difference(expected[key], found[key], sub, strict)
            if difference is not None:
                return difference
        return None
    if isinstance(expected, list):
        if not strict and expected == found:
            return None
        for index, (a, b) in enumerate(zip(expected, found, strict=False)):
            difference = first_difference(a, b, f"{path}[{index}]", strict)
            if difference is not None:
                return difference
        if len(expected) != len(found):
            return f"{path}.length", len(expected), len(found)
        return None
    if expected != found:
        return path, expected, found
    return None


def _label(value: Any) -> Any:
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return f"[{len(value)} items]"
    return value
