from django.urls import path

from . import views

app_name = "stations"
urlpatterns = [
    # youth (portal)
    path("stations/", views.station_list, name="list"),
    path("stations/<int:station_id>/", views.station_detail, name="detail"),
    path("stations/<int:station_id>/waitlist/", views.waitlist_join, name="waitlist-join"),
    path("stations/my/", views.my_bookings, name="my-bookings"),
    path("stations/my/<int:booking_id>/cancel/", views.booking_cancel, name="cancel"),
    path("stations/my/<int:booking_id>/change/", views.booking_change, name="change"),
    path("stations/my/<int:booking_id>/accept/", views.offer_accept, name="accept"),
    path("stations/waitlist/<int:entry_id>/leave/", views.waitlist_leave, name="waitlist-leave"),
    # station staff (workbench)
    path("work/stations/", views.staff_home, name="staff-home"),
    path("work/stations/<int:station_id>/", views.staff_station, name="staff-station"),
    path("work/stations/bookings/<int:booking_id>/check-in/", views.staff_check_in, name="check-in"),
    path("work/stations/bookings/<int:booking_id>/check-out/", views.staff_check_out, name="check-out"),
    path("work/stations/bookings/<int:booking_id>/extend/", views.staff_extend, name="extend"),
    path("work/stations/follow-ups/<int:follow_up_id>/", views.staff_follow_up, name="follow-up"),
    # leaders (dashboard)
    path("dashboard/stations/", views.dashboard, name="dashboard"),
]
