from django.urls import path

from . import views

app_name = "careers"
urlpatterns = [
    # public catalogue and young people (portal)
    path("careers/", views.catalogue, name="catalogue"),
    path("careers/positions.xlsx", views.export, name="export"),
    path("careers/bases/", views.bases, name="bases"),
    path("careers/positions/<int:position_id>/", views.position_detail, name="position"),
    path("careers/my/", views.my_applications, name="my-applications"),
    path("careers/my/<int:application_id>/<str:action>/", views.my_application_action, name="my-application-action"),
    path("careers/rounds/<int:round_id>/", views.round_choose, name="round-choose"),
    # employers (portal, employer HR staff)
    path("careers/employer/register/", views.employer_register, name="employer-register"),
    path("careers/employer/", views.employer_home, name="employer-home"),
    path("careers/employer/resubmit/", views.employer_resubmit, name="employer-resubmit"),
    path("careers/employer/positions/new/", views.employer_position_new, name="employer-position-new"),
    path("careers/employer/positions/<int:position_id>/", views.employer_position, name="employer-position"),
    path("careers/employer/applications/<int:application_id>/<str:action>/", views.employer_application_action,
         name="employer-application-action"),
    path("careers/employer/interns/<int:placement_id>/claim/", views.employer_claim_new, name="employer-claim-new"),
    path("careers/employer/rounds/<int:round_id>/", views.employer_round, name="employer-round"),
    path("careers/employer/verifications/<int:verification_id>/", views.employer_verification,
         name="employer-verification"),
    path("careers/employer/reviews/<int:review_id>/", views.employer_review, name="employer-review"),
    path("careers/employer/claims/<int:claim_id>/", views.employer_claim, name="employer-claim"),
    path("careers/employer/subsidies/new/<str:policy_id>/", views.employer_subsidy_new, name="employer-subsidy-new"),
    path("careers/employer/subsidies/<int:subsidy_id>/", views.employer_subsidy, name="employer-subsidy"),
    # the human-resources department (workbench)
    path("work/careers/", views.queue, name="queue"),
    path("work/careers/employers/<int:verification_id>/", views.verification_review, name="verification-review"),
    path("work/careers/positions/<int:review_id>/", views.position_review, name="position-review"),
    path("work/careers/claims/<int:claim_id>/", views.claim_review, name="claim-review"),
    path("work/careers/subsidies/<int:subsidy_id>/", views.subsidy_review, name="subsidy-review"),
    path("work/careers/rounds/", views.rounds, name="rounds"),
    path("work/careers/rounds/<int:round_id>/", views.round_detail, name="round"),
    path("work/careers/rounds/<int:round_id>/audit.json", views.round_audit, name="round-audit"),
    # leaders (dashboard)
    path("dashboard/careers/", views.dashboard, name="dashboard"),
]

urlpatterns += [
    # job fairs
    path("careers/fairs/", views.fairs, name="fairs"),
    path("careers/fairs/<int:fair_id>/", views.fair, name="fair"),
    path("work/careers/fairs/", views.fairs_work, name="fairs-work"),
    path("work/careers/fairs/<int:fair_id>/", views.fair_work, name="fair-work"),
    path("work/careers/fairs/<int:fair_id>/check-in/", views.fair_check_in, name="fair-check-in"),
    # service centres and appointments
    path("careers/centres/", views.centres, name="centres"),
    path("careers/centres/<int:centre_id>/", views.centre, name="centre"),
    path("careers/my/bookings/", views.my_bookings, name="my-bookings"),
    path("careers/for-you/", views.for_you, name="for-you"),
    # CVs (the employer's reading is a POST: it is recorded)
    path("careers/employer/cv/<int:application_id>/", views.employer_cv, name="employer-cv"),
    path("careers/my/cv/<int:application_id>/", views.my_cv, name="my-cv"),
    path("work/careers/centres/", views.centres_work, name="centres-work"),
    path("work/careers/centres/new/", views.centre_new, name="centre-new"),
    path("work/careers/centres/<int:centre_id>/", views.centre_work, name="centre-work"),
    path("work/careers/centres/<int:centre_id>/edit/", views.centre_edit, name="centre-edit"),
]
