from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("work/", views.workbench_home, name="workbench"),
    path("work/units/<int:unit_id>/", views.workbench_unit, name="workbench-unit"),
    path("work/audit/", views.audit_log, name="audit-log"),
    path("dashboard/", views.dashboard_home, name="dashboard"),
]
