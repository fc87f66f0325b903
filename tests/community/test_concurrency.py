"""Simultaneous sign-ups on PostgreSQL: each thread with its own connection; the event is never
overfilled and nobody gets a server error."""

import os
import threading
from collections import Counter

import pytest

from tests.community.conftest import make_event


def stampede(event, people, max_connections: int) -> list[str]:
    from django.db import connections

    from youthcity.community import services
    from youthcity.core.errors import ServiceError

    barrier = threading.Barrier(len(people))
    gate = threading.BoundedSemaphore(max_connections)
    outcomes = [""] * len(people)

    def worker(i, person):
        try:
            barrier.wait(timeout=60)
            with gate:
                try:
                    outcomes[i] = services.signup_create(person=person, event=event).status
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


@pytest.mark.pg_only
@pytest.mark.django_db(transaction=True)
def test_200_simultaneous_sign_ups_for_20_places(city):
    from youthcity.accounts.models import User
    from youthcity.community.models import SignUp

    event = make_event(capacity=20)
    User.objects.bulk_create([User(username=f"rush{i:04d}", password="!") for i in range(200)])
    people = list(User.objects.filter(username__startswith="rush").order_by("username"))
    outcomes = stampede(event, people, int(os.environ.get("STAMPEDE_CONNECTIONS", 40)))
    assert Counter(outcomes) == {"confirmed": 20, "waitlisted": 180}, Counter(outcomes)
    confirmed = SignUp.objects.filter(event=event, status="confirmed")
    assert confirmed.count() == 20
    assert sorted(confirmed.values_list("place", flat=True)) == list(range(1, 21))
