"""Pages that bring several apps together. Apps never import this module."""

from django.shortcuts import render

from challenges.selectors import open_challenges
from events.selectors import upcoming_events
from partners.selectors import programme_partners


def home(request):
    return render(
        request,
        "home.html",
        {
            "partners": programme_partners(),
            "open_challenges": open_challenges()[:3],
            "upcoming_events": upcoming_events()[:3],
        },
    )
