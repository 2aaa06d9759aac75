from django.urls import path

from events.views import calendar, certificates, checkin, public, registration

app_name = "events"

# The fixed paths come before "<slug>/": an event cannot be called "past" or "calendar".
urlpatterns = [
    path("", public.event_list, name="list"),
    path("past/", public.past_list, name="past"),
    path("calendar/", calendar.month, name="calendar"),
    path("calendar.json", calendar.calendar_json, name="calendar_json"),
    path("calendar.ics", calendar.calendar_feed, name="feed"),
    path("<slug:slug>/", public.event_detail, name="detail"),
    path("<slug:slug>/register/", registration.register, name="register"),
    path("<slug:slug>/cancel/", registration.cancel, name="cancel"),
    path("<slug:slug>/event.ics", calendar.event_file, name="ics"),
    path("<slug:slug>/checkin/", checkin.checkin, name="checkin"),
    path("<slug:slug>/certificate.pdf", certificates.download, name="certificate"),
]
