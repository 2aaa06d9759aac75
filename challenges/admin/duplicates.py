"""Possible duplicates in the applications admin: a list flag, a filter, a change-page panel.
Signals only; nothing here refuses an application."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from challenges import duplicates
from challenges.models import Application, GrantDeclaration
from core.admin import admin_link


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
    """Adds the annotations (challenges.duplicates.with_duplicate_flags) to the list."""

    def get_queryset(self, request):
        return duplicates.with_duplicate_flags(super().get_queryset(request))

    @admin.display(description=_("possible duplicate"), boolean=True)
    def duplicate_flag(self, obj):
        return getattr(obj, "possible_duplicate", None)

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


class GrantDeclarationInline(admin.TabularInline):
    """Other public grants the applicant declared (read-only: the applicant's own answer)."""

    model = GrantDeclaration
    extra = 0
    fields = ["programme", "agency", "amount", "starts_on", "ends_on"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
