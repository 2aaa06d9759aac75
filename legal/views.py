from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from legal import selectors
from legal.models import DocumentKind


@require_GET
def legal_page(request, kind: str, number: int | None = None):
    """A legal page: the version in force (or the one asked for), its effective date and
    every published version. /contact/ adds the office's details from the operator record."""
    current = selectors.current_version(kind)
    if number is None:
        shown = current
    else:
        shown = selectors.published_version(kind, number)
        if shown is None:
            raise Http404
    upcoming = selectors.upcoming_version(kind)
    if shown is None or (current is not None and shown.pk == current.pk):
        standing = "current"
    elif current is not None and shown.number < current.number:
        standing = "earlier"
    else:
        standing = "upcoming"
    context = {
        "kind": kind,
        "title": DocumentKind(kind).label,
        "version": shown,
        "current": current,
        "upcoming": upcoming,
        "standing": standing,
        "versions": list(selectors.published_versions(kind).only("number", "effective_on")),
        "url_name": f"legal:{kind}",
    }
    return render(request, "legal/page.html", context)
