from django.urls import path

from challenges import views

app_name = "challenges"

urlpatterns = [
    path("challenges/", views.challenge_list, name="list"),
    path("challenges/eligibility/", views.eligibility_preview, name="eligibility_preview"),
    path("challenges/<slug:slug>/", views.challenge_detail, name="detail"),
    path("challenges/<slug:slug>/apply/", views.apply, name="apply"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/steps/<slug:step>/", views.application_step, name="step"),
    path(
        "applications/<int:pk>/eligibility/",
        views.application_eligibility,
        name="application_eligibility",
    ),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/confirmation/", views.confirmation, name="confirmation"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/",
        views.download_document,
        name="document_download",
    ),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/delete/",
        views.remove_document,
        name="document_remove",
    ),
]
