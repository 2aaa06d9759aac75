"""The rows of a big admin list (core.admin.BigListAdminMixin), rendered as Django renders them.

Django's row loop (admin_list.items_for_result) works out again for every cell what its
column is (looking the name up as a field, which raises FieldDoesNotExist for every method
column), its empty value, its CSS classes, the boolean icons' static URLs and the row link,
and the change list template then renders each cell through the template engine. For a
100-row page that is half of the page's time. Here what belongs to a column is worked out
once per page and each row is one string; the HTML is the same, cell for cell
(tests/core/test_admin_rows.py compares the two for every big list).

Lists with editable columns (list_editable) keep Django's loop.
"""

import datetime

from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _boolean_icon,
    _coerce_field_name,
)
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def rows(cl) -> list[ResultList]:
    """The page's rows, each a ResultList holding the row's cells as one safe string."""
    icons = {value: _boolean_icon(value) for value in (True, False, None)}
    columns, first = [], True
    for index, name in enumerate(cl.list_display):
        links = _links(cl, name, first)
        columns.append(Column(cl, name, index, links=links, first=first, icons=icons))
        first = first and not links
    return [
        # each cell escapes what it shows (Column.cell)
        ResultList(None, [mark_safe("".join([column.cell(row) for column in columns]))])  # noqa: S308
        for row in cl.result_list
    ]


def _links(cl, name, first: bool) -> bool:
    """Whether the column links to the row's change page (admin_list's link_in_col)."""
    if cl.list_display_links is None:
        return False
    if first and not cl.list_display_links:
        return True
    return name in cl.list_display_links


class Column:
    """One column of the list: how to read a row's value and how Django shows it."""

    def __init__(self, cl, name, index: int, *, links: bool, first: bool, icons: dict):
        model_admin = cl.model_admin
        self.cl, self.name, self.links, self.icons = cl, name, links, icons
        self.tag = "th" if links and first else "td"
        self.field = self.method = None
        try:
            self.field = _get_non_gfk_field(cl.lookup_opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            if callable(name):
                self.method = name
            elif hasattr(model_admin, name) and name != "__str__":
                self.method = getattr(model_admin, name)
        # A field Django shows as a field; an automatic one (the id) it shows as a value.
        self.shown_field = None if self.field is None or self.field.auto_created else self.field
        # What Django reads `boolean` and `empty_value_display` from (lookup_field's attr).
        described = self.method
        if self.field is None and self.method is None:
            described = getattr(cl.model, name, None)
        self.boolean = getattr(described, "boolean", False)
        if isinstance(described, property) and hasattr(described, "fget"):
            self.boolean = getattr(described.fget, "boolean", False)
        self.empty = getattr(described, "empty_value_display", None)
        if self.empty is None or self.field is not None:
            self.empty = model_admin.get_empty_value_display()
        classes = [f"field-{_coerce_field_name(name, index)}"]
        if self.field is None and name == "action_checkbox":
            classes = ["action-checkbox"]
        if isinstance(self.shown_field, models.DateField | models.TimeField | models.ForeignKey):
            classes.append("nowrap")
        self.classes = SafeString(f' class="{" ".join(classes)}"')
        self.nowrap = SafeString(f' class="{" ".join([*classes, "nowrap"])}"')
        self.plain = SafeString(f' class="field-{_coerce_field_name(name, index)}"')

    def cell(self, row) -> str:
        try:
            value = self.value(row)
        except ObjectDoesNotExist:
            shown, classes = self.cl.model_admin.get_empty_value_display(), self.plain
        else:
            if isinstance(value, str) and value.strip() == "":
                value = ""
            shown, classes = self.shown(value), self.classes
            if self.shown_field is None and isinstance(value, datetime.date | datetime.time):
                classes = self.nowrap
        if self.links:
            shown = self.link(row, shown)
        return f"<{self.tag}{classes}>{conditional_escape(shown)}</{self.tag}>"

    def value(self, row):
        if self.field is not None:
            return getattr(row, self.name)
        if self.method is not None:
            return self.method(row)
        return lookup_field(self.name, row, self.cl.model_admin)[2]

    def shown(self, value):
        field = self.shown_field
        if field is None:
            return self.icons[value] if self.boolean else display_for_value(value, self.empty)
        if isinstance(field.remote_field, models.ManyToOneRel):
            return self.empty if value is None else value
        if isinstance(field, models.BooleanField) and not getattr(field, "flatchoices", None):
            return self.icons[value]
        return display_for_field(value, field, self.empty, avoid_link=self.links)

    def link(self, row, shown):
        cl = self.cl
        url = cl.url_for_result(row)  # with the list's filters (core.admin.BigChangeList)
        if not cl.is_popup:
            return format_html('<a href="{}">{}</a>', url, shown)
        value = row.serializable_value(str(cl.to_field) if cl.to_field else cl.pk_attname)
        opener = format_html(' data-popup-opener="{}"', value)
        return format_html('<a href="{}"{}>{}</a>', url, opener, shown)
