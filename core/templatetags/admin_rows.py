"""`{% big_result_list cl %}`: Django's `{% result_list %}`, with the rows of a big list
rendered once per column instead of once per cell (core.admin_rows)."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_list
from django.contrib.admin.templatetags.base import InclusionAdminNode

from core.admin_rows import rows

register = template.Library()


def big_result_list(cl) -> dict:
    if cl.formset is not None or not getattr(cl, "rows_at_once", False):
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],  # only editable lists have them
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows(cl),
    }


@register.tag(name="big_result_list")
def big_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=big_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
