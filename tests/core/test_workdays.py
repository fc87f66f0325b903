"""Working days follow the State Council's holiday arrangement, make-up working days included."""

import datetime as dt

import pytest

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


def test_a_city_pack_calendar_overrides_the_package(tmp_path, monkeypatch):
    from youthcity.core import workdays

    path = tmp_path / "calendar.yaml"
    path.write_text("days_off: [2027-03-01]\nworking_days: [2027-03-06]\n", encoding="utf-8")
    monkeypatch.setattr(workdays, "_overrides", lambda pack: workdays.read_overrides(path))
    assert not is_working_day(D(2027, 3, 1))  # a Monday made a day off by the (imagined) notice
    assert is_working_day(D(2027, 3, 6))  # a Saturday worked in exchange
    assert is_working_day(D(2027, 3, 2))  # untouched days: the package decides
    path.write_text("days_off: [2027-03-01]\nworking_days: [2027-03-01]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="2027-03-01"):
        workdays.read_overrides(path)


def test_the_luoyang_pack_calendar_loads():
    from youthcity.core.city_pack import CITIES_DIR
    from youthcity.core.workdays import read_overrides

    assert read_overrides(CITIES_DIR / "luoyang" / "calendar.yaml") == {}
