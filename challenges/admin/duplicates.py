"""Possible duplicates in the applications admin: a list flag, a filter, a change-page panel.
Signals only; nothing here refuses an application."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from challenges import duplicates
from challenges.models import Application, GrantDeclaration
from core.admin import admin_link
from core.money import format_krw


class DuplicateFilter(admin.SimpleListFilter):
    title = _("possible duplicate")
    parameter_name = "duplicate"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(possible_duplicate=self.value() == "yes")
        return queryset


class DuplicatesAdminMixin:
    """Adds the flag (challenges.duplicates.with_duplicate_flag) to the list."""

    def get_queryset(self, request):
        return duplicates.with_duplicate_flag(super().get_queryset(request))

    @admin.display(description=_("possible duplicate"), boolean=True)
    def duplicate_flag(self, obj):
        return getattr(obj, "possible_duplicate", None)

    @admin.display(description=_("other public grants"))
    def declared_grants(self, obj):
        """The applicant's declarations (중복수혜 확인), read-only."""
        rows = [
            (d.programme, d.agency, format_krw(d.amount), d.starts_on, d.ends_on)
            for d in GrantDeclaration.objects.filter(application=obj.pk)
        ]
        if not rows:
            return "-"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{} ({}): {}, {} – {}</li>", rows)
        )

    @admin.display(description=_("possible duplicates"))
    def duplicate_panel(self, obj):
        found = duplicates.possible_duplicates(obj)
        ids = {pk for key, pks in found.items() if key != "similar_text" for pk in pks}
        ids |= {pk for pk, _score in found["similar_text"]}
        if not ids:
            return _("None found.")
        others = Application.objects.select_related("startup", "challenge").in_bulk(ids)
        labels = {
            "same_startup": _("Same startup (business number) in this or an earlier call"),
            "same_representative": _("Same representative in another startup's application"),
            "shared_document": _("A document with the same content (SHA-256)"),
        }
        rows = [
            (labels[key], admin_link(others[pk], str(others[pk])))
            for key in labels
            for pk in found[key]
        ] + [
            (
                _("Similar project text (%(score)s%%)") % {"score": score},
                admin_link(others[pk], str(others[pk])),
            )
            for pk, score in found["similar_text"]
        ]
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))
