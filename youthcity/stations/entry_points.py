"""The youth-station booking is the application for the ``youth_station_stay`` policy: the
policy says ``application.apply_via: stations.booking`` and the finder's action leads here
(docs/bookings.md, "One path")."""

from django.utils.translation import gettext_lazy as _

from youthcity.core.entry_points import EntryPoint

from .selectors import bookings_as_applications

ENTRY_POINTS = (
    EntryPoint("stations.booking", "stations:list", _("Book a youth station"),
               api="POST /api/v1/stations/bookings", mine=bookings_as_applications),
)
