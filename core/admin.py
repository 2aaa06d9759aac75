from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.audit import describe, history_for, registered_actions
from core.exceptions import DomainError
from core.models import AuditEntry, DestructionLog
from core.timefmt import format_datetime


class CappedCount(int):
    """A row count that stopped at the cap: compares as a number, reads "10,000+"."""

    def __str__(self) -> str:
        return f"{self - 1:,}+"


class CappedCountPaginator(Paginator):
    """Counts at most `cap` + 1 rows (COUNT over a LIMIT subquery), so a list of 100,000 rows
    costs what a list of 10,001 does. Past the cap the count reads "10,000+" and the pages
    after the last numbered one still open (they are found by OFFSET, not by the count)."""

    cap = 10_000

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            # Only the keys, unsorted: the columns' annotations are not computed to count.
            counted = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        else:
            counted = len(self.object_list[: self.cap + 1])
        return CappedCount(counted) if counted > self.cap else counted

    @property
    def capped(self) -> bool:
        return isinstance(self.count, CappedCount)

    def validate_number(self, number):
        if not self.capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        if not self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


class BigChangeList(ChangeList):
    """A changelist whose rows link to their change pages with the list's filters, like
    Django's, but with the link worked out once per page instead of once per row: Django
    reverses every row's URL and resolves it again against the whole URLconf to decide how
    to add the filters (add_preserved_filters), a third of a 100-row page's time."""

    PLACEHOLDER = "BIGLISTPK"
    rows_at_once = True  # {% big_result_list %} renders the rows with core.admin_rows

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_query = self.preserved_filters  # "_changelist_filters=…", or ""
        self.preserved_filters = ""  # the row links below carry them already

    @cached_property
    def _change_url(self) -> str:
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=(self.PLACEHOLDER,),
            current_app=self.model_admin.admin_site.name,
        )
        return self._with_filters(url)

    def url_for_result(self, result) -> str:
        key = str(quote(getattr(result, self.pk_attname)))
        if not (key.isascii() and key.replace("_", "").isalnum()):
            # reverse() would escape it further
            return self._with_filters(super().url_for_result(result))
        return self._change_url.replace(self.PLACEHOLDER, key, 1)

    def _with_filters(self, url: str) -> str:
        return f"{url}?{self.row_query}" if self.row_query else url


class BigListAdminMixin:
    """For lists that reach 100,000 rows: the page costs the same at 1,000 and 100,000.

    No exact COUNT (capped paginator, no full count), no facet counts, the action check box
    written directly instead of rendered through the form widget's template for every row, and
    the rows' links built once per page (BigChangeList).
    Such admins use no `date_hierarchy` (its DISTINCT date_trunc reads every row; use
    `admin.DateFieldListFilter`, whose choices are fixed) and no filter whose choices come from
    a DISTINCT over the table (AllValuesFieldListFilter, RelatedOnlyFieldListFilter).
    """

    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def get_changelist(self, request, **kwargs):
        return BigChangeList

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )


class AuditActionFilter(admin.SimpleListFilter):
    """The actions the apps registered sentences for: no DISTINCT over the whole log."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(action, action) for action in sorted(registered_actions())]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(BigListAdminMixin, admin.ModelAdmin):
    """The audit log is evidence: readable by staff, never changed through the admin."""

    list_display = ["created_at", "sentence", "object_repr", "actor"]
    list_filter = [("created_at", admin.DateFieldListFilter), AuditActionFilter, "content_type"]
    search_fields = ["object_repr", "action", "actor__email"]
    list_select_related = ["actor", "content_type"]
    readonly_fields = [
        "created_at",
        "actor",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "sentence",
        "data",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("what happened"))
    def sentence(self, entry):
        return describe(entry)


@admin.register(DestructionLog)
class DestructionLogAdmin(admin.ModelAdmin):
    """파기 대장: what the retention job destroyed (no personal values); evidence, read-only."""

    list_display = [
        "destroyed_at",
        "category",
        "model",
        "rule",
        "method",
        "count",
        "policy_version",
    ]
    list_filter = ["category", "method", "policy_version"]
    show_full_result_count = False
    date_hierarchy = "destroyed_at"
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ManageThroughServicesMixin:
    """Read-only in the admin forms: every change goes through an action (a service call).

    The actions ask for "manage", which is the model's change permission: the admin never
    uses it for its forms here, so it only says who may run the services.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_manage_permission(self, request):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


def has_model_permission(modeladmin, request, codename: str) -> bool:
    """Whether the user holds `codename` (a custom permission of the admin's model's app)."""
    return request.user.has_perm(f"{modeladmin.model._meta.app_label}.{codename}")


class AuditHistoryMixin:
    """Adds a read-only "history" panel with the object's audit entries to a ModelAdmin."""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "audit_history"]

    @admin.display(description=_("audit trail"))
    def audit_history(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        entries = history_for(obj)[:50]
        return (
            format_html_join(
                "\n",
                "<div>{} · {}</div>",
                ((format_datetime(e.created_at), describe(e)) for e in entries),
            )
            or "-"
        )


class LabelledInputsMixin:
    """Gives an accessible name to the inputs the admin leaves without one.

    The date-and-time widget shows "Date:" and "Time:" as bare text and the field's label points
    at neither box; a tabular inline shows its labels only as column headings. A screen reader
    would announce "edit text" with no name (axe: `label`, critical). For a ModelAdmin or an
    inline; formfield_for_dbfield runs on each request, in the staff member's language.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None:
            return None
        label = str(capfirst(formfield.label))
        widget = formfield.widget
        if isinstance(widget, RelatedFieldWidgetWrapper):
            widget = widget.widget
        if isinstance(widget, forms.SplitDateTimeWidget):
            date_box, time_box = widget.widgets
            date_box.attrs["aria-label"] = gettext("%(field)s: date") % {"field": label}
            time_box.attrs["aria-label"] = gettext("%(field)s: time") % {"field": label}
        elif isinstance(self, admin.TabularInline):
            widget.attrs.setdefault("aria-label", label)
        return formfield


class LabelledInlineFormSet(BaseInlineFormSet):
    """A tabular inline's "delete" box sits in a cell under a heading, with no label."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = gettext("Delete")


class LabelledTabularInline(LabelledInputsMixin, admin.TabularInline):
    """A TabularInline whose every input has an accessible name."""

    formset = LabelledInlineFormSet


def run_service(modeladmin, request, objects, service, done_message, **kwargs) -> int:
    """What every admin action does: call `service(obj, actor=..., **kwargs)` on each object,
    one error message per refusal (DomainError) and one success message for the rest.

    `done_message` is a text with %(count)s, or a function of the count (for ngettext).
    """
    done = 0
    for obj in objects:
        try:
            service(obj, actor=request.user, **kwargs)
        except DomainError as error:
            modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
        else:
            done += 1
    if done:
        text = done_message(done) if callable(done_message) else done_message
        modeladmin.message_user(request, text % {"count": done}, messages.SUCCESS)
    return done


def admin_link(obj, text=None) -> str:
    """The admin change page of `obj`: its path (for a notification's "url"), or with
    `text` a safe HTML link to it (for a list column or a read-only field)."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    if text is None:
        return url
    return format_html('<a href="{}">{}</a>', url, text)


class ActionWithFormMixin:
    """Admin actions that first ask for a value (a reason, an amount) on an intermediate page.

    The action calls `self.action_with_form(...)` (or, as a module-level function, the
    same method on `modeladmin`); the page, admin/core/action_form.html, lists the
    selection, shows the form, and posts back to the same action with "apply":

        @admin.action(description=_("Decline (with reason)"), permissions=["approve_booking"])
        def decline(modeladmin, request, queryset):
            return modeladmin.action_with_form(
                request, queryset, form_class=DeclineForm, title=_("Decline bookings"),
                action="decline", submit_label=_("Decline"),
                run=lambda data: run_service(modeladmin, request, queryset,
                                             services.decline_booking, _("%(count)s declined."),
                                             reason=data["reason"]),
            )
    """

    action_form_template = "admin/core/action_form.html"

    def action_with_form(
        self,
        request,
        queryset,
        *,
        form_class,
        title,
        action: str,
        run,
        initial=None,
        form_kwargs=None,
        submit_label=None,
        describe=str,
    ):
        """Run `run(form.cleaned_data)` once the posted form is valid and return None (back to
        the list); otherwise the intermediate page. `describe(obj)` is each selected row's
        line on that page; `submit_label` the button's text ("Confirm" by default)."""
        applying = "apply" in request.POST
        form = form_class(
            request.POST if applying else None, initial=initial, **(form_kwargs or {})
        )
        if applying and form.is_valid():
            run(form.cleaned_data)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "queryset": queryset,
            "items": [(obj.pk, describe(obj)) for obj in queryset],
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "submit_label": submit_label or gettext("Confirm"),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, self.action_form_template, context)
