"""The rolling-year cap: the fullest 365-day window holding a new night, checked against brute force."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from youthcity.stations.services import ROLLING_DAYS, RollingYear

BASE = dt.date(2025, 1, 1)
days = st.sets(st.integers(0, 900), max_size=40)


@given(used=days, new_offsets=st.sets(st.integers(0, 900), min_size=1, max_size=15))
def test_matches_every_window_examined_one_by_one(used, new_offsets):
    new_offsets = new_offsets - used  # a night is used or new, never both
    if not new_offsets:
        return
    used_d = [BASE + dt.timedelta(days=d) for d in used]
    new_d = [BASE + dt.timedelta(days=d) for d in new_offsets]
    best = (0, 0)
    lo, hi = min(new_offsets) - ROLLING_DAYS + 1, max(new_offsets)
    for start in range(lo, hi + 1):
        window = range(start, start + ROLLING_DAYS)
        n_new = sum(1 for d in new_offsets if d in window)
        if not n_new:
            continue
        n_used = sum(1 for d in used if d in window)
        if n_new + n_used > best[0]:
            best = (n_new + n_used, n_used)
    got = RollingYear.fullest(used_d, new_d)
    assert got.total == best[0]


stays = st.lists(st.tuples(st.integers(0, 900), st.integers(1, 15)), max_size=12)


@given(earlier=stays, new_start=st.integers(0, 900), new_nights=st.integers(1, 15))
def test_most_stays_in_one_window_matches_brute_force(earlier, new_start, new_nights):
    def d(k):
        return BASE + dt.timedelta(days=k)

    got = RollingYear().stays([(d(a), d(a + n)) for a, n in earlier], d(new_start), d(new_start + new_nights))
    best = 0
    for s in range(new_start - ROLLING_DAYS + 1, new_start + new_nights):
        window = range(s, s + ROLLING_DAYS)
        if not any(k in window for k in range(new_start, new_start + new_nights)):
            continue
        best = max(best, sum(1 for a, n in earlier if any(k in window for k in range(a, a + n))))
    assert got == best
