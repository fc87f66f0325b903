from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("work/monitoring/", views.work_home, name="work-home"),
    path("work/monitoring/indicators/", views.registry, name="registry"),
    path("work/monitoring/submit/", views.submit_values, name="submit"),
    path("work/monitoring/upload/", views.upload, name="upload"),
    path("work/monitoring/template.xlsx", views.upload_template, name="template"),
    path("work/monitoring/live/", views.live_pull, name="live-pull"),
    path("work/monitoring/submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("work/monitoring/submissions/<int:pk>/review/", views.submission_review, name="submission-review"),
    path("work/monitoring/runs/", views.runs, name="runs"),
    path("work/monitoring/runs/<int:pk>/", views.run_detail, name="run"),
    path("work/monitoring/runs/<int:pk>/publish/", views.run_publish, name="run-publish"),
    path("work/monitoring/runs/<int:pk>/withdraw/", views.run_withdraw, name="run-withdraw"),
    path("index/", views.public_latest, name="public-latest"),
    path("index/<slug:framework>/<str:period>/", views.public_index, name="public"),
    path("index/<slug:framework>/<str:period>/report.xlsx", views.public_report_xlsx, name="report-xlsx"),
    path("index/<slug:framework>/<str:period>/report.pdf", views.public_report_pdf, name="report-pdf"),
    path("dashboard/index/", views.dashboard, name="dashboard"),
    path("dashboard/index/<slug:framework>/<str:period>/", views.dashboard_period, name="dashboard-period"),
    path("dashboard/index/<slug:framework>/<str:period>/<str:region_code>/", views.dashboard_district,
         name="dashboard-district"),
]
