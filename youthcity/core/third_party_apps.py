"""Third-party apps under names people read in the back office (their own are plain English
strings). Listed in INSTALLED_APPS instead of the apps' own configs; nothing else changes."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")


class AxesConfig(AxesAppConfig):
    verbose_name = _("Sign-in protection")
