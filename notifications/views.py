from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from core import fragments
from core.responses import ics_response
from notifications import inbox as inbox_services
from notifications import selectors


@login_required
def inbox(request):
    user = request.user

    def rows() -> str:
        page = Paginator(selectors.inbox_for(user), 20).get_page(request.GET.get("page"))
        return render_to_string("notifications/_inbox_list.html", {"page": page}, request)

    kept = fragments.kept(
        "inbox", fragments.for_viewer(request), [selectors.inbox_topic(user.pk)], rows
    )
    return render(request, "notifications/inbox.html", {"inbox": kept})


@login_required
def detail(request, pk: int):
    notification = get_object_or_404(selectors.inbox_for(request.user), pk=pk)
    inbox_services.mark_read(notification)
    subject, summary = inbox_services.inbox_summary(notification)
    return render(
        request,
        "notifications/detail.html",
        {
            "notification": notification,
            "subject": subject,
            "summary": summary,
        },
    )


@login_required
def invitation(request, pk: int):
    """The .ics the email carried, for people who read the inbox instead of the email."""
    notification = get_object_or_404(selectors.inbox_for(request.user), pk=pk)
    if not notification.invitation:
        raise Http404
    return ics_response(notification.invitation, filename=f"invitation-{notification.pk}.ics")


@login_required
@require_POST
def mark_all_read(request):
    inbox_services.mark_all_read(request.user)
    return redirect("notifications:inbox")
