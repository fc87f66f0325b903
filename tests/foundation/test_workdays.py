"""Working days follow the State Council's holiday arrangement, make-up working days included."""

import datetime as dt

from youthcity.core.workdays import is_working_day, working_days_between

D = dt.date


def test_holidays_and_make_up_days_of_2026():
    assert not is_working_day(D(2026, 10, 1))  # National Day
    assert not is_working_day(D(2026, 10, 7))  # day off moved from a weekend
    assert is_working_day(D(2026, 10, 10))  # Saturday worked in exchange (调休)
    assert is_working_day(D(2026, 1, 4))  # Sunday worked for the New Year break
    assert not is_working_day(D(2026, 2, 17))  # Spring Festival
    assert is_working_day(D(2026, 11, 20)) and not is_working_day(D(2026, 11, 21))  # plain Friday, Saturday


def test_counting_across_the_national_day_week():
    # 30 Sep → 9 Oct: 1–7 Oct are off, 8 and 9 Oct are working days.
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 9)) == 2
    assert working_days_between(D(2026, 10, 9), D(2026, 10, 12)) == 2  # Sat 10 Oct (make-up) and Mon 12
    assert working_days_between(D(2026, 10, 9), D(2026, 10, 9)) == 0
    assert working_days_between(D(2026, 10, 9), D(2026, 10, 1)) == 0
