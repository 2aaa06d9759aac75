"""Public pages of the challenge: the calls, and the eligibility preview."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.forms import StartupForm
from challenges import eligibility, selectors
from challenges.models import Challenge, ChallengeAttachment
from core.page_cache import cached_for_visitors
from core.responses import private_file_response


@cached_for_visitors
def challenge_list(request):
    challenges = selectors.published_challenges().order_by("-closes_at")
    page = Paginator(challenges, 10).get_page(request.GET.get("page"))
    return render(request, "challenges/challenge_list.html", {"page": page, "now": timezone.now()})


@cached_for_visitors
def challenge_detail(request, slug: str):
    challenge = get_object_or_404(
        Challenge.objects.filter(is_published=True).prefetch_related(
            "therapeutic_areas", "faqs", "milestones", "attachments"
        ),
        slug=slug,
    )
    now = timezone.now()
    return render(
        request,
        "challenges/challenge_detail.html",
        {"challenge": challenge, "now": now, "days_left": selectors.days_left(challenge, now)},
    )


@require_GET
def attachment(request, slug: str, pk: int):
    """A published call's announcement or template: public, but served by this view (the
    storage is private; MEDIA_URL serves nothing)."""
    attachment = get_object_or_404(
        ChallengeAttachment.objects.select_related("challenge"),
        pk=pk,
        challenge__slug=slug,
        challenge__is_published=True,
    )
    return private_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@require_GET
def eligibility_preview(request):
    """htmx: the startup profile form's answers checked against every open call, unsaved."""
    form = StartupForm(request.GET)
    form.is_valid()  # only the cleaned values matter; errors are shown by the form itself
    startup = form.instance
    for name, value in form.cleaned_data.items():
        if name != "therapeutic_areas":
            setattr(startup, name, value)
    checks = [
        (
            challenge,
            eligibility.evaluate(
                startup,
                challenge,
                area=None,
                challenge_areas=list(challenge.therapeutic_areas.all()),
                include_area=False,
            ),
        )
        for challenge in selectors.open_challenges()
    ]
    return render(request, "challenges/_eligibility_preview.html", {"checks": checks})
