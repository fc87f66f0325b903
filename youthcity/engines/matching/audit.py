"""Audit files: a matching round anyone can recompute.

An audit file is canonical JSON (keys sorted, UTF-8, no insignificant whitespace, one final
newline) holding the algorithm's name and version, the inputs (canonical form), the SHA-256 of
the inputs, the result and the SHA-256 of the result. :func:`verify` re-runs the round and
reports the first difference, so any edited byte is caught: an edit to the layout breaks
canonical form, to the inputs breaks their hash, to the result or a hash breaks agreement with
the recomputation. (Someone who rewrites inputs, hashes and result together makes a *different*
valid audit file: publish its SHA-256, and pass it as ``expected_sha256``.)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Final

from .errors import MatchingInputError
from .model import MatchingRound, MatchResult
from .solver import match_round

__all__ = [
    "ALGORITHM",
    "ALGORITHM_VERSION",
    "AUDIT_FORMAT",
    "Verification",
    "audit_document",
    "canonical_json",
    "make_audit",
    "sha256_hex",
    "verify",
]

ALGORITHM: Final = "applicant-proposing deferred acceptance; sequential seat categories; seeded single tie-break"
#: Bumped whenever any result could change; an audit file names the version that made it.
ALGORITHM_VERSION: Final = "1.0.0"
AUDIT_FORMAT: Final = "youthcity.matching.audit/1"
_KEYS: Final = frozenset({"format", "algorithm", "algorithm_version", "input_sha256", "inputs", "result", "result_sha256"})


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8 (not ASCII escapes), one final newline."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text + "\n").encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def audit_document(round_: MatchingRound, result: MatchResult) -> dict[str, Any]:
    """The audit file's content as a dict (see :func:`make_audit`)."""
    inputs = round_.to_dict()
    outcome = result.to_dict()
    return {
        "format": AUDIT_FORMAT,
        "algorithm": ALGORITHM,
        "algorithm_version": ALGORITHM_VERSION,
        "input_sha256": sha256_hex(canonical_json(inputs)),
        "inputs": inputs,
        "result": outcome,
        "result_sha256": sha256_hex(canonical_json(outcome)),
    }


def make_audit(round_: MatchingRound, result: MatchResult | None = None) -> bytes:
    """The audit file's bytes; runs the round unless its ``result`` is given."""
    if result is None:
        result = match_round(round_)
    return canonical_json(audit_document(round_, result))


@dataclass(frozen=True, slots=True)
class Verification:
    """The verdict on an audit file. When ``ok`` is false, ``code`` names the first problem
    (``not_utf8``, ``not_json``, ``bad_structure``, ``format``, ``algorithm_version``,
    ``not_canonical``, ``input_sha256``, ``invalid_inputs``, ``result``, ``result_sha256``,
    ``expected_sha256``), ``path`` where it is, and the messages say what differs."""

    ok: bool
    audit_sha256: str
    code: str = ""
    path: str = ""
    message_zh: str = ""
    message_en: str = ""
    input_sha256: str = ""
    result_sha256: str = ""


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."


def first_difference(recorded: Any, expected: Any, path: str = "") -> tuple[str, Any, Any] | None:
    """The first place (in canonical order) where two JSON values differ: (path, recorded, expected)."""
    if type(recorded) is not type(expected):
        return (path or "$", recorded, expected)
    if isinstance(recorded, dict):
        for key in sorted(set(recorded) | set(expected)):
            sub = f"{path}.{key}" if path else key
            if key not in recorded:
                return (sub, "<missing>", expected[key])
            if key not in expected:
                return (sub, recorded[key], "<absent>")
            found = first_difference(recorded[key], expected[key], sub)
            if found:
                return found
        return None
    if isinstance(recorded, list):
        for index, (a, b) in enumerate(zip(recorded, expected, strict=False)):
            found = first_difference(a, b, f"{path}[{index}]")
            if found:
                return found
        if len(recorded) != len(expected):
            index = min(len(recorded), len(expected))
            a = recorded[index] if index < len(recorded) else "<missing>"
            b = expected[index] if index < len(expected) else "<absent>"
            return (f"{path}[{index}]", a, b)
        return None
    return None if recorded == expected else (path or "$", recorded, expected)


def verify(audit: bytes, expected_sha256: str | None = None) -> Verification:
    """Recompute an audit file and report the first difference (or ``ok``).

    ``expected_sha256``: the file's published SHA-256, if there is one to check against.
    """
    digest = sha256_hex(audit)

    def fail(code: str, zh: str, en: str, path: str = "") -> Verification:
        return Verification(False, digest, code, path, zh, en)

    if expected_sha256 is not None and digest != expected_sha256.strip().lower():
        return fail("expected_sha256", f"文件的 SHA-256 为 {digest}，与公布的 {expected_sha256} 不符。",
                    f"The file's SHA-256 is {digest}, not the published {expected_sha256}.")
    try:
        text = audit.decode("utf-8")
    except UnicodeDecodeError as exc:
        return fail("not_utf8", f"文件不是有效的 UTF-8 文本（第{exc.start}字节）。",
                    f"The file is not valid UTF-8 (byte {exc.start}).")
    try:
        doc = json.loads(text)
    except ValueError as exc:
        return fail("not_json", f"文件不是有效的 JSON：{exc}。", f"The file is not valid JSON: {exc}.")
    if not isinstance(doc, dict) or set(doc) != _KEYS:
        keys = sorted(doc) if isinstance(doc, dict) else []
        return fail("bad_structure", f"文件的字段应为 {sorted(_KEYS)}，实为 {keys}。",
                    f"The file's fields should be {sorted(_KEYS)}; they are {keys}.")
    if doc["format"] != AUDIT_FORMAT:
        return fail("format", f"文件格式为「{_short(doc['format'])}」，应为「{AUDIT_FORMAT}」。",
                    f"The file format is {_short(doc['format'])}, not {AUDIT_FORMAT!r}.", "format")
    if doc["algorithm_version"] != ALGORITHM_VERSION or doc["algorithm"] != ALGORITHM:
        return fail("algorithm_version",
                    f"文件由算法版本 {_short(doc['algorithm_version'])} 生成，本校验程序实现的是 {ALGORITHM_VERSION}。",
                    f"The file was made by algorithm {_short(doc['algorithm'])} version "
                    f"{_short(doc['algorithm_version'])}; this verifier implements version {ALGORITHM_VERSION}.",
                    "algorithm_version")
    canonical = canonical_json(doc)
    if canonical != audit:
        offset = next((k for k, (a, b) in enumerate(zip(audit, canonical, strict=False)) if a != b),
                      min(len(audit), len(canonical)))
        return fail("not_canonical", f"文件不是规范格式（排序键、无多余空白、UTF-8、末尾一个换行）：第{offset}字节起不同。",
                    f"The file is not in canonical form (sorted keys, no extra whitespace, UTF-8, one final "
                    f"newline): it differs from byte {offset}.")
    input_hash = sha256_hex(canonical_json(doc["inputs"]))
    if doc["input_sha256"] != input_hash:
        return fail("input_sha256", f"输入数据的 SHA-256 为 {input_hash}，文件记录的是 {_short(doc['input_sha256'])}。",
                    f"The inputs hash to {input_hash}; the file records {_short(doc['input_sha256'])}.", "input_sha256")
    try:
        round_ = MatchingRound.from_dict(doc["inputs"])
        result = match_round(round_)
    except MatchingInputError as exc:
        return fail("invalid_inputs", f"文件中的输入数据无效：{exc.message_zh}", f"The file's inputs are invalid: {exc.message_en}",
                    "inputs")
    if round_.to_dict() != doc["inputs"]:
        found = first_difference(doc["inputs"], round_.to_dict(), "inputs")
        path = found[0] if found else "inputs"
        return fail("not_canonical", f"输入数据不是规范形式（{path}）。", f"The inputs are not in canonical form (at {path}).",
                    path)
    outcome = result.to_dict()
    found = first_difference(doc["result"], outcome, "result")
    if found:
        path, recorded, expected = found
        return fail("result", f"结果与重新计算不符：{path} 记录为 {_short(recorded)}，重新计算为 {_short(expected)}。",
                    f"The result differs from the recomputation: {path} is {_short(recorded)} in the file, "
                    f"{_short(expected)} recomputed.", path)
    result_hash = sha256_hex(canonical_json(outcome))
    if doc["result_sha256"] != result_hash:
        return fail("result_sha256", f"结果的 SHA-256 为 {result_hash}，文件记录的是 {_short(doc['result_sha256'])}。",
                    f"The result hashes to {result_hash}; the file records {_short(doc['result_sha256'])}.",
                    "result_sha256")
    return Verification(True, digest, input_sha256=input_hash, result_sha256=result_hash)
