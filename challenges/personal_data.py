"""challenges' part of the personal data inventory (see core/privacy.py).

Selected applications, grants, tranches and grant reports are kept as the grant rules require
(restricted to staff and the startup): no rule here touches them. Drafts and unselected
applications lose their content and documents; the rows stay, so counts by call, area,
district and outcome and the amounts asked for do not change.
"""

from challenges.personal_data_rules import KEEPS, NOT_CHOSEN, OWNERS, RULES
from core.privacy import Category as C

__all__ = ["FIELDS", "KEEPS", "NOT_CHOSEN", "OWNERS", "RULES"]

_NONE = None
FIELDS = {
    "challenges.Challenge": dict.fromkeys(
        [
            "created_at",
            "updated_at",
            "slug",
            "title_ko",
            "title_en",
            "summary_ko",
            "summary_en",
            "description_ko",
            "description_en",
            "opens_at",
            "closes_at",
            "max_company_age_years",
            "seoul_required",
            "pre_founders_allowed",
            "max_grant_amount",
            "number_of_awards",
            "total_budget",
            "offers_coaching",
            "offers_networking",
            "benefits_ko",
            "benefits_en",
            "blind_review",
            "is_published",
            "results_published_at",
            "awarded_total",
            "therapeutic_areas",
            "appeal_window_days",
            "feedback_enabled",
            "feedback_release_at",
            "representative_submits",
            # The office's contact person for the call (published on the call page).
            "contact_name",
            "contact_email",
            "contact_phone",
            "last_reference",
        ],
        _NONE,
    ),
    # Public attachments of a call (공고문, templates), uploaded by staff.
    "challenges.ChallengeAttachment": dict.fromkeys(
        [
            "file",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "created_at",
            "challenge",
            "kind",
            "title_ko",
            "title_en",
            "sort_order",
        ]
    ),
    "challenges.ChallengeFAQ": dict.fromkeys(
        ["challenge", "question_ko", "question_en", "answer_ko", "answer_en", "sort_order"]
    ),
    "challenges.ChallengeMilestone": dict.fromkeys(
        ["challenge", "kind", "starts_at", "note_ko", "note_en"]
    ),
    "challenges.Application": {
        "created_at": None,
        "updated_at": None,
        "challenge": None,
        "startup": None,
        "status": None,
        "created_by": C.IDENTITY,
        "team_summary": C.APPLICATION,
        "team_size": None,
        "therapeutic_area": None,
        "modality": None,
        "development_stage": None,
        "target_indication": C.APPLICATION,
        "technology_summary": C.APPLICATION,
        "unmet_need": C.APPLICATION,
        "bms_fit": C.APPLICATION,
        "wants_grant": None,
        "wants_coaching": None,
        "wants_networking": None,
        "requested_grant_amount": None,  # amounts are aggregates the dashboard keeps
        "grant_use_plan": C.APPLICATION,
        "consent_collection_version": C.LOG,
        "consent_collection_at": C.LOG,
        "consent_third_party_version": C.LOG,
        "consent_third_party_at": C.LOG,
        "submitted_at": None,
        "withdrawn_at": None,
        "eligibility_passed": None,
        "eligibility_snapshot": C.APPLICATION,
        "submitted_snapshot": C.APPLICATION,
        "reference_number": None,
        "decision_reason": None,
        "decision_note": C.APPLICATION,
    },
    "challenges.ApplicationDocument": {
        "original_name": C.DOCUMENTS,
        "content_type": None,
        "size": None,
        "sha256": None,
        "uploaded_by": C.IDENTITY,
        "created_at": None,
        "application": None,
        "kind": None,
        "file": C.DOCUMENTS,
    },
    "challenges.EligibilityException": {
        "application": None,
        "rule": None,
        "reason": C.APPLICATION,
        "created_by": None,  # staff, acting for the programme
        "created_at": None,
    },
    "challenges.Grant": dict.fromkeys(
        ["application", "amount", "agreement_signed_on", "status", "awarded_by", "created_at"]
    ),
    "challenges.Tranche": {
        "grant": None,
        "sequence": None,
        "amount": None,
        "due_on": None,
        "milestone": None,
        "status": None,
        "report_text": C.APPLICATION,
        "reported_at": None,
        "reported_by": C.IDENTITY,
        "staff_comment": C.APPLICATION,
        "reviewed_at": None,
        "reviewed_by": None,
        "paid_on": None,
        "paid_recorded_by": None,
    },
    "challenges.TrancheReportFile": {
        "original_name": C.DOCUMENTS,
        "content_type": None,
        "size": None,
        "sha256": None,
        "uploaded_by": C.IDENTITY,
        "created_at": None,
        "tranche": None,
        "file": C.DOCUMENTS,
    },
    # Interim and final reports of a grant, kept like the milestone reports.
    "challenges.GrantReport": {
        **dict.fromkeys(
            [
                "grant",
                "kind",
                "due_at",
                "instructions",
                "tranche",
                "status",
                "round",
                "submitted_at",
                "reviewed_at",
                "reviewed_by",
                "accepted_at",
                "due_soon_reminder_sent_at",
                "overdue_reminder_sent_at",
                "created_by",
                "created_at",
            ]
        ),
        "text": C.APPLICATION,
        "submitted_by": C.IDENTITY,
        "staff_comment": C.APPLICATION,
    },
    "challenges.GrantReportFile": {
        "original_name": C.DOCUMENTS,
        "content_type": None,
        "size": None,
        "sha256": None,
        "uploaded_by": C.IDENTITY,
        "created_at": None,
        "report": None,
        "round": None,
        "file": C.DOCUMENTS,
    },
    "challenges.RubricCriterion": dict.fromkeys(
        [
            "challenge",
            "name_ko",
            "name_en",
            "guidance_ko",
            "guidance_en",
            "weight",
            "scale_min",
            "scale_max",
            "sort_order",
        ]
    ),
    "challenges.DecisionReason": dict.fromkeys(
        ["code", "kind", "label_ko", "label_en", "is_active"]
    ),
    "challenges.ReviewerAgreement": {
        "reviewer": C.IDENTITY,
        "challenge": None,
        "terms_version": C.LOG,
        "accepted_at": C.LOG,
    },
    "challenges.ReviewerConflict": {
        "reviewer": C.IDENTITY,
        "startup": None,
        "reason": C.LOG,
        "declared_at": C.LOG,
    },
    "challenges.ReviewAssignment": {
        "application": None,
        "reviewer": C.IDENTITY,
        "assigned_by": None,
        "due_at": None,
        "no_conflict_confirmed_at": C.LOG,
        "due_soon_reminder_sent_at": None,
        "overdue_reminder_sent_at": None,
        "created_at": None,
        "review_submitted": None,
    },
    "challenges.Review": {
        "assignment": None,
        "recommendation": None,
        "comment": C.APPLICATION,
        "weighted_score": None,  # the score spread on the dashboard
        "submitted_at": None,
        "updated_at": None,
    },
    "challenges.Score": {
        "review": None,
        "criterion": None,
        "value": None,
        "comment": C.APPLICATION,
    },
    # Outcome surveys: a company's outcomes after the call, answered by one of its people.
    "challenges.OutcomeConsent": {
        "application": None,
        "agreed": C.LOG,
        "version": None,
        "answered_at": C.LOG,
    },
    # Staff's publications of results: who started one is a staff member, like assigned_by.
    "challenges.PublicationJob": dict.fromkeys(
        [
            "challenge",
            "created_by",
            "status",
            "total",
            "done",
            "written",
            "cursor",
            "created_at",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "restarts",
            "failures",
            "last_error",
        ]
    ),
    "challenges.OutcomeSurvey": dict.fromkeys(
        [
            "created_at",
            "updated_at",
            "challenge",
            "years_after",
            "opens_at",
            "closes_at",
            "sent_at",
        ]
    ),
    "challenges.OutcomeResponse": {
        **dict.fromkeys(
            [
                "created_at",
                "updated_at",
                "survey",
                "application",
                "selected",
                "nonce",
                "link_used_at",
                "reminder_sent_at",
                "submitted_at",
                # Counted on the dashboard (never a mean of fewer than 5 answers).
                "still_operating",
                "employees",
                "revenue_band",
                "investment_krw",
                "investment_round",
                "patents_filed",
                "patents_granted",
                "clinical_stage",
                "partnered_with_bms",
                "help_rating",
            ]
        ),
        "recipient": C.IDENTITY,
        "partnerships": C.BUSINESS,
        "help_text": C.APPLICATION,
    },
    # Appeals (이의신청): the applicant's grounds and documents, the committee's findings.
    "challenges.Appeal": {
        "application": None,
        "contested": None,
        "status": None,
        "opened_by": C.IDENTITY,
        "opened_at": C.LOG,
        "due_at": None,
        "decided_at": None,
        "decided_by": None,
        "committee": None,
    },
    "challenges.AppealGround": {
        "appeal": None,
        "text": C.APPLICATION,
        "response": C.APPLICATION,
        "sort_order": None,
    },
    "challenges.AppealDocument": {
        "file": C.DOCUMENTS,
        "original_name": C.DOCUMENTS,
        "content_type": None,
        "size": None,
        "sha256": None,
        "uploaded_by": C.IDENTITY,
        "created_at": None,
        "appeal": None,
    },
    "challenges.AppealCommitteeMember": {
        "appeal": None,
        "member": C.IDENTITY,
        "assigned_by": None,
        "finding": C.APPLICATION,
        "rescore": None,
        "reviewed_at": C.LOG,
    },
    "challenges.DeadlineExtension": {
        "application": None,
        "closes_at": None,
        "reason": C.APPLICATION,
        "granted_by": None,
        "granted_at": None,
    },
    # Other public grants declared for the same work: business data, amounts counted.
    "challenges.GrantDeclaration": {
        "application": None,
        "programme": C.BUSINESS,
        "agency": C.BUSINESS,
        "amount": None,
        "starts_on": None,
        "ends_on": None,
    },
    # Released feedback is a copy of a review comment without the reviewer.
    "challenges.FeedbackComment": {
        "application": None,
        "text": C.APPLICATION,
        "released": None,
        "edited_by": None,
        "sort_order": None,
    },
}
