"""Verification codes for volunteering certificates (志愿服务证明), and the certificate as data.

Format of a code (documented in README.md, "Certificate codes")::

    7Q4M-ZK2D-9XHT-R3WC        16 symbols of Crockford base32, shown in groups of four
    └──── 15 symbols ────┘└ 1 check symbol

* The 15 symbols are the first 75 bits of ``HMAC-SHA256(secret, canonical content)``. Without the
  server's secret nobody can compute a code for a content; guessing one succeeds with probability
  2⁻⁷⁵ per try (the public page also rate-limits).
* The last symbol is a Luhn mod 32 check over the first 15: a mistyped code (one symbol wrong, or
  two neighbours swapped) is told apart from a code that was never issued, without the secret.
* Reading is forgiving: case, spaces and hyphens are ignored, and O→0, I/L→1 (Crockford).
* The canonical content is a versioned JSON object with sorted keys and NFC-normalised text: the
  volunteer's masked id, the organisation, the service period, the credited minutes, the issue
  date and the serial. Editing any of them changes the code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from .errors import VolunteeringError
from .ledger import minutes_to_hours

__all__ = [
    "ALPHABET",
    "CertificateContent",
    "CertificateLayout",
    "Verification",
    "VerificationStatus",
    "canonical_content",
    "certificate_layout",
    "issue_code",
    "normalise_code",
    "verify",
]

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_ALIASES = {"O": "0", "I": "1", "L": "1"}
DATA_SYMBOLS = 15
CODE_VERSION = 1
MIN_SECRET_BYTES = 32
_SERIAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")
_FULL_ID = re.compile(r"^\d{17}[\dXx]$")


@dataclass(frozen=True, slots=True)
class CertificateContent:
    """What a certificate states; every field is covered by the code."""

    serial: str  # the issuer's certificate number, e.g. "LY-2026-000123"
    volunteer_masked_id: str  # e.g. "4103**********1234"; never a full ID number
    organisation: str  # the issuing organisation's official name (谁记录谁证明)
    period_start: dt.date
    period_end: dt.date
    credited_minutes: int
    issue_date: dt.date


def _check_content(c: CertificateContent) -> None:
    problems = []
    if not _SERIAL.match(c.serial):
        problems.append("serial must be 1–40 letters, digits or hyphens")
    masked = c.volunteer_masked_id.strip()
    if not masked or "*" not in masked or _FULL_ID.match(masked):
        problems.append("volunteer_masked_id must be masked (e.g. 4103**********1234)")
    for name, text in (("organisation", c.organisation), ("volunteer_masked_id", c.volunteer_masked_id)):
        if not text.strip() or any(unicodedata.category(ch).startswith("C") for ch in text):
            problems.append(f"{name} must be non-empty printable text")
    if c.credited_minutes < 0:
        problems.append("credited_minutes must be >= 0")
    if not c.period_start <= c.period_end <= c.issue_date:
        problems.append("dates must satisfy period_start <= period_end <= issue_date")
    if problems:
        raise VolunteeringError("Invalid certificate content: " + "; ".join(problems))


def canonical_content(content: CertificateContent) -> bytes:
    """The exact bytes the code authenticates (validated first)."""
    _check_content(content)
    doc = {
        "v": CODE_VERSION,
        "serial": content.serial,
        "volunteer": unicodedata.normalize("NFC", content.volunteer_masked_id.strip()),
        "organisation": unicodedata.normalize("NFC", content.organisation.strip()),
        "period": [content.period_start.isoformat(), content.period_end.isoformat()],
        "minutes": content.credited_minutes,
        "issued": content.issue_date.isoformat(),
    }
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _check_symbol(symbols: str) -> str:
    """Luhn mod 32: detects every single-symbol error and most swaps of neighbours."""
    total, factor = 0, 2
    for ch in reversed(symbols):
        addend = factor * _VALUE[ch]
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return ALPHABET[(32 - total % 32) % 32]


def _secret_ok(secret: bytes) -> None:
    if len(secret) < MIN_SECRET_BYTES:
        raise VolunteeringError(f"The certificate secret must have at least {MIN_SECRET_BYTES} bytes")


def _raw_code(content: CertificateContent, secret: bytes) -> str:
    _secret_ok(secret)
    digest = hmac.new(secret, canonical_content(content), hashlib.sha256).digest()
    bits = int.from_bytes(digest[:10], "big") >> (80 - 5 * DATA_SYMBOLS)
    data = "".join(ALPHABET[(bits >> (5 * (DATA_SYMBOLS - 1 - k))) & 31] for k in range(DATA_SYMBOLS))
    return data + _check_symbol(data)


def issue_code(content: CertificateContent, secret: bytes) -> str:
    """The verification code of a certificate, grouped for reading: ``XXXX-XXXX-XXXX-XXXX``."""
    raw = _raw_code(content, secret)
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_code(text: str) -> str | None:
    """The code's 16 symbols as typed by a person, or ``None`` if it cannot be a code."""
    s = "".join(ch for ch in text.upper() if ch not in " -\t")
    s = "".join(_ALIASES.get(ch, ch) for ch in s)
    if len(s) != DATA_SYMBOLS + 1 or any(ch not in _VALUE for ch in s):
        return None
    return s


class VerificationStatus(StrEnum):
    VALID = "valid"
    MALFORMED = "malformed"  # not 16 symbols of the alphabet
    TYPO = "typo"  # the check symbol does not match: most likely mistyped
    MISMATCH = "mismatch"  # well-formed, but not the code of this content (forged or edited)


_MESSAGES = {
    VerificationStatus.VALID: (
        "验证通过：证明内容与验证码一致。",
        "Verified: the certificate matches its code.",
    ),
    VerificationStatus.MALFORMED: (
        "验证码格式不正确：应为16位字母或数字（如 7Q4M-ZK2D-9XHT-R3WC）。",
        "This is not a verification code: it has 16 letters or digits (e.g. 7Q4M-ZK2D-9XHT-R3WC).",
    ),
    VerificationStatus.TYPO: (
        "验证码校验位不符，可能输入有误，请核对后重新输入。",
        "The code's check symbol does not match; it was probably mistyped. Please check it and try again.",
    ),
    VerificationStatus.MISMATCH: (
        "验证未通过：该验证码与证明内容不符，证明可能被伪造或篡改。",
        "Not verified: the code does not match this certificate; it may be forged or altered.",
    ),
}


@dataclass(frozen=True, slots=True)
class Verification:
    status: VerificationStatus
    message_zh: str
    message_en: str

    @property
    def ok(self) -> bool:
        return self.status is VerificationStatus.VALID


def _result(status: VerificationStatus) -> Verification:
    zh, en = _MESSAGES[status]
    return Verification(status, zh, en)


def verify(code: str, content: CertificateContent, secret: bytes) -> Verification:
    """Check a typed code against a certificate's content (constant-time comparison)."""
    typed = normalise_code(code)
    if typed is None:
        return _result(VerificationStatus.MALFORMED)
    if _check_symbol(typed[:-1]) != typed[-1]:
        return _result(VerificationStatus.TYPO)
    expected = _raw_code(content, secret)
    if hmac.compare_digest(typed.encode(), expected.encode()):
        return _result(VerificationStatus.VALID)
    return _result(VerificationStatus.MISMATCH)


@dataclass(frozen=True, slots=True)
class CertificateLayout:
    """The certificate as data, for the PDF (reportlab) and HTML renderers on the Django side."""

    title_zh: str
    title_en: str
    body_zh: str
    body_en: str
    fields: tuple[tuple[str, str, str], ...]  # (label_zh, label_en, value)
    code: str
    verify_hint_zh: str
    verify_hint_en: str


def _zh_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def certificate_layout(content: CertificateContent, code: str, *, verify_url: str) -> CertificateLayout:
    """Lay out the certificate's text; ``code`` should come from :func:`issue_code`."""
    _check_content(content)
    hours = minutes_to_hours(content.credited_minutes)
    hours_text = f"{hours.normalize():f}"
    one_day = content.period_start == content.period_end  # one date, not "from the day to itself"
    period_zh = _zh_date(content.period_start) if one_day else (
        f"{_zh_date(content.period_start)}至{_zh_date(content.period_end)}")
    period_en = content.period_start.isoformat() if one_day else (
        f"{content.period_start.isoformat()} to {content.period_end.isoformat()}")
    return CertificateLayout(
        title_zh="志愿服务证明",
        title_en="Volunteer Service Certificate",
        body_zh=(
            f"兹证明证件号码为{content.volunteer_masked_id}的志愿者，于{period_zh}"
            f"在{content.organisation}参加志愿服务，经记录累计志愿服务时长{hours_text}小时。"
        ),
        body_en=(
            f"This certifies that the volunteer with ID number {content.volunteer_masked_id} served "
            f"with {content.organisation} {'on' if one_day else 'from'} {period_en}, with {hours_text} recorded hours of volunteer service."
        ),
        fields=(
            ("证明编号", "Serial", content.serial),
            ("志愿者证件号码", "Volunteer ID", content.volunteer_masked_id),
            ("出具单位", "Issued by", content.organisation),
            ("服务期间", "Period", f"{period_zh}（{period_en}）"),
            ("累计服务时长（小时）", "Hours", hours_text),
            ("出具日期", "Issue date", f"{_zh_date(content.issue_date)}（{content.issue_date.isoformat()}）"),
        ),
        code=code,
        verify_hint_zh=f"验证码：{code}。可在{verify_url}输入验证码核验本证明。",
        verify_hint_en=f"Verification code: {code}. Check this certificate at {verify_url}.",
    )
