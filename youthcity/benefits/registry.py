"""The city's policy set, loaded once per process and reloaded on demand.

Loading is all-or-nothing (the engine raises `PolicyError` before returning anything). When a
reload fails, the previous policy set stays in force and the failure (file, line, column,
message) is kept for staff to see on the policy list.
"""

from __future__ import annotations

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
        with self._lock:
            try:
                loaded = with_city_values(load_policy_set(directory, entry_points=entry_points.names()))
            except PolicyError as exc:
                self._failure = LoadFailure(exc.file, exc.line, exc.column, exc.message, timezone.now())
                logger.error("policy reload failed, previous policies stay in force: %s", exc)
                return self._failure
            self._policy_set = loaded
            self._loaded_at = timezone.now()
            self._failure = None
            self.generation += 1
            return None

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
