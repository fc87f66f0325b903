"""The NumPy path gives the scalar ledger's results and refuses what it refuses."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from youthcity.engines.volunteering import (
    LedgerError,
    OutsideShift,
    RecordArrays,
    RoundingRule,
    compute_ledger,
    compute_totals,
    validate_batch,
)

from .helpers import at, batches, qr, rules, shift


def arrays_from(shifts, records) -> tuple[RecordArrays, list[str], list[str]]:
    by_shift = {s.id: s for s in shifts}
    closed = [r for r in records if r.check_out is not None]
    persons = sorted({r.person_id for r in closed})
    projects = sorted({s.project_id for s in shifts})

    def ints(values):
        return np.array(list(values), dtype=np.int64)

    return (
        RecordArrays(
            person=ints(persons.index(r.person_id) for r in closed),
            project=ints(projects.index(by_shift[r.shift_id].project_id) for r in closed),
            check_in=ints(int(r.check_in.timestamp()) for r in closed),
            check_out=ints(int(r.check_out.timestamp()) for r in closed),
            shift_start=ints(int(by_shift[r.shift_id].start.timestamp()) for r in closed),
            shift_end=ints(int(by_shift[r.shift_id].end.timestamp()) for r in closed),
        ),
        persons,
        projects,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=batches(with_corrections=False), rule=rules)
def test_bulk_totals_equal_the_scalar_ledger_and_refuse_the_same_batches(batch, rule):
    shifts, records, _, _ = batch
    arrays, persons, projects = arrays_from(shifts, records)
    scalar_issues = validate_batch(shifts, records, [], rule)
    if scalar_issues:
        with pytest.raises(LedgerError) as e:
            compute_totals(arrays, rule, n_persons=len(persons), n_projects=len(projects))
        assert e.value.codes == {i.code for i in scalar_issues}
        return
    totals = compute_totals(arrays, rule, n_persons=len(persons), n_projects=len(projects))
    ledger = compute_ledger(shifts, records, [], rule)
    by_person = ledger.by_person()
    assert {p: int(totals.by_person[k]) for k, p in enumerate(persons)} == {p: by_person[p] for p in persons}
    by_project = ledger.by_project()
    assert {p: int(totals.by_project[k]) for k, p in enumerate(projects)} == {
        p: by_project.get(p, 0) for p in projects
    }
    assert totals.total_minutes == ledger.total_minutes


def test_bulk_names_overlaps_and_outside_time_by_record_id():
    s = shift("s", at(1, 9), at(1, 12))
    recs = [qr("a", "u", "s", at(1, 9), at(1, 11)), qr("b", "u", "s", at(1, 10), at(1, 12))]
    arrays, _, _ = arrays_from([s], recs)
    arrays = RecordArrays(**{**arrays.__dict__, "record_id": np.array([101, 102], dtype=np.int64)})
    with pytest.raises(LedgerError) as e:
        compute_totals(arrays, RoundingRule())
    assert [(i.code, i.item_id, i.related_id) for i in e.value.issues] == [("overlap", "102", "101")]
    early, _, _ = arrays_from([s], [qr("a", "u", "s", at(1, 8), at(1, 10))])
    with pytest.raises(LedgerError) as e:
        compute_totals(early, RoundingRule(outside_shift=OutsideShift.REFUSE))
    assert e.value.codes == {"outside_shift"}


def test_bulk_overlap_with_an_earlier_long_record_is_found():
    # a (9–17) contains b (10–11) and c (12–13): c overlaps a, not its neighbour b
    s = shift("s", at(1, 8), at(1, 18))
    recs = [
        qr("a", "u", "s", at(1, 9), at(1, 17)),
        qr("b", "u", "s", at(1, 10), at(1, 11)),
        qr("c", "u", "s", at(1, 12), at(1, 13)),
    ]
    arrays, _, _ = arrays_from([s], recs)
    with pytest.raises(LedgerError) as e:
        compute_totals(arrays, RoundingRule())
    assert [(i.item_id, i.related_id) for i in e.value.issues] == [("#1", "#0"), ("#2", "#0")]


def test_empty_batch_totals_zero():
    empty = np.zeros(0, dtype=np.int64)
    t = compute_totals(RecordArrays(empty, empty, empty, empty, empty, empty), RoundingRule(), n_persons=3)
    assert t.total_minutes == 0 and t.by_person.tolist() == [0, 0, 0]


def test_bulk_ties_on_check_in_are_decided_by_check_out_like_the_scalar_ledger():
    s = shift("s", at(1, 9), at(1, 12))
    point_and_span = [qr("a", "u", "s", at(1, 10), at(1, 11)), qr("b", "u", "s", at(1, 10), at(1, 10))]
    two_spans = [qr("a", "u", "s", at(1, 10), at(1, 11)), qr("b", "u", "s", at(1, 10), at(1, 10, 30))]
    for recs in (point_and_span, two_spans):
        arrays, _, _ = arrays_from([s], recs)
        scalar = {i.code for i in validate_batch([s], recs)}
        try:
            compute_totals(arrays, RoundingRule())
            bulk: set[str] = set()
        except LedgerError as e:
            bulk = e.codes
        assert bulk == scalar
    assert {i.code for i in validate_batch([s], two_spans)} == {"overlap"}
    assert validate_batch([s], point_and_span) == []


def test_bulk_refuses_codes_and_times_it_cannot_hold():
    one = np.array([0], dtype=np.int64)
    with pytest.raises(LedgerError) as e:
        compute_totals(RecordArrays(one - 1, one, one, one, one, one + 60), RoundingRule())
    assert e.value.codes == {"bad_arrays"}
    assert e.value.issues[0].message_zh.startswith("批量数据无效：编号应在")
