from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/invitation.ics", views.invitation, name="invitation"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
]
