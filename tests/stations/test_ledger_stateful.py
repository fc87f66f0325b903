"""Hypothesis stateful test: the night ledger against an in-memory model of the rules.

Model: a booking holds nights [in, out) on one bed; no bed or person holds a night twice; a stay is
≤ 15 nights and a person ≤ 15 nights in total (Luoyang's policy parameters); check-out frees only the
future nights; a retried request (same idempotency key) books once.
"""

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from youthcity.core.errors import ServiceError
from youthcity.stations import services
from youthcity.stations.models import Booking, BookingStatus

from .conftest import assert_ledger_consistent, make_station, make_youth

CAP = 15


@pytest.mark.django_db
def test_ledger_state_machine(city, users):
    today = timezone.localdate()
    station = make_station("hyp", rooms=(("F", "female", 2),))
    people = [make_youth() for _ in range(3)]
    staff = users["station_staff"]

    class Ledger(RuleBasedStateMachine):
        @initialize()
        def reset(self):
            Booking.objects.filter(station=station).delete()
            self.model: dict[int, dict] = {}  # booking id -> {person, bed, nights:set, status}
            self.keys: dict[tuple[int, str], int] = {}

        def active(self):
            # a checked-out stay keeps the nights it used: they stay in the ledger
            return {k: v for k, v in self.model.items() if v["status"] in ("booked", "checked_in", "checked_out")}

        def used(self, person):
            return sum(len(v["nights"]) for v in self.model.values()
                       if v["person"] == person and v["status"] in ("booked", "checked_in", "checked_out"))

        @rule(p=st.integers(0, 2), start=st.integers(0, 20), n=st.integers(1, 17),
              key=st.sampled_from([None, "a", "b"]))
        def book(self, p, start, n, key):
            person = people[p]
            ci, co = today + dt.timedelta(days=start), today + dt.timedelta(days=start + n)
            nights = {ci + dt.timedelta(days=i) for i in range(n)}
            if key and (person.pk, key) in self.keys:
                b, created = services.booking_create(person=person, station=station, check_in=ci, check_out=co,
                                                     idempotency_key=key)
                assert not created and b.pk == self.keys[(person.pk, key)]
                return
            free_beds = {b.pk for b in station.beds.all()} - {
                v["bed"] for v in self.active().values() if v["nights"] & nights}
            person_clash = any(v["person"] == person.pk and v["nights"] & nights for v in self.active().values())
            expect = ("over_stay_limit" if n > CAP else
                      "over_cumulative_cap" if self.used(person.pk) + n > CAP else
                      "overlapping_stay" if person_clash else
                      "no_bed_available" if not free_beds else None)
            try:
                b, created = services.booking_create(person=person, station=station, check_in=ci, check_out=co,
                                                     idempotency_key=key)
            except ServiceError as exc:
                assert exc.code == expect, (exc.code, expect)
                return
            assert expect is None and created and b.bed_id in free_beds
            self.model[b.pk] = {"person": person.pk, "bed": b.bed_id, "nights": nights, "status": "booked"}
            if key:
                self.keys[(person.pk, key)] = b.pk

        @precondition(lambda self: any(v["status"] == "booked" for v in self.model.values()))
        @rule(data=st.data())
        def cancel(self, data):
            pk = data.draw(st.sampled_from(sorted(k for k, v in self.model.items() if v["status"] == "booked")))
            b = Booking.objects.get(pk=pk)
            services.booking_cancel(booking=b, actor=b.person)
            self.model[pk]["status"] = "cancelled"

        @precondition(lambda self: any(v["status"] == "booked" and min(v["nights"]) == today
                                       for v in self.model.values()))
        @rule(data=st.data(), after=st.integers(1, 16))
        def stay_and_leave(self, data, after):
            pk = data.draw(st.sampled_from(sorted(k for k, v in self.model.items()
                                                  if v["status"] == "booked" and min(v["nights"]) == today)))
            b = Booking.objects.get(pk=pk)
            services.booking_check_in(booking=b, staff=staff, identity_confirmed=True)
            leave = timezone.now() + dt.timedelta(days=after)
            services.booking_check_out(booking=b, staff=staff, now=leave)
            last = max(today + dt.timedelta(days=after), today + dt.timedelta(days=1))
            self.model[pk]["nights"] = {d for d in self.model[pk]["nights"] if d < last}  # only future nights freed
            self.model[pk]["status"] = "checked_out"
            assert Booking.objects.get(pk=pk).nights == len(self.model[pk]["nights"])

        @invariant()
        def ledger_matches_model(self):
            assert_ledger_consistent()
            from youthcity.stations.models import PersonNight

            for person in people:
                assert PersonNight.objects.filter(person=person).count() == self.used(person.pk)
            statuses = dict(Booking.objects.filter(station=station).values_list("pk", "status"))
            assert statuses == {k: v["status"] for k, v in self.model.items()}

    Ledger.TestCase.settings = settings(max_examples=12, stateful_step_count=10, deadline=None,
                                        suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                               HealthCheck.too_slow])
    runner = Ledger.TestCase()
    runner.runTest()
    assert BookingStatus.BOOKED  # the state machine ran (failures raise above)
