"""The site's form renderer builds the commonest widget templates in Python: its HTML must be
the template engine's, byte for byte, for every widget, value and attribute it builds."""

import importlib
from datetime import date

import pytest
from django import forms
from django.apps import apps
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import mark_safe

from core.form_renderer import INPUTS, DirectRenderer

pytestmark = pytest.mark.django_db

DIRECT_RENDERER, TEMPLATES = DirectRenderer(), DjangoTemplates()
NASTY = "<b>\"Tom\" & 'Jerry'</b> 한국어"


def both(template_name: str, context: dict) -> tuple[str, str]:
    return (
        DIRECT_RENDERER.render(template_name, context),
        TEMPLATES.render(template_name, context),
    )


def _field_html(bound: forms.BoundField, renderer) -> tuple[str, str, str]:
    """The widget, the label and the legend of one field, built by `renderer`."""
    bound.form.renderer = renderer
    return (
        bound.as_widget(),
        bound.label_tag(attrs={"class": "x"} if bound.name == "text" else None),
        bound.legend_tag(),
    )


def assert_same_html(form: forms.BaseForm) -> int:
    """Every field's widget, label and legend of `form` as both renderers build them; how
    many fields were compared."""
    for bound in form:
        assert _field_html(bound, DIRECT_RENDERER) == _field_html(bound, TEMPLATES), bound.name
    return len(form.fields)


class EveryWidget(forms.Form):
    text = forms.CharField(label=NASTY, help_text="help", max_length=20)
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": NASTY}))
    number = forms.IntegerField(min_value=0, max_value=10**9)
    decimal = forms.DecimalField(localize=True)
    amount = forms.IntegerField(
        localize=True, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    email = forms.EmailField()
    url = forms.URLField(assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(localize=True)
    clock = forms.TimeField()
    agree = forms.BooleanField(label=mark_safe("I <em>agree</em>"))
    upload = forms.FileField()
    search = forms.CharField(widget=forms.SearchInput)
    phone = forms.CharField(widget=forms.TelInput)
    colour = forms.CharField(widget=forms.ColorInput)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}))
    kind = forms.ChoiceField(choices=[("", "---"), ("a", NASTY), ("b", "B"), (3, 3000)])
    grouped = forms.ChoiceField(
        choices=[
            ("Fruit", [("apple", "Apple"), ("pear", "Pear")]),
            ("x", "Other"),
            (NASTY, [(1, "One")]),
        ]
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    flag = forms.NullBooleanField()
    radios = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.update(
            {
                "disabled": True,
                "readonly": False,
                "data-none": None,
                "data-n": 1234567,
                "aria-x": NASTY,
            }
        )
        self.fields["kind"].widget.attrs["data-safe"] = mark_safe("<i>")


TYPED = {
    "text": NASTY,
    "optional": "",
    "number": "1234567",
    "decimal": "1234.5",
    "amount": "30,000,000",
    "email": "not an email <x>",
    "url": "example.org/a?b=1&c=<2>",
    "password": 'p"w<',
    "hidden": NASTY,
    "day": "2026-12-31",
    "moment": "not a date",
    "clock": "25:99",
    "agree": "on",
    "search": NASTY,
    "phone": "+82 2 123",
    "colour": "#ff0000",
    "notes": 'first line\n<second> & "third"',
    "kind": "a",
    "grouped": "pear",
    "many": ["a", "c"],
    "flag": "true",
    "radios": "b",
}


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize(
    "make",
    [
        lambda: EveryWidget(),
        lambda: EveryWidget(initial={"day": date(2026, 3, 1), "notes": NASTY, "kind": 3}),
        lambda: EveryWidget(data=TYPED),
        lambda: EveryWidget(data={}),
        lambda: EveryWidget(data=TYPED, auto_id=False),
        lambda: EveryWidget(data=TYPED, prefix="p-1", label_suffix=" →"),
    ],
    ids=["empty", "initial", "typed", "missing", "no-ids", "prefixed"],
)
def test_every_widget_is_built_as_the_template_engine_builds_it(make, language):
    with translation.override(language):
        form = make()
        if form.is_bound:
            form.is_valid()  # the errors set aria-invalid and aria-describedby
        assert assert_same_html(form) == len(EveryWidget.base_fields)


def test_a_select_with_another_option_template_goes_to_the_engine_whole():
    class Starred(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    context = Starred(choices=[("a", "A")]).get_context("s", "a", {"id": "s"})
    direct, engine = both("django/forms/widgets/select.html", context)
    assert direct == engine
    assert "<label><input" in direct  # input_option.html, not <option>


def test_templates_it_does_not_build_go_to_the_engine():
    assert DIRECT_RENDERER.render(
        "django/forms/errors/list/ul.html", {"errors": ["x"], "error_class": "errorlist"}
    ) == (
        TEMPLATES.render(
            "django/forms/errors/list/ul.html", {"errors": ["x"], "error_class": "errorlist"}
        )
    )


def test_the_input_templates_it_builds_are_still_only_the_plain_input():
    """Each template taken for a plain <input> must still be exactly that in this Django."""
    include = '{% include "django/forms/widgets/input.html" %}'
    engine = TEMPLATES.engine
    for name in INPUTS:
        if name.endswith("/input.html"):
            continue
        assert engine.get_template(name).template.source.strip() == include, name


def test_the_site_renders_its_forms_with_it():
    assert isinstance(get_default_renderer(), DirectRenderer)
    assert isinstance(EveryWidget().renderer, DirectRenderer)


def _project_forms():
    """Every form class of the project's apps that can be made without arguments."""
    for config in apps.get_app_configs():
        if not config.path.startswith(str(apps.get_app_config("core").path).rsplit("/", 1)[0]):
            continue
        for module_name in ("forms", "appeal_forms"):
            try:
                importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
    found, stack = [], [forms.BaseForm]
    while stack:
        klass = stack.pop()
        stack.extend(klass.__subclasses__())
        if klass.__module__.split(".")[0] in {c.name for c in apps.get_app_configs()} and (
            not klass.__module__.startswith("django")
        ):
            found.append(klass)
    return sorted(set(found), key=lambda k: f"{k.__module__}.{k.__qualname__}")


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_the_projects_own_forms_render_the_same():
    compared = 0
    for klass in _project_forms():
        try:
            form = klass()
        except (TypeError, KeyError, AttributeError, ValueError):
            continue  # needs its objects or its request (allauth's forms)
        for language in ("ko", "en"):
            with translation.override(language):
                compared += assert_same_html(form)
    assert compared > 20
