from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import viewer
from accounts.rules import is_programme_staff
from accounts.selectors import startups_of
from challenges import consents, receipts, selectors, services
from challenges.forms import (
    ConsentForm,
    DocumentForm,
    FitForm,
    SupportForm,
    TeamForm,
    TechnologyForm,
    WithdrawForm,
)
from challenges.models import Application, ApplicationDocument, Challenge
from challenges.services.outcomes import outcome_consent_given
from core.exceptions import DomainError
from core.links import link
from core.responses import private_file_response

STEP_FORMS = {
    "team": TeamForm,
    "technology": TechnologyForm,
    "fit": FitForm,
    "support": SupportForm,
}


# --- applying -----------------------------------------------------------------------------


@login_required
def apply(request, slug: str):
    """Start the startup's application, or continue it."""
    challenge = get_object_or_404(Challenge, slug=slug, is_published=True)
    startups = list(startups_of(request.user))
    if not startups:
        messages.info(request, _("First create your startup profile; then you can apply."))
        return redirect(f"{reverse('accounts:startup_create')}?next={request.path}")
    chosen = request.POST.get("startup") or request.GET.get("startup")
    startup = next((s for s in startups if str(s.pk) == chosen), startups[0])
    application = Application.objects.filter(challenge=challenge, startup=startup).first()
    if application is not None:
        return _to_step(application, _first_open_step(application))
    if request.method == "POST":
        try:
            application = services.start_application(challenge, startup=startup, actor=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(challenge)
        return _to_step(application, "team")
    return render(
        request,
        "challenges/apply_start.html",
        {"challenge": challenge, "startups": startups, "startup": startup, "now": timezone.now()},
    )


def _to_step(application: Application, step: str):
    """The redirect to one of the application's steps (its URL remembered: core.links)."""
    return redirect(link("challenges:step", application.pk, step))


def _first_open_step(application: Application) -> str:
    missing = selectors.missing_items(application)
    return missing[0][0] if missing else "review"


def member_application(request, pk: int, queryset=None) -> Application:
    """The application, if the signed-in person may edit it (challenges.edit_application: a
    member of the applying startup, from the startups kept with them); 404 otherwise. By
    default with what the step pages show of the call, the startup and an extension."""
    if queryset is not None:
        application = get_object_or_404(queryset, pk=pk)
    else:
        try:
            application = selectors.application_with_call(pk)
        except Application.DoesNotExist:
            raise Http404 from None
    if not viewer.member_of(request, application.startup_id):
        raise Http404
    return application


def _step_context(application, step, now, **extra):
    """What every step page shows: the steps (done or not) and what is still missing
    (selectors.missing_items), where this one is, whether the draft may still change. The
    documents are read once, for what is missing and for a page that lists them."""
    refusal = selectors.edit_refusal(application, now)
    documents = selectors.documents_of(application)
    missing = selectors.missing_items(application, documents=documents)
    missing_steps = {s for s, _message in missing}
    index = selectors.STEP_NAMES.index(step)
    return {
        "application": application,
        "challenge": application.challenge,
        "step": step,
        "steps": [
            {
                "name": name,
                "label": label,
                "number": i + 1,
                "current": name == step,
                "complete": name not in missing_steps and name != "review",
            }
            for i, (name, label) in enumerate(selectors.STEPS)
        ],
        "step_number": index + 1,
        "step_count": len(selectors.STEPS),
        "step_label": dict(selectors.STEPS)[step],
        "previous_step": selectors.STEP_NAMES[index - 1] if index > 0 else None,
        "next_step": selectors.STEP_NAMES[index + 1] if index + 1 < len(selectors.STEPS) else None,
        "editable": refusal is None,
        "read_only_reason": str(refusal or ""),
        "missing": missing,
        "documents": documents,
        **extra,
    }


@login_required
def application_step(request, pk: int, step: str):
    if step not in selectors.STEP_NAMES:
        raise Http404
    application = member_application(request, pk)
    now = timezone.now()
    if step == "documents":
        return _documents_step(request, application, now)
    if step == "consents":
        return _consents_step(request, application, now)
    if step == "review":
        return _review_step(request, application, now)
    form_class = STEP_FORMS[step]
    kwargs = {"challenge": application.challenge} if step in ("technology", "support") else {}
    form = form_class(request.POST or None, instance=application, **kwargs)
    if request.method == "POST":
        is_valid = form.is_valid()
        try:
            services.save_draft(application, actor=request.user, data=form.valid_answers())
        except DomainError as error:
            messages.error(request, str(error))
            return _to_step(application, step)
        if is_valid:
            target = request.POST.get("go", "next")
            if target == "later":
                messages.success(request, _("Your draft has been saved."))
                return redirect("challenges:application_detail", application.pk)
            index = selectors.STEP_NAMES.index(step)
            return _to_step(application, selectors.STEP_NAMES[index + 1])
        application.refresh_from_db()
    return render(
        request, "challenges/apply_step.html", _step_context(application, step, now, form=form)
    )


def _documents_step(request, application, now):
    """Upload one document at a time. "Continue" and "Previous step" submit the same form,
    so a file chosen and not yet uploaded is uploaded first (or its refusal shown), never
    dropped."""
    index = selectors.STEP_NAMES.index("documents")
    go = request.POST.get("go", "upload")
    targets = {
        "next": selectors.STEP_NAMES[index + 1],
        "previous": selectors.STEP_NAMES[index - 1],
        "upload": "documents",
    }
    target = targets.get(go) or "documents"
    if request.method == "POST" and go != "upload" and not request.FILES.get("file"):
        return _to_step(application, target)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_document(
                application,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
            )
        except DomainError as error:
            messages.error(request, str(error))
            target = "documents"
        else:
            messages.success(request, _("The document has been uploaded."))
        return _to_step(application, target)
    context = _step_context(application, "documents", now, form=form)
    return render(request, "challenges/apply_documents.html", context)


def _consents_step(request, application, now):
    if request.method == "POST":
        form = ConsentForm(request.POST)  # shown again only with what was posted
    else:
        initial = {
            "collection": application.consent_collection_at is not None,
            "third_party": application.consent_third_party_at is not None,
            "outcome_contact": outcome_consent_given(application),
        }
        form = ConsentForm(initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consents(
                application,
                actor=request.user,
                collection=form.cleaned_data["collection"],
                third_party=form.cleaned_data["third_party"],
                outcome_contact=form.cleaned_data["outcome_contact"],
            )
        except DomainError as error:
            messages.error(request, str(error))
            return _to_step(application, "consents")
        return _to_step(application, "review")
    context = _step_context(
        application,
        "consents",
        now,
        form=form,
        collection=consents.COLLECTION,
        third_party=consents.THIRD_PARTY,
        outcome_contact=consents.OUTCOME_CONTACT,
    )
    return render(request, "challenges/apply_consents.html", context)


def _review_step(request, application, now):
    context = _step_context(
        application, "review", now, eligibility=selectors.eligibility_of(application)
    )
    return render(request, "challenges/apply_review.html", context)


@login_required
@require_GET
def application_eligibility(request, pk: int):
    """htmx: the eligibility panel, for the area the founder is choosing right now."""
    application = member_application(request, pk)
    area = application.therapeutic_area
    area_id = request.GET.get("therapeutic_area")
    if area_id is not None:
        # Not a number (a hand-made query): no area chosen, never a 500.
        pk = int(area_id) if area_id.isascii() and area_id.isdigit() else None
        area = application.challenge.therapeutic_areas.filter(pk=pk).first()
    result = selectors.eligibility_of(application, area=area)
    return render(request, "challenges/_eligibility.html", {"eligibility": result})


@login_required
@require_POST
def submit(request, pk: int):
    # The service reads the application again, row-locked, with all it checks.
    application = member_application(request, pk, Application.objects.only("pk", "startup_id"))
    try:
        services.submit_application(application, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return _to_step(application, "review")
    return redirect(link("challenges:confirmation", application.pk))


@login_required
def confirmation(request, pk: int):
    application = member_application(request, pk)
    if application.submitted_at is None:
        return redirect("challenges:application_detail", application.pk)
    milestones = selectors.milestones_of(application.challenge)
    return render(
        request,
        "challenges/confirmation.html",
        {
            "application": application,
            "next_dates": receipts.next_dates(application.challenge, milestones, timezone.now()),
        },
    )


@login_required
@require_GET
def receipt_pdf(request, pk: int):
    """The submitted application as a PDF, from the snapshot frozen at submission."""
    application = get_object_or_404(
        Application.objects.select_related("challenge", "startup"), pk=pk
    )
    if not request.user.has_perm("challenges.read_receipt", application):
        raise Http404
    if application.submitted_snapshot is None:
        raise Http404
    response = HttpResponse(receipts.receipt_pdf(application), content_type="application/pdf")
    filename = f"{application.reference_number or application.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def withdraw(request, pk: int):
    application = member_application(request, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.withdraw_application(application, actor=request.user, reason=reason)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("challenges:application_detail", application.pk)


@login_required
@require_POST
def remove_document(request, pk: int, document_pk: int):
    application = member_application(request, pk)
    document = get_object_or_404(application.documents, pk=document_pk)
    try:
        services.remove_document(document, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The document has been removed."))
    return _to_step(application, "documents")


@login_required
def download_document(request, pk: int, document_pk: int):
    document = get_object_or_404(
        ApplicationDocument.objects.select_related(
            "application__startup", "application__challenge"
        ),
        pk=document_pk,
        application_id=pk,
    )
    application = document.application
    if not request.user.has_perm("challenges.access_application", application):
        raise Http404
    filename = document.original_name
    if not request.user.has_perm("challenges.edit_application", application):
        services.record_document_download(document, actor=request.user)
        if application.challenge.blind_review and not is_programme_staff(request.user):
            # Reviewers of a blind call never see the founder's file name.
            filename = f"{document.kind}-{document.pk}.{document.file.name.rsplit('.', 1)[-1]}"
    return private_file_response(
        document.file, filename=filename, content_type=document.content_type
    )
