"""Certificates of attendance: the holder's PDF, and the public check of a code."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from events import selectors
from events.certificates import certificate_pdf
from events.models import Event


@require_GET
@login_required
def download(request, slug: str):
    """The signed-in person's own certificate for the event (404 for anyone else)."""
    event = get_object_or_404(Event, slug=slug)
    certificate = selectors.certificate_of(selectors.active_registration(event, request.user))
    if certificate is None:
        raise Http404
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def verify(request, code: str):
    """Anyone: whether a certificate with this code was issued, and to whom for what. An
    unknown or altered code answers 404 with the same page saying it is not valid."""
    certificate = selectors.certificate_by_code(code)
    return render(
        request,
        "events/certificate_verify.html",
        {"certificate": certificate, "code": code},
        status=200 if certificate else 404,
    )
