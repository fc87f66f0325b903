from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("work/ledger/", views.home, name="home"),
    path("work/ledger/mine/", views.home, name="my-ledger"),
    path("work/ledger/import/", views.import_upload, name="import"),
    path("work/ledger/import/<int:import_id>/", views.import_review, name="import-review"),
    path("work/ledger/import/<int:import_id>/settings/", views.import_settings, name="import-settings"),
    path("work/ledger/import/<int:import_id>/units/", views.import_units, name="import-units"),
    path("work/ledger/import/<int:import_id>/measures/<int:p>/<int:m>/", views.import_measure, name="import-measure"),
    path("work/ledger/import/<int:import_id>/units/new/", views.import_create_unit, name="import-create-unit"),
    path("work/ledger/import/<int:import_id>/measures/<int:p>/<int:m>/delete/", views.import_delete_measure,
         name="import-delete-measure"),
    path("work/ledger/import/<int:import_id>/measures/<int:p>/<int:m>/merge/", views.import_merge, name="import-merge"),
    path("work/ledger/import/<int:import_id>/measures/<int:p>/<int:m>/split/", views.import_split, name="import-split"),
    path("work/ledger/import/<int:import_id>/measures/<int:p>/<int:m>/targets/<int:t>/live/", views.import_target_live,
         name="import-target-live"),
    path("work/ledger/import/<int:import_id>/publish/", views.import_publish, name="import-publish"),
    path("work/ledger/import/<int:import_id>/discard/", views.import_discard, name="import-discard"),
    path("work/ledger/plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("work/ledger/plans/<int:plan_id>/export.xlsx", views.plan_export, name="plan-export"),
    path("work/ledger/plans/<int:plan_id>/print/", views.plan_print, name="plan-print"),
    path("work/ledger/plans/<int:plan_id>/amend/", views.plan_amend, name="plan-amend"),
    path("work/ledger/plans/<int:plan_id>/versions/", views.plan_versions, name="plan-versions"),
    path("work/ledger/measures/<int:measure_id>/", views.measure_detail, name="measure"),
    path("work/ledger/measures/<int:measure_id>/manage/", views.measure_manage, name="measure-manage"),
    path("work/ledger/targets/<int:target_id>/", views.target_manage, name="target-manage"),
    path("work/ledger/targets/<int:target_id>/live/", views.target_live, name="target-live"),
    path("work/ledger/reports/<int:report_id>/review/", views.report_review, name="report-review"),
    path("dashboard/ledger/", views.dashboard, name="dashboard"),
    path("dashboard/ledger/assessment/", views.assessment, name="assessment"),
    path("dashboard/ledger/plans/<int:plan_id>/evaluation/", views.evaluation_page, name="evaluation"),
    path("dashboard/ledger/plans/<int:plan_id>/evaluation.pdf", views.evaluation_pdf, name="evaluation-pdf"),
    path("dashboard/ledger/plans/<int:plan_id>/evaluation.xlsx", views.evaluation_xlsx, name="evaluation-xlsx"),
]
