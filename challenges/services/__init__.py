"""Every write of the challenge app, one function per use case, one transaction each.

Split by stage of the call; import from here (`from challenges import services`).
"""

from challenges.exceptions import ApplicationError, GrantError, ReviewError
from challenges.services.calls import remove_challenge_attachment, save_challenge_attachment
from challenges.services.common import ensure_transition, lock_application
from challenges.services.grant_reports import (
    accept_grant_report,
    record_report_file_download,
    request_report_changes,
    submit_grant_report,
)
from challenges.services.grants import (
    award_grant,
    cancel_grant,
    set_tranches,
    sign_agreement,
)
from challenges.services.intake import (
    EDITABLE_FIELDS,
    add_document,
    allocate_reference,
    grant_eligibility_exception,
    record_consents,
    record_document_download,
    remove_document,
    save_draft,
    start_application,
    submit_application,
    withdraw_application,
)
from challenges.services.milestones import (
    approve_tranche,
    record_tranche_file_download,
    record_tranche_paid,
    report_milestone,
    return_tranche,
)
from challenges.services.publication import OUTCOME_KINDS
from challenges.services.report_planning import (
    add_grant_report,
    remove_grant_report,
    reschedule_grant_report,
)
from challenges.services.report_reminders import remind_grant_reports
from challenges.services.review import (
    accept_review_terms,
    add_default_rubric,
    assign_reviewer,
    auto_assign_reviewers,
    confirm_no_conflict,
    declare_conflict,
    save_review,
    submit_review,
)
from challenges.services.review_reminders import remind_reviewers
from challenges.services.uploads import delete_orphan_uploads
from challenges.services.workflow import (
    invite_to_interview,
    mark_ineligible,
    move_to_screening,
    not_select_application,
    publish_results,
    select_application,
    shortlist,
    start_review,
)

__all__ = [
    "EDITABLE_FIELDS",
    "OUTCOME_KINDS",
    "ApplicationError",
    "GrantError",
    "ReviewError",
    "accept_grant_report",
    "accept_review_terms",
    "add_default_rubric",
    "add_document",
    "add_grant_report",
    "allocate_reference",
    "approve_tranche",
    "assign_reviewer",
    "auto_assign_reviewers",
    "award_grant",
    "cancel_grant",
    "confirm_no_conflict",
    "declare_conflict",
    "delete_orphan_uploads",
    "ensure_transition",
    "grant_eligibility_exception",
    "invite_to_interview",
    "lock_application",
    "mark_ineligible",
    "move_to_screening",
    "not_select_application",
    "publish_results",
    "record_consents",
    "record_document_download",
    "record_report_file_download",
    "record_tranche_file_download",
    "record_tranche_paid",
    "remind_grant_reports",
    "remind_reviewers",
    "remove_challenge_attachment",
    "remove_document",
    "remove_grant_report",
    "report_milestone",
    "request_report_changes",
    "reschedule_grant_report",
    "return_tranche",
    "save_challenge_attachment",
    "save_draft",
    "save_review",
    "select_application",
    "set_tranches",
    "shortlist",
    "sign_agreement",
    "start_application",
    "start_review",
    "submit_application",
    "submit_grant_report",
    "submit_review",
    "withdraw_application",
]
