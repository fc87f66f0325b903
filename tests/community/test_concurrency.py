"""Simultaneous sign-ups on PostgreSQL: each thread with its own connection; the event is never
overfilled and nobody gets a server error."""

import os
from collections import Counter

import pytest

from tests.community.conftest import make_event
from tests.concurrency import stampede


@pytest.mark.pg_only
@pytest.mark.django_db(transaction=True)
def test_200_simultaneous_sign_ups_for_20_places(city):
    from youthcity.accounts.models import User
    from youthcity.community import services
    from youthcity.community.models import SignUp

    event = make_event(capacity=20)
    User.objects.bulk_create([User(username=f"rush{i:04d}", password="!") for i in range(200)])
    people = list(User.objects.filter(username__startswith="rush").order_by("username"))
    outcomes = stampede(lambda person: services.signup_create(person=person, event=event).status, people,
                        int(os.environ.get("STAMPEDE_CONNECTIONS", 40)))
    assert Counter(outcomes) == {"confirmed": 20, "waitlisted": 180}, Counter(outcomes)
    confirmed = SignUp.objects.filter(event=event, status="confirmed")
    assert confirmed.count() == 20
    assert sorted(confirmed.values_list("place", flat=True)) == list(range(1, 21))
