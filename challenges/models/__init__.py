"""The challenge app's models, one module per part of the call's life."""

from challenges.models.appeals import (
    APPEAL_TRANSITIONS,
    Appeal,
    AppealCommitteeMember,
    AppealDocument,
    AppealGround,
    AppealStatus,
    ContestedDecision,
)
from challenges.models.applications import (
    FOUNDER_WORDING,
    RESULT_WORDING,
    TRANSITIONS,
    UNDECIDED,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    DevelopmentStage,
    DocumentKind,
    EligibilityException,
    Modality,
    document_path,
)
from challenges.models.calls import (
    AttachmentKind,
    Challenge,
    ChallengeAttachment,
    ChallengeFAQ,
    ChallengeMilestone,
    ChallengeStatus,
    MilestoneKind,
)
from challenges.models.extensions import DeadlineExtension, GrantDeclaration
from challenges.models.feedback import FeedbackComment
from challenges.models.grants import (
    GRANT_TRANSITIONS,
    TRANCHE_TRANSITIONS,
    Grant,
    GrantStatus,
    Tranche,
    TrancheReportFile,
    TrancheStatus,
    report_file_path,
)
from challenges.models.review import (
    DecisionReason,
    DecisionReasonKind,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewerAgreement,
    ReviewerConflict,
    RubricCriterion,
    Score,
)

__all__ = [
    "APPEAL_TRANSITIONS",
    "FOUNDER_WORDING",
    "GRANT_TRANSITIONS",
    "RESULT_WORDING",
    "TRANCHE_TRANSITIONS",
    "TRANSITIONS",
    "UNDECIDED",
    "Appeal",
    "AppealCommitteeMember",
    "AppealDocument",
    "AppealGround",
    "AppealStatus",
    "Application",
    "ApplicationDocument",
    "ApplicationStatus",
    "AttachmentKind",
    "Challenge",
    "ChallengeAttachment",
    "ChallengeFAQ",
    "ChallengeMilestone",
    "ChallengeStatus",
    "ContestedDecision",
    "DeadlineExtension",
    "DecisionReason",
    "DecisionReasonKind",
    "DevelopmentStage",
    "DocumentKind",
    "EligibilityException",
    "FeedbackComment",
    "Grant",
    "GrantDeclaration",
    "GrantStatus",
    "MilestoneKind",
    "Modality",
    "Recommendation",
    "Review",
    "ReviewAssignment",
    "ReviewerAgreement",
    "ReviewerConflict",
    "RubricCriterion",
    "Score",
    "Tranche",
    "TrancheReportFile",
    "TrancheStatus",
    "document_path",
    "report_file_path",
]

# Outcomes after selection (surveys at 1, 3, 5 years); kept apart for an easy merge.
from challenges.models.outcomes import (
    OutcomeConsent,
    OutcomeResponse,
    OutcomeSurvey,
)

# Publishing the results in chunks.
from challenges.models.publication import (
    ACTIVE_PUBLICATION,
    PublicationJob,
    PublicationStatus,
)

# Post-award reports (interim and final) that may hold back a tranche.
from challenges.models.reports import (
    REPORT_TRANSITIONS,
    GrantReport,
    GrantReportFile,
    ReportKind,
    ReportStatus,
)

__all__ += ["OutcomeConsent", "OutcomeResponse", "OutcomeSurvey"]
__all__ += ["REPORT_TRANSITIONS", "GrantReport", "GrantReportFile", "ReportKind", "ReportStatus"]
__all__ += ["ACTIVE_PUBLICATION", "PublicationJob", "PublicationStatus"]
