from django.urls import path

from . import views

app_name = "community"
urlpatterns = [
    # young people (portal)
    path("events/", views.event_list, name="events"),
    path("events/<int:event_id>/", views.event_detail, name="event"),
    path("events/<int:event_id>/people/", views.social_people, name="social-people"),
    path("events/<int:event_id>/door/", views.door, name="door"),
    path("events/my/", views.my_signups, name="my-signups"),
    path("events/my/<int:signup_id>/cancel/", views.signup_cancel, name="cancel"),
    path("events/my/<int:signup_id>/feedback/", views.feedback, name="feedback"),
    path("youth-homes/", views.coverage, name="coverage"),
    # organisers (workbench)
    path("work/events/", views.staff_events, name="staff-events"),
    path("work/events/new/", views.staff_event_new, name="staff-event-new"),
    path("work/events/<int:event_id>/", views.staff_event, name="staff-event"),
    path("work/youth-homes/", views.staff_homes, name="staff-homes"),
    path("work/youth-homes/<int:youth_home_id>/rooms/", views.staff_rooms, name="staff-rooms"),
    path(
        "work/rooms/bookings/<int:room_booking_id>/publish/",
        views.staff_booking_publish,
        name="staff-booking-publish",
    ),
    # leaders (dashboard)
    path("dashboard/youth-homes/", views.dashboard, name="dashboard"),
]
