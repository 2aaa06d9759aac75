"""The audit trail of mentoring in words (see core.audit.describe)."""

from django.utils.translation import gettext_lazy as _

from core.audit import Sentence, as_datetime, register_sentences
from mentoring.models import AssessmentSide, NoShowSide, SessionStatus

register_sentences(
    {
        "mentoring.coach.availability_saved": Sentence(
            _(
                "%(actor)s saved the availability "
                "(%(windows)s weekly windows, %(exceptions)s exceptions)."
            )
        ),
        "mentoring.engagement.started": Sentence(
            _("%(actor)s started the coaching (%(allotment)s sessions).")
        ),
        "mentoring.session.booked": Sentence(
            _("%(actor)s booked the session for %(starts_at)s."),
            {"starts_at": as_datetime},
        ),
        "mentoring.session.rescheduled": Sentence(
            _("%(actor)s moved the session from %(from)s to %(to)s: %(reason)s"),
            {"from": as_datetime, "to": as_datetime},
        ),
        "mentoring.session.cancelled": Sentence(_("%(actor)s cancelled the session: %(reason)s")),
        "mentoring.session.outcome": Sentence(
            _("%(actor)s recorded how the session went: %(to)s."),
            {"from": SessionStatus, "to": SessionStatus},
        ),
        "mentoring.session.no_show": Sentence(
            _("%(actor)s recorded a no-show: %(no_show_by)s did not come."),
            {"from": SessionStatus, "no_show_by": NoShowSide},
        ),
        "mentoring.session.progress_recorded": Sentence(
            _("%(actor)s recorded the progress towards the goals: %(percent)s %%.")
        ),
        "mentoring.engagement.goals_agreed": Sentence(
            _("%(actor)s recorded the goals agreed at the session of %(starts_at)s."),
            {"starts_at": as_datetime},
        ),
        "mentoring.engagement.assessed": Sentence(
            _("%(actor)s submitted the final assessment for the %(side)s: %(rating)s out of 5."),
            {"side": AssessmentSide},
        ),
        "mentoring.session.notes_saved": Sentence(_("%(actor)s saved the session notes.")),
        "mentoring.session.feedback": Sentence(
            _("%(actor)s rated the session %(rating)s out of 5.")
        ),
    }
)
