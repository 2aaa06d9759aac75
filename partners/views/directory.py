"""The partner directory and each partner's profile."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from accounts.models import TherapeuticArea
from accounts.rules import is_programme_staff
from core.page_cache import cached_for_visitors
from partners import selectors
from partners.models import Partner, PartnerKind

PER_PAGE = 24


@cached_for_visitors
def partner_list(request):
    partners = selectors.published_partners()
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    area = request.GET.get("area", "")
    tenant = request.GET.get("tenant") == "1"
    if query:
        partners = partners.filter(Q(name_ko__icontains=query) | Q(name_en__icontains=query))
    if kind in PartnerKind.values:
        partners = partners.filter(kind=kind)
    if area:
        partners = partners.filter(areas_of_interest__slug=area)
    if tenant:
        partners = partners.filter(is_tenant=True)
    page = Paginator(partners.distinct(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/partner_list.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "area": area,
            "tenant": tenant,
            "kinds": PartnerKind.choices,
            "areas": TherapeuticArea.objects.all(),
            "filtered": bool(query or kind or area or tenant),
        },
    )


@cached_for_visitors
def partner_detail(request, slug: str):
    partner = get_object_or_404(
        Partner.objects.prefetch_related("areas_of_interest", "office_hours"), slug=slug
    )
    if not partner.is_published and not is_programme_staff(request.user):
        raise Http404
    user = request.user
    member = user.is_authenticated and user.startup_memberships.exists()
    own_requests = []
    if member:
        own_requests = list(
            partner.consultations.filter(startup__memberships__user=user)
            .select_related("startup")
            .order_by("-created_at")[:10]
        )
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "is_member": member,
            "takes_requests": partner.members.exists(),
            "own_requests": own_requests,
        },
    )
