"""core.admin: links to the admin and the one admin action that asks for a value first."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.utils import translation

from accounts.models import Startup
from core.admin import ActionWithFormMixin, admin_link
from tests.factories import StaffFactory, StartupFactory

pytestmark = pytest.mark.django_db


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason")


class StartupActions(ActionWithFormMixin, admin.ModelAdmin):
    pass


def run_action(data, ran):
    request = RequestFactory().post("/admin/accounts/startup/", data)
    request.user = StaffFactory()
    request.session = {}
    request._messages = FallbackStorage(request)
    model_admin = StartupActions(Startup, admin.site)
    return model_admin.action_with_form(
        request,
        Startup.objects.order_by("pk"),
        form_class=ReasonForm,
        title="Close",
        action="close",
        run=ran.append,
        describe=lambda startup: f"{startup.name} (closing)",
    )


def test_admin_link_is_the_change_page_path_or_a_link_to_it():
    startup = StartupFactory(name="홍릉 <바이오>")
    path = f"/admin/accounts/startup/{startup.pk}/change/"
    assert (admin_link(startup), admin_link(startup, startup.name)) == (
        path,
        f'<a href="{path}">홍릉 &lt;바이오&gt;</a>',
    )


def test_action_with_form_asks_first_listing_the_selection():
    startup = StartupFactory(name="하나")
    ran = []
    with translation.override("en"):
        response = run_action({"action": "close", helpers.ACTION_CHECKBOX_NAME: [startup.pk]}, ran)
        html = response.render().content.decode()
    assert ran == []
    assert response.template_name == "admin/core/action_form.html"
    assert "하나 (closing)" in html
    assert f'name="_selected_action" value="{startup.pk}"' in html
    assert 'name="action" value="close"' in html
    assert 'value="Confirm"' in html


def test_action_with_form_runs_once_the_form_is_valid():
    StartupFactory()
    ran = []
    response = run_action({"action": "close", "apply": "1", "reason": "merged"}, ran)
    assert (response, ran) == (None, [{"reason": "merged"}])


def test_action_with_form_shows_the_error_and_runs_nothing_when_invalid():
    StartupFactory()
    ran = []
    with translation.override("en"):
        response = run_action({"action": "close", "apply": "1", "reason": ""}, ran)
        html = response.render().content.decode()
    assert ran == []
    assert "This field is required." in html
