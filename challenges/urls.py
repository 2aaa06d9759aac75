from django.urls import path

from challenges.views import (
    appeal_committee,
    appeals,
    applications,
    applying,
    grant_reports,
    grants,
    public,
    review,
    surveys,
)

app_name = "challenges"

urlpatterns = [
    path("challenges/", public.challenge_list, name="list"),
    path("challenges/eligibility/", public.eligibility_preview, name="eligibility_preview"),
    path("challenges/<slug:slug>/", public.challenge_detail, name="detail"),
    path("challenges/<slug:slug>/apply/", applying.apply, name="apply"),
    path("challenges/<slug:slug>/attachments/<int:pk>/", public.attachment, name="attachment"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/steps/<slug:step>/", applying.application_step, name="step"),
    path(
        "applications/<int:pk>/eligibility/",
        applying.application_eligibility,
        name="application_eligibility",
    ),
    path("applications/<int:pk>/submit/", applying.submit, name="submit"),
    path("applications/<int:pk>/confirmation/", applying.confirmation, name="confirmation"),
    path("applications/<int:pk>/receipt.pdf", applying.receipt_pdf, name="receipt_pdf"),
    path("applications/<int:pk>/withdraw/", applying.withdraw, name="withdraw"),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/",
        applying.download_document,
        name="document_download",
    ),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/delete/",
        applying.remove_document,
        name="document_remove",
    ),
    path("applications/<int:pk>/appeal/", appeals.appeal, name="appeal"),
    path("applications/<int:pk>/other-grants/", appeals.other_grants, name="other_grants"),
    path("surveys/<str:token>/", surveys.outcome_survey, name="outcome_survey"),
    path(
        "applications/<int:pk>/outcome-consent/",
        surveys.outcome_consent,
        name="outcome_consent",
    ),
    # --- review (reviewers' portal) ---
    path("review/", review.queue, name="review_queue"),
    path("review/<int:assignment_pk>/", review.assignment, name="review"),
    # --- the appeals committee ---
    path("review/appeals/", appeal_committee.committee_list, name="appeal_committee_list"),
    path(
        "review/appeals/<int:pk>/",
        appeal_committee.committee_detail,
        name="appeal_committee_detail",
    ),
    path(
        "review/appeals/<int:pk>/documents/<int:document_pk>/",
        appeal_committee.committee_document,
        name="appeal_committee_document",
    ),
    # --- grants (milestone reports by grantees) ---
    path(
        "applications/<int:pk>/tranches/<int:tranche_pk>/report/",
        grants.tranche_report,
        name="tranche_report",
    ),
    path(
        "applications/<int:pk>/tranches/<int:tranche_pk>/files/<int:file_pk>/",
        grants.tranche_file,
        name="tranche_file",
    ),
    # --- grant reports (interim and final, by grantees) ---
    path(
        "applications/<int:pk>/reports/<int:report_pk>/",
        grant_reports.grant_report,
        name="grant_report",
    ),
    path(
        "applications/<int:pk>/reports/<int:report_pk>/files/<int:file_pk>/",
        grant_reports.grant_report_file,
        name="grant_report_file",
    ),
]
