"""Certificate codes: issued codes verify; edited codes or contents do not; the layout reads well."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from youthcity.engines.volunteering import (
    CertificateContent,
    VerificationStatus,
    VolunteeringError,
    canonical_content,
    certificate_layout,
    issue_code,
    normalise_code,
    verify,
)
from youthcity.engines.volunteering.certificates import ALPHABET

SECRET = b"k" * 32
OTHER_SECRET = b"j" * 32
CONTENT = CertificateContent(
    serial="LY-2026-000123",
    volunteer_masked_id="4103**********1234",
    organisation="共青团洛阳市委员会",
    period_start=dt.date(2026, 3, 1),
    period_end=dt.date(2026, 5, 31),
    credited_minutes=750,
    issue_date=dt.date(2026, 6, 2),
)

contents = st.builds(
    CertificateContent,
    serial=st.from_regex(r"[A-Z0-9]{1,6}-[0-9]{1,8}", fullmatch=True),
    volunteer_masked_id=st.from_regex(r"[0-9]{4}\*{10}[0-9]{3}[0-9X]", fullmatch=True),
    organisation=st.sampled_from(
        ["共青团洛阳市委员会", "洛阳师范学院青年志愿者协会", "洛龙区开元路街道青年之家"]
    ),
    period_start=st.dates(dt.date(2020, 1, 1), dt.date(2026, 1, 1)),
    period_end=st.dates(dt.date(2026, 1, 1), dt.date(2026, 6, 1)),
    credited_minutes=st.integers(0, 10**6),
    issue_date=st.dates(dt.date(2026, 6, 1), dt.date(2030, 1, 1)),
)


def test_issued_code_has_the_documented_shape_and_verifies():
    code = issue_code(CONTENT, SECRET)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code)
    assert verify(code, CONTENT, SECRET).ok
    assert issue_code(CONTENT, SECRET) == code  # deterministic


def test_typing_is_forgiving():
    code = issue_code(CONTENT, SECRET)
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert verify(typed, CONTENT, SECRET).ok
    assert normalise_code(" " + code + " ") == code.replace("-", "")


def test_statuses_and_messages():
    code = issue_code(CONTENT, SECRET)
    assert verify("hello", CONTENT, SECRET).status is VerificationStatus.MALFORMED
    other = issue_code(dataclasses.replace(CONTENT, credited_minutes=7500), SECRET)
    result = verify(other, CONTENT, SECRET)
    assert result.status is VerificationStatus.MISMATCH
    assert "伪造或篡改" in result.message_zh and "forged" in result.message_en
    assert verify(code, CONTENT, OTHER_SECRET).status is VerificationStatus.MISMATCH


@settings(max_examples=200, deadline=None)
@given(
    content=contents,
    pos=st.integers(0, 15),
    sym=st.sampled_from(ALPHABET),
    kind=st.sampled_from(["substitute", "delete", "insert", "swap"]),
)
def test_every_single_symbol_edit_of_a_valid_code_is_rejected(content, pos, sym, kind):
    raw = normalise_code(issue_code(content, SECRET))
    assert raw is not None
    if kind == "substitute":
        if raw[pos] == sym:
            sym = ALPHABET[(ALPHABET.index(sym) + 1) % 32]
        edited = raw[:pos] + sym + raw[pos + 1 :]
    elif kind == "delete":
        edited = raw[:pos] + raw[pos + 1 :]
    elif kind == "insert":
        edited = raw[:pos] + sym + raw[pos:]
    else:
        p = min(pos, 14)
        if raw[p] == raw[p + 1]:
            return  # swapping equal symbols is no edit
        edited = raw[:p] + raw[p + 1] + raw[p] + raw[p + 2 :]
    result = verify(edited, content, SECRET)
    assert not result.ok
    if kind == "substitute":
        assert result.status is VerificationStatus.TYPO  # the check symbol catches every substitution


@settings(max_examples=200, deadline=None)
@given(
    content=contents,
    field=st.sampled_from(
        ["serial", "volunteer_masked_id", "organisation", "credited_minutes", "period_start", "issue_date"]
    ),
)
def test_any_edit_of_the_content_is_detected(content, field):
    code = issue_code(content, SECRET)
    value = getattr(content, field)
    if isinstance(value, str):
        new = value[:-1] + ("7" if value[-1] != "7" else "8")
    elif isinstance(value, int):
        new = value + 1
    else:
        # earlier start or later issue date: still a valid certificate, just a different one
        new = value - dt.timedelta(days=1) if field == "period_start" else value + dt.timedelta(days=1)
    edited = dataclasses.replace(content, **{field: new})
    assert canonical_content(edited) != canonical_content(content)
    assert verify(code, edited, SECRET).status is VerificationStatus.MISMATCH


@pytest.mark.parametrize(
    "change",
    [
        {"volunteer_masked_id": "410302199901011234"},  # a full ID number must never be printed
        {"serial": "bad serial"},
        {"organisation": " "},
        {"credited_minutes": -1},
        {"period_end": dt.date(2026, 7, 1)},  # after the issue date
    ],
)
def test_invalid_content_is_refused(change):
    with pytest.raises(VolunteeringError):
        issue_code(dataclasses.replace(CONTENT, **change), SECRET)


def test_short_secret_is_refused():
    with pytest.raises(VolunteeringError):
        issue_code(CONTENT, b"short")


def test_layout_carries_content_and_code_with_full_width_punctuation():
    code = issue_code(CONTENT, SECRET)
    lay = certificate_layout(CONTENT, code, verify_url="https://youth.example.cn/v")
    assert lay.title_zh == "志愿服务证明"
    assert "12.5小时" in lay.body_zh and "2026年3月1日至2026年5月31日" in lay.body_zh
    assert lay.body_zh.endswith("。") and "，" in lay.body_zh and "," not in lay.body_zh
    assert code in lay.verify_hint_zh and "：" in lay.verify_hint_zh
    assert ("累计服务时长（小时）", "Hours", "12.5") in lay.fields


def test_a_one_day_period_is_one_date_not_a_range_from_the_day_to_itself():
    import dataclasses

    day = dataclasses.replace(CONTENT, period_start=dt.date(2026, 5, 31))
    lay = certificate_layout(day, issue_code(day, SECRET), verify_url="https://youth.example.cn/v")
    assert "于2026年5月31日在" in lay.body_zh and "至" not in lay.body_zh
    assert " on 2026-05-31," in lay.body_en
    assert ("服务期间", "Period", "2026年5月31日（2026-05-31）") in lay.fields
