from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from notifications import selectors, services


@login_required
def inbox(request):
    page = Paginator(selectors.inbox_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
def detail(request, pk: int):
    notification = get_object_or_404(selectors.inbox_for(request.user), pk=pk)
    services.mark_read(notification)
    subject, body_text, _html = services.render_notification(notification)
    return render(
        request,
        "notifications/detail.html",
        {"notification": notification, "subject": subject, "body_text": body_text},
    )


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(request.user)
    return redirect("notifications:inbox")
