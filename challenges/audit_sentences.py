"""The audit trail of challenges in words (see core.audit.describe)."""

from django.utils.translation import gettext_lazy as _

from challenges.eligibility import RULE_NAMES
from challenges.models import (
    AppealStatus,
    Application,
    ApplicationStatus,
    DecisionReason,
    DocumentKind,
    GrantStatus,
    ReportKind,
    ReportStatus,
    TrancheStatus,
)
from core.audit import (
    Sentence,
    as_count,
    as_date,
    as_datetime,
    as_krw,
    field_labels,
    labels_from,
    register_sentences,
)


def reason_label(code: str) -> str:
    """A decision reason by its wording in the viewer's language (the entry keeps its code)."""
    reason = DecisionReason.objects.filter(code=code).first()
    return reason.label if reason else code


register_sentences(
    {
        "challenges.application.started": Sentence(_("%(actor)s started the application.")),
        "challenges.application.draft_saved": Sentence(
            _("%(actor)s saved the draft (%(fields)s)."),
            {"fields": field_labels(Application)},
        ),
        "challenges.application.consents_recorded": Sentence(
            _("%(actor)s gave the personal data consents (version %(version)s).")
        ),
        "challenges.application.document_added": Sentence(
            _("%(actor)s added a document: %(name)s (%(kind)s)."),
            {"kind": DocumentKind},
        ),
        "challenges.application.document_removed": Sentence(
            _("%(actor)s removed a document: %(name)s (%(kind)s)."),
            {"kind": DocumentKind},
        ),
        "challenges.application.document_downloaded": Sentence(
            _("%(actor)s downloaded a document (%(kind)s)."),
            {"kind": DocumentKind},
        ),
        "challenges.application.submitted": Sentence(
            _("%(actor)s submitted the application."),
            {"from": ApplicationStatus, "to": ApplicationStatus},
        ),
        "challenges.application.withdrawn": Sentence(
            _("%(actor)s withdrew the application (it was %(from)s): %(reason)s"),
            {"from": ApplicationStatus, "to": ApplicationStatus},
        ),
        "challenges.application.eligibility_exception": Sentence(
            _("%(actor)s granted an exception to the rule “%(rule)s”: %(reason)s"),
            {"rule": labels_from(RULE_NAMES)},
        ),
        "challenges.application.screening": Sentence(
            _("%(actor)s moved the application to screening."),
            {"from": ApplicationStatus, "to": ApplicationStatus, "reason": reason_label},
        ),
        "challenges.application.under_review": Sentence(
            _("%(actor)s sent the application to review."),
            {"from": ApplicationStatus, "to": ApplicationStatus, "reason": reason_label},
        ),
        "challenges.application.ineligible": Sentence(
            _("%(actor)s marked the application ineligible (reason: %(reason)s)."),
            {"from": ApplicationStatus, "to": ApplicationStatus, "reason": reason_label},
        ),
        "challenges.application.shortlisted": Sentence(
            _("%(actor)s shortlisted the application."),
            {"from": ApplicationStatus, "to": ApplicationStatus, "reason": reason_label},
        ),
        "challenges.application.interview": Sentence(
            _("%(actor)s invited the startup to an interview."),
            {"from": ApplicationStatus, "to": ApplicationStatus, "reason": reason_label},
        ),
        "challenges.application.selected": Sentence(
            _("%(actor)s selected the application."),
            {"from": ApplicationStatus, "to": ApplicationStatus, "reason": reason_label},
        ),
        "challenges.application.not_selected": Sentence(
            _("%(actor)s did not select the application (reason: %(reason)s)."),
            {"from": ApplicationStatus, "to": ApplicationStatus, "reason": reason_label},
        ),
        "challenges.application.reviewer_assigned": Sentence(
            _("%(actor)s assigned a reviewer (due %(due)s)."),
            {"due": as_datetime},
        ),
        "challenges.application.no_conflict_confirmed": Sentence(
            _("%(actor)s confirmed having no conflict of interest.")
        ),
        "challenges.application.conflict_declared": Sentence(
            _("%(actor)s declared a conflict of interest: %(reason)s")
        ),
        "challenges.application.review_submitted": Sentence(_("%(actor)s submitted a review.")),
        "challenges.challenge.rubric_added": Sentence(
            _("%(actor)s added the default review criteria.")
        ),
        "challenges.challenge.review_terms_accepted": Sentence(
            _("%(actor)s accepted the reviewer terms (version %(version)s).")
        ),
        "challenges.challenge.attachment_saved": Sentence(
            _("%(actor)s saved the attachment %(title)s (%(name)s).")
        ),
        "challenges.challenge.attachment_removed": Sentence(
            _("%(actor)s removed the attachment %(title)s (%(name)s).")
        ),
        "challenges.challenge.results_published": Sentence(
            _("%(actor)s published the results; the applicants are told by a worker.")
        ),
        "challenges.challenge.results_told": Sentence(
            _(
                "%(actor)s told %(applications)s applications their outcome "
                "(%(notifications)s notifications)."
            )
        ),
        "challenges.challenge.results_publication_failed": Sentence(
            _(
                "%(actor)s gave up telling the applicants their outcome after %(done)s of "
                "%(total)s applications; publish the results again to tell the others."
            )
        ),
        "challenges.grant.awarded": Sentence(
            _("%(actor)s awarded a grant of %(amount)s."),
            {"amount": as_krw, "awarded_total": as_krw},
        ),
        "challenges.grant.tranches_set": Sentence(
            _("%(actor)s set the tranche plan (%(tranches)s tranches)."),
            {"tranches": as_count},
        ),
        "challenges.grant.agreement_signed": Sentence(
            _("%(actor)s recorded the agreement signed on %(signed_on)s."),
            {"signed_on": as_date, "from": GrantStatus, "to": GrantStatus},
        ),
        "challenges.grant.cancelled": Sentence(
            _("%(actor)s cancelled the grant of %(amount)s (it was %(from)s): %(reason)s"),
            {"amount": as_krw, "from": GrantStatus, "to": GrantStatus},
        ),
        "challenges.grant.completed": Sentence(
            _("%(actor)s closed the grant: every tranche is paid (%(to)s)."),
            {"from": GrantStatus, "to": GrantStatus},
        ),
        "challenges.tranche.reported": Sentence(
            _("%(actor)s reported the milestone (%(files)s files)."),
            {"files": as_count, "from": TrancheStatus, "to": TrancheStatus},
        ),
        "challenges.tranche.approved": Sentence(
            _("%(actor)s approved the milestone."),
            {"from": TrancheStatus, "to": TrancheStatus},
        ),
        "challenges.tranche.returned": Sentence(
            _("%(actor)s returned the report to the startup: %(comment)s"),
            {"from": TrancheStatus, "to": TrancheStatus},
        ),
        "challenges.tranche.paid": Sentence(
            _("%(actor)s recorded the payment made on %(paid_on)s."),
            {"paid_on": as_date, "from": TrancheStatus, "to": TrancheStatus},
        ),
        "challenges.tranche.file_downloaded": Sentence(
            _("%(actor)s downloaded an evidence file: %(name)s")
        ),
    }
)

# Fair selection (issue 16): appeals, feedback, deadline extensions.
register_sentences(
    {
        "challenges.appeal.opened": Sentence(
            _("%(actor)s appealed against the decision (%(grounds)s grounds)."),
            {"grounds": as_count},
        ),
        "challenges.appeal.committee_assigned": Sentence(
            _("%(actor)s assigned the appeals committee.")
        ),
        "challenges.appeal.finding_recorded": Sentence(
            _("%(actor)s recorded a finding on the appeal.")
        ),
        "challenges.appeal.decided": Sentence(
            _("%(actor)s decided the appeal: %(outcome)s."),
            {"outcome": labels_from(dict(AppealStatus.choices))},
        ),
        "challenges.application.overturned_on_appeal": Sentence(
            _("%(actor)s overturned the decision on appeal: the application is now %(to)s."),
            {"from": ApplicationStatus, "to": ApplicationStatus},
        ),
        "challenges.application.feedback_prepared": Sentence(
            _("%(actor)s prepared the reviewers' comments for the applicant (%(comments)s).")
        ),
        "challenges.application.feedback_comment_edited": Sentence(
            _("%(actor)s edited a comment for the applicant (released: %(released)s).")
        ),
        "challenges.application.other_grant_declared": Sentence(
            _("%(actor)s declared another public grant: %(programme)s (%(agency)s, %(amount)s)."),
            {"amount": as_krw},
        ),
        "challenges.application.deadline_extended": Sentence(
            _("%(actor)s extended the deadline of this application to %(closes_at)s: %(reason)s"),
            {"closes_at": as_datetime},
        ),
    }
)


# Outcomes after selection (challenges.services.outcomes).
register_sentences(
    {
        "challenges.outcome_survey.scheduled": Sentence(
            _("%(actor)s scheduled outcome surveys for years %(years)s after the results.")
        ),
        "challenges.application.outcome_consent": Sentence(
            _("%(actor)s answered the consent to outcome surveys (agreed: %(agreed)s).")
        ),
        "challenges.outcome_survey.answered": Sentence(
            _("The applicant answered the outcome survey.")
        ),
        "challenges.outcome_survey.edited": Sentence(
            _("The applicant changed their outcome survey answers.")
        ),
    }
)


# Post-award reports (challenges.services.grant_reports).
register_sentences(
    {
        "challenges.grant.report_planned": Sentence(
            _("%(actor)s planned a report (%(kind)s) due %(due_at)s for tranche %(tranche)s."),
            {"kind": ReportKind, "due_at": as_datetime},
        ),
        "challenges.grant.report_removed": Sentence(
            _("%(actor)s removed a report (%(kind)s) due %(due_at)s: %(reason)s"),
            {"kind": ReportKind, "due_at": as_datetime},
        ),
        "challenges.grant_report.rescheduled": Sentence(
            _("%(actor)s moved the due date from %(from_due_at)s to %(due_at)s."),
            {"from_due_at": as_datetime, "due_at": as_datetime},
        ),
        "challenges.grant_report.submitted": Sentence(
            _("%(actor)s submitted the report (round %(round)s, %(files)s files)."),
            {"files": as_count, "from": ReportStatus, "to": ReportStatus},
        ),
        "challenges.grant_report.accepted": Sentence(
            _("%(actor)s accepted the report (round %(round)s)."),
            {"from": ReportStatus, "to": ReportStatus},
        ),
        "challenges.grant_report.changes_requested": Sentence(
            _("%(actor)s asked for changes to the report (round %(round)s): %(comment)s"),
            {"from": ReportStatus, "to": ReportStatus},
        ),
        "challenges.grant_report.file_downloaded": Sentence(
            _("%(actor)s downloaded a report file: %(name)s")
        ),
    }
)
