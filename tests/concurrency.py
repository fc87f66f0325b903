"""Simultaneous requests on PostgreSQL, each thread with its own connection (the stampede tests of
bookings, slots and sign-ups share it)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence


def stampede(action: Callable[[object], str], people: Sequence, max_connections: int) -> list[str]:
    """Run ``action(person)`` for every person at once (released together by a barrier, at most
    ``max_connections`` in the database at a time). Each outcome is what ``action`` returned, a
    ServiceError's code, or ``"error: …"`` for anything else (which fails the guarantee)."""
    from django.db import connections

    from youthcity.core.errors import ServiceError

    barrier = threading.Barrier(len(people))
    gate = threading.BoundedSemaphore(max_connections)
    outcomes = [""] * len(people)

    def worker(i, person):
        try:
            barrier.wait(timeout=60)
            with gate:
                try:
                    outcomes[i] = action(person)
                except ServiceError as exc:
                    outcomes[i] = exc.code
        except Exception as exc:  # noqa: BLE001 - any other error fails the guarantee
            outcomes[i] = f"error: {exc!r}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, p)) for i, p in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return outcomes
