"""Consultations: the request form, the lists of both sides, one request and its steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from core.audit import history_for, log_action
from core.exceptions import DomainError
from core.responses import ics_response, private_file_response
from partners import selectors, services
from partners.calendar import consultation_ics
from partners.forms.consultations import (
    AcceptForm,
    ConsultationForm,
    NewTimesForm,
    OptionalReasonForm,
    OutcomeForm,
    ProposeForm,
    ReasonForm,
)
from partners.models import (
    ConsultationRequest,
    ConsultationStatus,
    MeetingMode,
    Partner,
)

PER_PAGE = 20
HISTORY_LABELS = {
    "partners.consultation.requested": _lazy("Requested"),
    "partners.consultation.accepted": _lazy("Accepted"),
    "partners.consultation.proposed": _lazy("The partner proposed another time"),
    "partners.consultation.new_times": _lazy("The startup offered new times"),
    "partners.consultation.declined": _lazy("Declined"),
    "partners.consultation.withdrawn": _lazy("Withdrawn"),
    "partners.consultation.cancelled": _lazy("Cancelled"),
    "partners.consultation.outcome": _lazy("Outcome recorded"),
    "partners.consultation.deck_downloaded": _lazy("Deck downloaded"),
}


@login_required
def consult(request, slug: str):
    partner = get_object_or_404(Partner, slug=slug, is_published=True)
    if not request.user.has_perm("partners.request_consultation"):
        raise PermissionDenied(_("Only members of a startup can request a consultation."))
    if not partner.members.exists():
        messages.info(request, _("This partner does not take consultation requests yet."))
        return redirect(partner)
    form = ConsultationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.request_consultation(
                partner,
                actor=request.user,
                startup=data["startup"],
                topic=data["topic"],
                area=data["area"],
                ask=data["ask"],
                mode=data["mode"],
                times=data["times"],
                deck=data.get("deck"),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your request has been sent to %(partner)s. You will hear back by email.")
                % {"partner": partner.name},
            )
            return redirect(consultation)
    return render(request, "partners/consult.html", {"partner": partner, "form": form})


@login_required
@require_GET
def request_list(request):
    if not request.user.has_perm("partners.see_requests"):
        raise PermissionDenied(
            _("Consultation requests are for startup members and partner representatives.")
        )
    status = request.GET.get("status", "")
    consultations = selectors.requests_for(request.user)
    if status in ConsultationStatus.values:
        consultations = consultations.filter(status=status)
    partner_ids = set(request.user.partner_memberships.values_list("partner_id", flat=True))
    page = Paginator(consultations, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/request_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ConsultationStatus.choices,
            "partner_ids": partner_ids,
            "is_rep": bool(partner_ids),
        },
    )


def _visible(request, pk: int) -> ConsultationRequest:
    consultation = get_object_or_404(
        ConsultationRequest.objects.select_related(
            "partner", "startup", "area", "requested_by", "booking__room"
        ),
        pk=pk,
    )
    if not request.user.has_perm("partners.see_consultation", consultation):
        raise Http404
    return consultation


def _detail_context(request, consultation: ConsultationRequest, **forms) -> dict:
    """The page of one request, with a form for each step the user may take now."""
    user = request.user
    actions = selectors.available_actions(consultation, user, now=timezone.now())
    context = {
        "consultation": consultation,
        "is_rep": user.has_perm("partners.answer_consultation", consultation),
        "is_member": user.has_perm("partners.act_for_startup", consultation),
        "times": consultation.proposed_times.all(),
        "history": [
            (entry.created_at, HISTORY_LABELS.get(entry.action, entry.action))
            for entry in history_for(consultation)[:30]
        ],
        "has_meeting": consultation.has_meeting,
        "outcomes": [],
    }
    if "accept" in actions:
        context["accept_form"] = _accept_form(consultation, forms.pop("accept_form", None))
    if "propose" in actions:
        context["propose_form"] = ProposeForm(
            in_person=consultation.mode == MeetingMode.IN_PERSON, prefix="propose"
        )
    if "decline" in actions:
        context["decline_form"] = ReasonForm(prefix="decline")
    if "new_times" in actions:
        context["new_times_form"] = NewTimesForm(prefix="times")
    if "withdraw" in actions:
        context["withdraw_form"] = OptionalReasonForm(prefix="withdraw")
    if "cancel" in actions:
        context["cancel_form"] = ReasonForm(prefix="cancel")
    if "outcome" in actions:
        side = selectors.consultation_side(consultation, user)
        mine = consultation.outcomes.filter(side=side).first()
        context["outcome_form"] = OutcomeForm(
            initial={"outcome": mine.outcome, "note": mine.note} if mine else None,
            prefix="outcome",
        )
        context["my_outcome"] = mine
    context.update(forms)  # a refused form is shown with its reason
    return context


def _accept_form(consultation: ConsultationRequest, form: AcceptForm | None) -> AcceptForm:
    """The rep accepts one of the startup's times (with a room or a video link, and a message);
    the startup accepts the partner's time as it is, so it is shown only the times."""
    times = selectors.offered_times(consultation)
    in_person = consultation.mode == MeetingMode.IN_PERSON
    if consultation.status == ConsultationStatus.REQUESTED:
        return form or AcceptForm(times=times, in_person=in_person, prefix="accept")
    form = form or AcceptForm(
        times=times, in_person=in_person, initial={"time": times.first()}, prefix="accept"
    )
    for name in ("room", "video_link", "message"):
        form.fields.pop(name, None)
    return form


@login_required
@require_GET
def request_detail(request, pk: int):
    consultation = _visible(request, pk)
    return render(request, "partners/request_detail.html", _detail_context(request, consultation))


def _act(request, consultation, form_name: str, form, call):
    """Validate the form, call the service, and answer: back to the page, or the page again
    with the errors (nothing changed)."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect(consultation)
    context = _detail_context(request, consultation, **{form_name: form})
    return render(request, "partners/request_detail.html", context)


def _require(request, perm: str, consultation) -> None:
    if not request.user.has_perm(perm, consultation):
        raise PermissionDenied


@login_required
@require_POST
def accept(request, pk: int):
    consultation = _visible(request, pk)
    rep = request.user.has_perm("partners.answer_consultation", consultation)
    if not rep and not request.user.has_perm("partners.act_for_startup", consultation):
        raise PermissionDenied
    form = AcceptForm(
        request.POST,
        times=selectors.offered_times(consultation),
        in_person=consultation.mode == MeetingMode.IN_PERSON,
        prefix="accept",
    )

    def call(data):
        services.accept_consultation(
            consultation,
            actor=request.user,
            time=data["time"],
            room=data.get("room"),
            video_link=data.get("video_link") or "",
            message=data.get("message") or "",
        )
        messages.success(request, _("The meeting is agreed. Both sides have the invitation."))

    return _act(request, consultation, "accept_form", form, call)


@login_required
@require_POST
def propose(request, pk: int):
    consultation = _visible(request, pk)
    _require(request, "partners.answer_consultation", consultation)
    form = ProposeForm(
        request.POST, in_person=consultation.mode == MeetingMode.IN_PERSON, prefix="propose"
    )

    def call(data):
        starts_at, ends_at = data["range"]
        services.propose_time(
            consultation,
            actor=request.user,
            starts_at=starts_at,
            ends_at=ends_at,
            message=data.get("message") or "",
            video_link=data.get("video_link") or "",
        )
        messages.success(request, _("Your proposal has been sent to the startup."))

    return _act(request, consultation, "propose_form", form, call)


@login_required
@require_POST
def decline(request, pk: int):
    consultation = _visible(request, pk)
    _require(request, "partners.answer_consultation", consultation)

    def call(data):
        services.decline_consultation(consultation, actor=request.user, reason=data["reason"])
        messages.success(request, _("The request has been declined. The startup has been told."))

    return _act(
        request, consultation, "decline_form", ReasonForm(request.POST, prefix="decline"), call
    )


@login_required
@require_POST
def new_times(request, pk: int):
    consultation = _visible(request, pk)
    _require(request, "partners.act_for_startup", consultation)

    def call(data):
        services.offer_new_times(consultation, actor=request.user, times=data["times"])
        messages.success(request, _("Your new times have been sent to the partner."))

    return _act(
        request, consultation, "new_times_form", NewTimesForm(request.POST, prefix="times"), call
    )


@login_required
@require_POST
def withdraw(request, pk: int):
    consultation = _visible(request, pk)
    _require(request, "partners.act_for_startup", consultation)

    def call(data):
        services.withdraw_consultation(
            consultation, actor=request.user, reason=data.get("reason") or ""
        )
        messages.success(request, _("Your request has been withdrawn."))

    return _act(
        request,
        consultation,
        "withdraw_form",
        OptionalReasonForm(request.POST, prefix="withdraw"),
        call,
    )


@login_required
@require_POST
def cancel(request, pk: int):
    consultation = _visible(request, pk)
    rep = request.user.has_perm("partners.answer_consultation", consultation)
    if not rep and not request.user.has_perm("partners.act_for_startup", consultation):
        raise PermissionDenied

    def call(data):
        services.cancel_consultation(consultation, actor=request.user, reason=data["reason"])
        messages.success(
            request, _("The meeting has been cancelled. The other side has been told.")
        )

    return _act(
        request, consultation, "cancel_form", ReasonForm(request.POST, prefix="cancel"), call
    )


@login_required
@require_POST
def outcome(request, pk: int):
    consultation = _visible(request, pk)
    rep = request.user.has_perm("partners.answer_consultation", consultation)
    if not rep and not request.user.has_perm("partners.act_for_startup", consultation):
        raise PermissionDenied

    def call(data):
        services.record_outcome(
            consultation, actor=request.user, outcome=data["outcome"], note=data["note"]
        )
        messages.success(request, _("Thank you. The outcome has been recorded."))

    return _act(
        request, consultation, "outcome_form", OutcomeForm(request.POST, prefix="outcome"), call
    )


@login_required
@require_GET
def request_calendar(request, pk: int):
    consultation = _visible(request, pk)
    if not consultation.has_meeting:
        raise Http404
    return ics_response(
        consultation_ics(consultation), filename=f"consultation-{consultation.pk}.ics"
    )


@login_required
@require_GET
def deck(request, pk: int):
    consultation = _visible(request, pk)
    if not consultation.deck:
        raise Http404
    log_action(consultation, "partners.consultation.deck_downloaded", actor=request.user, data={})
    return private_file_response(consultation.deck, filename=consultation.deck_name)
