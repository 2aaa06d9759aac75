"""Pages that bring several apps together. Apps never import this module."""

from django.shortcuts import render

from partners.selectors import programme_partners


def home(request):
    return render(request, "home.html", {"partners": programme_partners()})
