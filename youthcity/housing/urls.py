from django.urls import path

from . import views

app_name = "housing"
urlpatterns = [
    path("housing/", views.projects, name="projects"),
    path("housing/projects/<int:project_id>/", views.project, name="project"),
    path("housing/my/", views.mine, name="mine"),
    path("housing/applications/<int:pk>/", views.application, name="application"),
    path(
        "housing/offers/<int:offer_id>/accept/", views.offer_answer, {"answer": "accept"}, name="offer-accept"
    ),
    path(
        "housing/offers/<int:offer_id>/decline/",
        views.offer_answer,
        {"answer": "decline"},
        name="offer-decline",
    ),
    path("housing/documents/<int:pk>/", views.my_document, name="my-document"),
    path("housing/leases/<int:lease_id>/", views.my_lease, name="my-lease"),
    path("housing/rounds/<int:round_id>/", views.round_public, name="round"),
    path("housing/rounds/<int:round_id>/audit.json", views.round_file, {"kind": "audit"}, name="round-audit"),
    path("housing/rounds/<int:round_id>/list.json", views.round_file, {"kind": "list"}, name="round-list"),
    path("work/housing/", views.staff_home, name="staff-home"),
    path("work/housing/projects/<int:project_id>/", views.staff_project, name="staff-project"),
    path("work/housing/projects/<int:project_id>/rounds/new/", views.staff_round_new, name="staff-round-new"),
    path("work/housing/rounds/<int:round_id>/", views.staff_round, name="staff-round"),
    path("work/housing/offers/<int:offer_id>/lease/", views.staff_lease_new, name="staff-lease-new"),
    path("work/housing/leases/<int:lease_id>/", views.staff_lease, name="staff-lease"),
    path("work/housing/homes/<int:home_id>/", views.staff_home_status, name="staff-home-status"),
    path("work/housing/arrears/", views.staff_arrears, name="staff-arrears"),
    path("work/housing/entries/<int:lease_entry_id>/settle/", views.staff_entry_settle, name="staff-entry-settle"),
    path("work/housing/documents/<int:housing_document_id>/", views.review_document, name="review-document"),
    path("work/housing/applications/", views.review_queue, name="queue"),
    path("work/housing/applications/<int:housing_application_id>/", views.review, name="review"),
    path("dashboard/housing/", views.statistics, name="statistics"),
]
