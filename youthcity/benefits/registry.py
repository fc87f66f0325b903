"""The city's policy set, loaded once per process and reloaded on demand.

The set is the city pack's policy files overlaid by the latest published version of each policy
(`PolicyVersion`, written in the app) and the parameter values entered in the app
(`ParameterValue`); `registry.version_of(policy_id)` says which version of a policy is in force
(a published number, or the file) with the hash of its text.

Loading is all-or-nothing (the engine raises `PolicyError` before returning anything). When a
reload fails, the previous policy set stays in force and the failure (file, line, column,
message) is kept for staff to see on the policy list.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from youthcity.core import entry_points
from youthcity.core.city_pack import current_pack
from youthcity.engines.rules import CityProfile, PolicyError, PolicySet, city_profile, load_policy_set

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadFailure:
    file: str
    line: int
    column: int
    message: str
    at: datetime


@dataclass(frozen=True)
class VersionInForce:
    """Which text of a policy is in force: a published version (`number`) or the pack's file."""

    number: int | None
    hash: str

    @property
    def label(self) -> str:
        """What a decision records: the version's number, or "file"."""
        return "file" if self.number is None else str(self.number)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_text(directory: Path, policy_id: str) -> str | None:
    """The text of the pack's file for `policy_id` (None if the pack has no such file)."""
    try:
        return (directory / f"{policy_id}.yaml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def published_versions() -> dict[str, tuple[int, str]]:
    """{policy id: (number, YAML text)} of the latest published version of each policy; empty
    when the database is not migrated or not available."""
    from django.db import DatabaseError

    from .models import PolicyVersion

    try:
        rows = list(PolicyVersion.objects.filter(status=PolicyVersion.Status.PUBLISHED)
                    .order_by("policy_id", "-number").values_list("policy_id", "number", "yaml_text"))
    except (DatabaseError, RuntimeError):
        return {}
    out: dict[str, tuple[int, str]] = {}
    for pid, number, text in rows:
        out.setdefault(pid, (number, text))
    return out


class PoliciesUnavailable(RuntimeError):
    """No policy set could ever be loaded in this process."""


def default_directory() -> Path:
    """The city pack's ``policies`` folder (``BENEFITS_POLICY_DIR`` in settings overrides it)."""
    override = getattr(settings, "BENEFITS_POLICY_DIR", None)
    if override:
        return Path(override)
    return current_pack().file("policies")


class PolicyRegistry:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._policy_set: PolicySet | None = None
        self._loaded_at: datetime | None = None
        self._failure: LoadFailure | None = None
        self._versions: dict[str, VersionInForce] = {}
        self.generation = 0  # bumps on every successful load (cache keys use it)

    def get(self) -> PolicySet:
        """The policy set in force, loading it on first use."""
        if self._policy_set is None:
            self.reload()
        if self._policy_set is None:
            failure = self._failure
            raise PoliciesUnavailable(str(failure.message if failure else "policies not loaded"))
        return self._policy_set

    def reload(self, directory: Path | None = None) -> LoadFailure | None:
        """Load the policies again; on error keep the previous set and return the failure."""
        directory = directory or default_directory()
        published = published_versions()
        with self._lock:
            try:
                loaded = with_city_values(load_policy_set(
                    directory, entry_points=entry_points.names(),
                    overlay={pid: text for pid, (_, text) in published.items()}))
            except PolicyError as exc:
                self._failure = LoadFailure(exc.file, exc.line, exc.column, exc.message, timezone.now())
                logger.error("policy reload failed, previous policies stay in force: %s", exc)
                if self._policy_set is not None or not published:
                    return self._failure
                # Nothing in force yet: the pack's files alone rather than no policies at all
                # (the failure stays on the policy list for staff to see).
                try:
                    loaded = with_city_values(load_policy_set(directory, entry_points=entry_points.names()))
                except PolicyError:
                    return self._failure
                published = {}
                failure = self._failure
            else:
                failure = None
            self._versions = {
                pid: (VersionInForce(published[pid][0], text_hash(published[pid][1])) if pid in published
                      else VersionInForce(None, text_hash(file_text(directory, pid) or "")))
                for pid in loaded.policies}
            self._policy_set = loaded
            self._loaded_at = timezone.now()
            self._failure = failure
            self.generation += 1
            return failure

    def version_of(self, policy_id: str) -> VersionInForce | None:
        """The version of `policy_id` in force (None for a policy not in the set)."""
        self.get()
        return self._versions.get(policy_id)

    @property
    def failure(self) -> LoadFailure | None:
        return self._failure

    @property
    def loaded_at(self) -> datetime | None:
        return self._loaded_at

def with_city_values(ps: PolicySet) -> PolicySet:
    """The policy set with the parameter values the city entered in the app (`ParameterValue`).
    A value whose parameter no longer exists in the files is left out (and logged), never
    guessed; a database not yet migrated leaves the files' values alone."""
    from django.db import DatabaseError

    from .models import ParameterValue

    try:
        rows = list(ParameterValue.objects.order_by("parameter", "effective_from")
                    .values_list("parameter", "effective_from", "value"))
    except (DatabaseError, RuntimeError):  # not migrated yet, or no database in this context
        return ps
    extra: dict[str, list] = {}
    for name, start, value in rows:
        if name not in ps.parameters:
            logger.warning("parameter value for unknown parameter %s left out", name)
            continue
        number = float(value)
        extra.setdefault(name, []).append((start, int(number) if number.is_integer() else number))
    return ps.with_values(extra) if extra else ps


registry = PolicyRegistry()


def policy_set() -> PolicySet:
    return registry.get()


def pack_city_profile() -> CityProfile:
    """The city pack's profile for the synthetic population (districts, weights, hukou shares)."""
    return city_profile(current_pack().data)
