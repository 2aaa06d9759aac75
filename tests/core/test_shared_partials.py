"""The shared template partials in templates/includes/."""

from django import forms
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


class ContactForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As on your ID")
    agree = forms.BooleanField(label="I agree")


def test_field_partial_links_label_help_and_error_to_the_input():
    form = ContactForm(data={"agree": "on"})
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["name"]})
    assert '<label for="id_name">Name:</label>' in html
    assert '<div class="form-text" id="id_name_helptext">As on your ID</div>' in html
    assert '<ul class="errorlist" id="id_name_error">' in html
    assert 'class="form-field has-error"' in html


def test_field_partial_puts_a_checkbox_before_its_label():
    html = render_to_string("includes/field.html", {"field": ContactForm()["agree"]})
    assert html.index('type="checkbox"') < html.index("<label")
    assert 'class="form-field checkbox"' in html


def test_error_summary_links_each_error_to_its_field():
    form = ContactForm(data={})
    form.is_valid()
    with translation.override("en"):
        html = render_to_string("includes/error_summary.html", {"form": form})
    assert "There is a problem" in html
    assert '<a href="#id_name">Name: This field is required.</a>' in html
    assert '<a href="#id_agree">I agree: This field is required.</a>' in html


def test_error_summary_is_empty_for_a_form_without_errors():
    assert render_to_string("includes/error_summary.html", {"form": ContactForm()}).strip() == ""


def test_pagination_keeps_the_other_query_parameters():
    request = RequestFactory().get("/events/", {"kind": "seminar", "page": "2"})
    page = Paginator(range(30), 10).page(2)
    html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    assert 'href="?kind=seminar&amp;page=1"' in html
    assert 'href="?kind=seminar&amp;page=3"' in html


def test_email_button_links_to_the_page_on_the_site():
    html = render_to_string(
        "includes/email_button.html",
        {"site_url": "https://biohub.example", "url": "/events/x/", "label": "Open <it>"},
    )
    assert html.strip().startswith('<p><a href="https://biohub.example/events/x/" style="')
    assert ">Open &lt;it&gt;</a></p>" in html
