from django.urls import path

from . import views

app_name = "volunteering"
urlpatterns = [
    # young people (portal) and the public verify page
    path("volunteering/", views.project_list, name="projects"),
    path("volunteering/<int:project_id>/", views.project_detail, name="project"),
    path("volunteering/shifts/<int:shift_id>/sign-up/", views.shift_signup, name="shift-signup"),
    path("volunteering/my/", views.my_record, name="my-record"),
    path(
        "volunteering/my/certificates/<int:unit_id>/", views.certificate_request, name="certificate-request"
    ),
    path("volunteering/certificates/<int:certificate_id>/", views.certificate, name="certificate"),
    path(
        "volunteering/certificates/<int:certificate_id>/pdf/",
        views.certificate_download,
        name="certificate-pdf",
    ),
    path("volunteering/leaderboard/", views.leaderboard, name="leaderboard"),
    path("volunteering/verify/", views.verify, name="verify"),
    # volunteer teams: public page, join / leave, the leader's (or host staff's) requests page
    path("volunteering/teams/<int:team_id>/", views.team_detail, name="team"),
    path("volunteering/teams/<int:team_id>/join/", views.team_join, name="team-join"),
    path("volunteering/teams/<int:team_id>/leave/", views.team_leave, name="team-leave"),
    path("volunteering/teams/<int:team_id>/requests/", views.team_requests, name="team-requests"),
    # project leads (workbench)
    path("work/volunteering/", views.staff_projects, name="staff-projects"),
    path("work/volunteering/shifts/<int:shift_id>/", views.staff_shift, name="staff-shift"),
    path("work/volunteering/entries/<int:entry_id>/correct/", views.staff_correct, name="staff-correct"),
]
