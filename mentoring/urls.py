from django.urls import path

from mentoring.views import booking, engagements, home, sessions

app_name = "mentoring"

urlpatterns = [
    path("", home.dashboard, name="dashboard"),
    path("availability/", home.availability, name="availability"),
    path("engagements/<int:pk>/", engagements.engagement_detail, name="engagement"),
    path("engagements/<int:pk>/assessment/", engagements.assessment, name="assessment"),
    path("engagements/<int:pk>/book/", booking.book, name="book"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("sessions/<int:pk>.ics", sessions.session_calendar, name="session_ics"),
    path("sessions/<int:pk>/cancel/", sessions.cancel, name="cancel"),
    path("sessions/<int:pk>/reschedule/", sessions.reschedule, name="reschedule"),
    path("sessions/<int:pk>/notes/", sessions.notes, name="notes"),
    path("sessions/<int:pk>/outcome/", sessions.outcome, name="outcome"),
    path("sessions/<int:pk>/feedback/", sessions.feedback, name="feedback"),
]
