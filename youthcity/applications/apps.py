from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """The shared application workflow (no tables of its own: each domain keeps its applications)."""

    name = "youthcity.applications"
    label = "applications"
    verbose_name = _("Applications")
