"""A job or internship application is made on the position's page (careers), not as a benefit
application; "my applications" lists them beside benefit applications, station bookings and
housing applications (docs/careers.md)."""

from django.utils.translation import gettext_lazy as _

from youthcity.core.entry_points import EntryPoint

from .selectors import job_applications_as_items

ENTRY_POINTS = (
    EntryPoint("careers.job_application", "careers:catalogue", _("Find a job or internship"),
               api="POST /api/v1/careers/positions/{position_id}/apply", mine=job_applications_as_items),
)
