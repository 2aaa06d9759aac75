"""Admin actions on applications: each loops over the selection and calls the same service a
view would, reporting per application what was done or why it was refused."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from challenges import selectors, services
from challenges.admin.tranches import service_with_form
from challenges.models import DecisionReason, DecisionReasonKind
from core.admin import run_service


def _run(modeladmin, request, queryset, service, done_message, **kwargs):
    return run_service(
        modeladmin,
        request,
        queryset.select_related("startup", "challenge"),
        service,
        done_message,
        **kwargs,
    )


class ReasonForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=pgettext_lazy("decision", "Reason"), queryset=DecisionReason.objects.none()
    )
    note = forms.CharField(
        label=gettext_lazy("Note to the founder (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = DecisionReason.objects.filter(kind=kind, is_active=True)


class AssignForm(forms.Form):
    per_application = forms.IntegerField(
        label=gettext_lazy("Reviewers per application"), min_value=1, max_value=10, initial=3
    )
    due_at = forms.DateTimeField(
        label=gettext_lazy("Reviews due"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    reviewers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Assign these reviewers by hand (leave empty to assign automatically)"),
        queryset=get_user_model().objects.none(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = selectors.reviewer_pool()
        if not self.is_bound:
            self.initial["due_at"] = (timezone.localtime() + timedelta(days=14)).strftime(
                "%Y-%m-%dT18:00"
            )


def _described(application) -> str:
    """An application's line on the intermediate page of an action."""
    return f"{application.startup} — {application.get_status_display()}"


@admin.action(description=gettext_lazy("Move to screening"), permissions=["screen_application"])
def move_to_screening(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        services.move_to_screening,
        lambda n: ngettext(
            "%(count)s application moved to screening.",
            "%(count)s applications moved to screening.",
            n,
        ),
    )


@admin.action(
    description=gettext_lazy("Screening passed: send to review"), permissions=["screen_application"]
)
def start_review(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        services.start_review,
        lambda n: ngettext(
            "%(count)s application sent to review.", "%(count)s applications sent to review.", n
        ),
    )


@admin.action(description=gettext_lazy("Shortlist"), permissions=["select_application"])
def shortlist(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        services.shortlist,
        lambda n: ngettext(
            "%(count)s application shortlisted.", "%(count)s applications shortlisted.", n
        ),
    )


@admin.action(description=gettext_lazy("Invite to interview"), permissions=["select_application"])
def invite_to_interview(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        services.invite_to_interview,
        lambda n: ngettext(
            "%(count)s application invited to an interview.",
            "%(count)s applications invited to an interview.",
            n,
        ),
    )


@admin.action(
    description=gettext_lazy("Select (told when results are published)"),
    permissions=["select_application"],
)
def select(modeladmin, request, queryset):
    _run(
        modeladmin,
        request,
        queryset,
        services.select_application,
        lambda n: ngettext(
            "%(count)s application selected.", "%(count)s applications selected.", n
        ),
    )


def _with_reason(modeladmin, request, queryset, *, kind, service, title, action, done):
    return service_with_form(
        modeladmin,
        request,
        queryset.select_related("startup", "challenge"),
        service=service,
        done=done,
        form_class=ReasonForm,
        form_kwargs={"kind": kind},
        title=title,
        action=action,
        describe=_described,
    )


@admin.action(
    description=gettext_lazy("Mark ineligible (with reason)"), permissions=["screen_application"]
)
def mark_ineligible(modeladmin, request, queryset):
    return _with_reason(
        modeladmin,
        request,
        queryset,
        kind=DecisionReasonKind.INELIGIBLE,
        service=services.mark_ineligible,
        title=_("Mark ineligible"),
        action="mark_ineligible",
        done=lambda n: ngettext(
            "%(count)s application marked ineligible.",
            "%(count)s applications marked ineligible.",
            n,
        ),
    )


@admin.action(
    description=gettext_lazy("Do not select (with reason)"), permissions=["select_application"]
)
def not_select(modeladmin, request, queryset):
    return _with_reason(
        modeladmin,
        request,
        queryset,
        kind=DecisionReasonKind.NOT_SELECTED,
        service=services.not_select_application,
        title=_("Do not select"),
        action="not_select",
        done=lambda n: ngettext(
            "%(count)s application not selected.", "%(count)s applications not selected.", n
        ),
    )


@admin.action(description=gettext_lazy("Assign reviewers"), permissions=["assign_reviewers"])
def assign_reviewers(modeladmin, request, queryset):
    return modeladmin.action_with_form(
        request,
        queryset.select_related("startup", "challenge"),
        describe=_described,
        form_class=AssignForm,
        title=_("Assign reviewers"),
        action="assign_reviewers",
        run=lambda data: _assign(modeladmin, request, queryset, data),
    )


def _assign(modeladmin, request, queryset, data) -> None:
    due_at = data["due_at"]
    reviewers = data["reviewers"]
    if not reviewers:
        created, missing = services.auto_assign_reviewers(
            queryset,
            per_application=data["per_application"],
            actor=request.user,
            due_at=due_at,
        )
        modeladmin.message_user(
            request,
            ngettext("%(count)s assignment made.", "%(count)s assignments made.", len(created))
            % {"count": len(created)},
            messages.SUCCESS,
        )
        if missing:
            modeladmin.message_user(
                request,
                ngettext(
                    "Not enough reviewers without a conflict for %(count)s application.",
                    "Not enough reviewers without a conflict for %(count)s applications.",
                    len(missing),
                )
                % {"count": len(missing)},
                messages.WARNING,
            )
        return
    for reviewer in reviewers:
        _run(
            modeladmin,
            request,
            queryset,
            services.assign_reviewer,
            lambda n, reviewer=reviewer: ngettext(
                "%(count)s application given to %(reviewer)s.",
                "%(count)s applications given to %(reviewer)s.",
                n,
            ).replace("%(reviewer)s", str(reviewer)),
            reviewer=reviewer,
            due_at=due_at,
        )


ACTIONS = [
    move_to_screening,
    mark_ineligible,
    start_review,
    assign_reviewers,
    shortlist,
    invite_to_interview,
    select,
    not_select,
]
