"""A housing application (one project, categories from the rules engine) is the application for
the housing policies: they say ``application.apply_via: housing.application``, and the finder's
action leads to the projects taking applications (docs/housing.md)."""

from django.utils.translation import gettext_lazy as _

from youthcity.core.entry_points import EntryPoint

from .selectors import applications_as_items

ENTRY_POINTS = (
    EntryPoint("housing.application", "housing:projects", _("Apply for a home"),
               api="POST /api/v1/housing/applications", mine=applications_as_items),
)
