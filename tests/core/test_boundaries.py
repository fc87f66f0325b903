"""Accounts owns people and permissions: no other app queries memberships directly
(docs/adding-a-domain.md, "Permissions"). A new domain that needs a rule adds a named check
to ``youthcity.accounts.permissions`` instead."""
from __future__ import annotations

import re
from pathlib import Path

import youthcity

ROOT = Path(youthcity.__file__).parent
MEMBERSHIP_QUERY = re.compile(r"\bMembership\.objects\b")


def test_no_membership_query_outside_accounts():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in ROOT.rglob("*.py")
        if "accounts" not in path.relative_to(ROOT).parts[:1] and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MEMBERSHIP_QUERY.search(line)
    ]
    assert offenders == []


def test_the_rule_finds_a_query(tmp_path):
    """The pattern above is not vacuous: it matches the shape the review found."""
    assert MEMBERSHIP_QUERY.search("    if Membership.objects.filter(user=user).exists():")
    assert not MEMBERSHIP_QUERY.search("from youthcity.accounts.models import Membership")
