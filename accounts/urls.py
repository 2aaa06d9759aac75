from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path("language/<slug:language>/", views.switch_language, name="switch_language"),
    path("profile/", views.profile, name="profile"),
    path("profile/phone/", views.phone_number, name="phone"),
    path("profile/phone/verify/", views.phone_verify, name="phone_verify"),
    path("profile/phone/remove/", views.phone_remove, name="phone_remove"),
    path("startups/", views.startup_list, name="startup_list"),
    path("startups/new/", views.startup_create, name="startup_create"),
    path("startups/<int:pk>/", views.startup_detail, name="startup_detail"),
    path("startups/<int:pk>/edit/", views.startup_edit, name="startup_edit"),
    path("startups/<int:pk>/invite/", views.startup_invite, name="startup_invite"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
