"""`{% kept_app_list %}`: the admin's navigation sidebar, kept per person (core.fragments).

The sidebar lists every app and model the person may see, with its add link, on every admin
page: building the list asks the permission of each of some forty model admins and rendering it
runs the template engine over each. What it shows changes only with the person's permissions
(the variant names the viewer token, which every change to them replaces: accounts.signals),
the language, the section the page is in (highlighted) and the site identity (whose add link
goes once it exists: topics.ADMIN_APPS).
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from accounts import topics
from accounts.viewer import person_token
from core.fragments import kept

register = template.Library()


def section(path: str, root: str) -> str:
    """The part of the path the sidebar highlights by: the admin's root, the app and the model
    (`/admin/challenges/application/` for any page of applications). Every app's and model's
    address is such a prefix, so the highlighting is the same for every page of a section."""
    if not path.startswith(root):
        return path
    return root + "".join(f"{part}/" for part in path[len(root) :].split("/")[:2] if part)


@register.simple_tag(takes_context=True)
def kept_app_list(context) -> str:
    request = context["request"]

    def build() -> str:
        return render_to_string(
            "admin/app_list.html",
            {"app_list": context["available_apps"], "show_changelinks": False},
            request=request,
        )

    token = person_token(request)
    if token is None:
        html = build()
    else:
        here = section(request.path, reverse("admin:index"))
        variant = (token, translation.get_language(), here)
        html = kept("admin-sidebar", variant, [topics.ADMIN_APPS], build)
    return mark_safe(html)  # noqa: S308  (the template engine's output, escaped there)
