"""Every write of the youth-station domain, by concern. Views, the API and commands call these.

- :mod:`.booking` — book, change dates, cancel;
- :mod:`.ledger` — the night ledger that makes double-booking impossible;
- :mod:`.limits` — the city's limits, with one strategy per counting window;
- :mod:`.waitlist` — join, leave, offers of freed beds, accepting an offer;
- :mod:`.desk` — identity check, check-in, check-out, extension;
- :mod:`.tick` — the periodic job, job notices and follow-up visits.
"""

from .booking import booking_cancel, booking_change_dates, booking_create, waitlist_leave
from .desk import FOLLOW_UP_DAYS, booking_check_in, booking_check_out, booking_extend, identity_reveal
from .ledger import place
from .limits import (
    BOOKING_HORIZON_DAYS,
    ROLLING_DAYS,
    WINDOWS,
    CalendarYear,
    CountingWindow,
    NightCount,
    RollingYear,
    SinceGraduation,
    check_limits,
)
from .tick import (
    bookings_release_no_shows,
    follow_up_record,
    job_digests_send,
    job_notice_post,
    offers_expire,
    stations_tick,
)
from .waitlist import offer_accept, waitlist_join, waitlist_offer_next

__all__ = [
    "BOOKING_HORIZON_DAYS", "FOLLOW_UP_DAYS", "ROLLING_DAYS", "WINDOWS", "CalendarYear", "CountingWindow",
    "NightCount", "RollingYear", "SinceGraduation", "booking_cancel", "booking_change_dates", "booking_check_in",
    "booking_check_out", "booking_create", "booking_extend", "bookings_release_no_shows", "check_limits",
    "follow_up_record", "identity_reveal", "job_digests_send", "job_notice_post", "offer_accept",
    "offers_expire", "place", "stations_tick", "waitlist_join", "waitlist_leave", "waitlist_offer_next",
]
