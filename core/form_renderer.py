"""The site's form renderer: Django's widget templates, the commonest written out in Python.

Django renders every form field through small templates: an `<input>` includes a template for
its attributes, a `<select>` includes one template per `<option>` and each option the attributes
template again, and a `<label>` likewise. Through the template engine that is most of what a
form page costs to build: on the application's technology step (six fields, three of them
selects) the widgets took a third of the page's CPU time, and widgets and labels some 6% of a
founder's walk through every step of `make bench`'s deadline rush, measured in instructions.

`DirectRenderer` builds the HTML of the templates in `DIRECT` itself, with the same escaping,
localisation and whitespace as the templates, and leaves every other template (a form's layout,
an error list, the project's own widgets) to the template engine as Django's renderer does. A
select whose options use another template goes to the engine whole.

tests/core/test_form_renderer.py holds each direct rendering equal, byte for byte, to the
template engine's rendering of Django's template (every kind of widget with values, errors,
attributes and choices, and every form of the project that can be made without arguments), and
checks that each template taken for a plain input is still only Django's input template: a
Django upgrade that changes one of them fails a test instead of changing the markup silently.
"""

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context

WIDGETS = "django/forms/widgets/"
OPTION = WIDGETS + "select_option.html"
# Widgets whose template is only `{% include "django/forms/widgets/input.html" %}`.
INPUTS = tuple(
    WIDGETS + name
    for name in (
        "input.html",
        "text.html",
        "number.html",
        "email.html",
        "url.html",
        "password.html",
        "hidden.html",
        "date.html",
        "datetime.html",
        "time.html",
        "checkbox.html",
        "file.html",
        "search.html",
        "tel.html",
        "color.html",
    )
)


class _TemplateContext:
    """What `{{ value }}` reads of the context in a renderer's template: autoescaping on,
    localisation and time zones as the settings say (the engine's own defaults)."""

    autoescape = True
    use_l10n = None
    use_tz = None


def _text(value) -> str:
    """`{{ value }}`."""
    return render_value_in_context(value, _TemplateContext)


def _as_s(value) -> str:
    """`{{ value|stringformat:'s' }}` ("%s" gives a safe string back as it is, as the filter
    does)."""
    formatted = str(value) if isinstance(value, tuple) else "%s" % (value,)  # noqa: UP031 -- the filter's own formatting
    return _text(formatted)


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html (and django/forms/attrs.html, the same)."""
    parts = []
    for name, value in (attrs or {}).items():
        if value is not False:
            parts.append(" " + _text(name))
            if value is not True:
                parts.append(f'="{_as_s(value)}"')
    return "".join(parts)


def _input(widget) -> str:
    value = widget.get("value")
    shown = f' value="{_as_s(value)}"' if value is not None else ""
    return (
        f'<input type="{_text(widget.get("type"))}" name="{_text(widget.get("name"))}"'
        f"{shown}{_attrs(widget.get('attrs'))}>"
    )


def _textarea(widget) -> str:
    value = widget.get("value")
    return (
        f'<textarea name="{_text(widget.get("name"))}"{_attrs(widget.get("attrs"))}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _option(option) -> str:
    """select_option.html, included: its file ends in a newline, which the include keeps."""
    return (
        f'<option value="{_as_s(option.get("value"))}"{_attrs(option.get("attrs"))}>'
        f"{_text(option.get('label'))}</option>\n"
    )


def _select(widget) -> str | None:
    groups = widget.get("optgroups") or ()
    if any(
        option.get("template_name") != OPTION for _n, options, _i in groups for option in options
    ):
        return None  # an option template of someone else's: the engine renders it
    parts = [f'<select name="{_text(widget.get("name"))}"{_attrs(widget.get("attrs"))}>']
    for group_name, options, _index in groups:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        parts.extend("\n  " + _option(option) for option in options)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _label(context) -> str:
    label = _text(context.get("label"))
    if not context.get("use_tag"):
        return label
    tag = _text(context.get("tag"))
    return f"<{tag}{_attrs(context.get('attrs'))}>{label}</{tag}>"


def _widget(build):
    """A builder for a widget's template: its context holds the widget under "widget"."""
    return lambda context: build(context["widget"]) if "widget" in context else None


DIRECT = {
    **dict.fromkeys(INPUTS, _widget(_input)),
    WIDGETS + "textarea.html": _widget(_textarea),
    WIDGETS + "select.html": _widget(_select),
    "django/forms/label.html": _label,
}


class DirectRenderer(DjangoTemplates):
    """Django's default renderer (DjangoTemplates), with the templates of `DIRECT` built in
    Python."""

    def render(self, template_name, context, request=None):
        build = DIRECT.get(template_name)
        html = build(context) if build is not None else None
        if html is None:
            return super().render(template_name, context, request)
        return html.strip()  # as the engine's rendering: the caller marks it safe
