from django.urls import path

from . import views

app_name = "benefits"
urlpatterns = [
    path("benefits/", views.finder_home, name="finder"),
    path("benefits/finder/", views.finder_question, name="finder-question"),
    path("benefits/finder/reset/", views.finder_reset, name="finder-reset"),
    path("benefits/results/", views.results, name="results"),
    path("benefits/package/", views.gift_package, name="package"),
    path("benefits/policies/", views.policy_list, name="policies"),
    path("benefits/policies/reload/", views.policy_reload, name="policies-reload"),
    path("benefits/apply/<slug:policy_id>/", views.apply, name="apply"),
    path("benefits/applications/", views.my_applications, name="applications"),
    path("benefits/applications/<int:pk>/", views.application_detail, name="application"),
    path("benefits/documents/<int:pk>/", views.my_document, name="my-document"),
    path("work/benefits/", views.review_queue, name="queue"),
    path("work/benefits/parameters/", views.parameters, name="parameters"),
    path("work/benefits/policies/", views.policy_versions, name="policy-versions"),
    path("work/benefits/policies/<slug:policy_id>/draft/", views.policy_draft_new, name="policy-draft-new"),
    path("work/benefits/policies/versions/<int:pk>/", views.policy_version_detail, name="policy-version"),
    path("work/benefits/policies/versions/<int:pk>/edit/", views.policy_version_edit, name="policy-version-edit"),
    path("work/benefits/policies/versions/<int:pk>/<str:action>/", views.policy_version_action,
         name="policy-version-action"),
    path("work/benefits/<int:pk>/", views.review, name="review"),
    path("work/benefits/documents/<int:pk>/", views.review_document, name="review-document"),
    path("dashboard/benefits/simulation/", views.simulation, name="simulation"),
]
