from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from challenges import ranking, ranking_exports, services
from challenges.admin.outcomes import schedule_outcome_surveys
from challenges.models import (
    Challenge,
    ChallengeAttachment,
    ChallengeFAQ,
    ChallengeMilestone,
    ChallengeStatus,
    RubricCriterion,
)
from challenges.services import feedback as feedback_services
from core.admin import (
    ActionWithFormMixin,
    AuditHistoryMixin,
    LabelledInputsMixin,
    LabelledTabularInline,
    has_model_permission,
)
from core.exceptions import DomainError
from core.timefmt import format_datetime
from core.uploads import DocumentField


class FAQInline(admin.StackedInline):
    model = ChallengeFAQ
    extra = 0


class AttachmentForm(forms.ModelForm):
    file = DocumentField(label=_("file"), allowed_kinds=("pdf", "docx", "xlsx", "pptx"))

    class Meta:
        model = ChallengeAttachment
        fields = ["sort_order", "kind", "title_ko", "title_en", "file"]


class AttachmentInline(admin.StackedInline):
    """The call's announcement (공고문) and templates: public files of a published call."""

    model = ChallengeAttachment
    form = AttachmentForm
    extra = 0
    readonly_fields = ["original_name", "size", "sha256"]


# Text boxes that share their row's width (static/css/admin.css) instead of the admin's 20em
# inputs and 48em text areas: the call's page fits a 1280 px screen.
NARROW_TEXT_BOXES = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 20})},
    models.CharField: {"widget": forms.TextInput(attrs={"size": 14})},
}


class MilestoneInline(LabelledTabularInline):
    model = ChallengeMilestone
    extra = 0
    formfield_overrides = NARROW_TEXT_BOXES


class CriterionInline(LabelledTabularInline):
    """Eight columns on one row, within 1280 px (it was 2,298 px wide)."""

    model = RubricCriterion
    extra = 0
    formfield_overrides = NARROW_TEXT_BOXES
    fields = ["sort_order", "name_ko", "name_en", "weight", "scale_min", "scale_max", "guidance_ko",
              "guidance_en"]  # fmt: skip


@admin.register(Challenge)
class ChallengeAdmin(ActionWithFormMixin, LabelledInputsMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["title_ko", "title_en", "opens_at", "closes_at", "is_published", "status_label"]
    list_filter = ["is_published", "therapeutic_areas"]
    search_fields = ["title_ko", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    # Three areas: check boxes, not the two-list filter widget (whose script puts an aria-label
    # on a plain <span>, which screen readers may ignore).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    inlines = [MilestoneInline, FAQInline, AttachmentInline, CriterionInline]
    readonly_fields = ["results_published_at", "review_links"]
    actions = ["publish_results", "prepare_feedback", schedule_outcome_surveys]
    fieldsets = [
        (None, {"fields": ["slug", "is_published", "title_ko", "title_en"]}),
        (_("Texts"), {"fields": ["summary_ko", "summary_en", "description_ko", "description_en"]}),
        (_("Dates"), {"fields": ["opens_at", "closes_at", "results_published_at"]}),
        (
            _("Eligibility"),
            {
                "fields": [
                    "therapeutic_areas",
                    "seoul_required",
                    "max_company_age_years",
                    "pre_founders_allowed",
                ]
            },
        ),
        (
            _("Benefits and budget"),
            {
                "fields": [
                    "max_grant_amount",
                    "number_of_awards",
                    "total_budget",
                    "offers_coaching",
                    "offers_networking",
                    "benefits_ko",
                    "benefits_en",
                ]
            },
        ),
        (_("Contact"), {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        (_("Review"), {"fields": ["blind_review", "review_links"]}),
        (
            _("Fair selection"),
            {
                "fields": [
                    "representative_submits",
                    "feedback_enabled",
                    "feedback_release_at",
                    "appeal_window_days",
                ]
            },
        ),
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is not ChallengeAttachment:
            return super().save_formset(request, form, formset, change)
        # Attachments go through the service: checked file metadata, audit, files on commit.
        formset.save(commit=False)
        for attachment in formset.deleted_objects:
            services.remove_challenge_attachment(attachment, actor=request.user)
        for attachment_form in formset.forms:
            if attachment_form in formset.deleted_forms or not attachment_form.has_changed():
                continue
            upload = attachment_form.cleaned_data.get("file")
            services.save_challenge_attachment(
                attachment_form.instance,
                actor=request.user,
                uploaded_file=upload if hasattr(upload, "checked") else None,
            )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.add_default_rubric(obj, actor=request.user)

    @admin.display(description=_("ranking"))
    def review_links(self, obj):
        if obj.pk is None:
            return "-"
        url = reverse("admin:challenges_challenge_ranking", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a>', url, gettext("Ranking of the reviewed applications")
        )

    def has_publish_results_permission(self, request):
        return has_model_permission(self, request, "publish_results")

    @admin.action(
        description=_("Prepare the feedback to applicants (and tell those released)"),
        permissions=["publish_results"],
    )
    def prepare_feedback(self, request, queryset):
        for challenge in queryset:
            count = feedback_services.prepare_challenge_feedback(challenge, actor=request.user)
            self.message_user(
                request,
                gettext("%(challenge)s: feedback prepared, %(count)s notifications queued.")
                % {"challenge": challenge, "count": count},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Publish the results (tells every applicant)"),
        permissions=["publish_results"],
    )
    def publish_results(self, request, queryset):
        for challenge in queryset:
            try:
                published = services.publish_results(challenge, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{challenge}: {error}", messages.ERROR)
                continue
            job = published.job
            params = {
                "challenge": challenge,
                "published": format_datetime(published.published_at),
            }
            if published.joined:
                message = gettext("%(challenge)s: the results are being published already.")
            elif published.first_time:
                message = gettext(
                    "%(challenge)s: results published; every decided applicant is being told "
                    "their outcome."
                )
            else:
                message = gettext(
                    "%(challenge)s: the results were already published on %(published)s. "
                    "Anyone not told yet (a member added since) is being told now."
                )
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    message % params,
                    reverse("admin:challenges_publicationjob_change", args=[job.pk]),
                    gettext("See the progress"),
                ),
                messages.SUCCESS if published.first_time else messages.INFO,
            )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/ranking/", view(self.ranking_view), name="challenges_challenge_ranking"),
            path(
                "<int:pk>/ranking.<str:fmt>",
                view(self.ranking_export),
                name="challenges_challenge_ranking_export",
            ),
            *super().get_urls(),
        ]

    def ranking_view(self, request, pk: int):
        """Raw and normalised scores side by side, with ranks, disagreement and reviewers."""
        challenge = get_object_or_404(Challenge, pk=pk)
        if not self.has_view_permission(request, challenge):
            return HttpResponse(status=403)
        result = ranking.ranking_for(challenge)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Ranking: %(challenge)s") % {"challenge": challenge},
            "challenge": challenge,
            "ranking": result,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/challenges/challenge/ranking.html", context)

    def ranking_export(self, request, pk: int, fmt: str):
        challenge = get_object_or_404(Challenge, pk=pk)
        if not self.has_view_permission(request, challenge) or fmt not in ("csv", "xlsx"):
            return HttpResponse(status=404 if fmt not in ("csv", "xlsx") else 403)
        result = ranking.ranking_for(challenge)
        parts = (result.ranking, result.applications, result.reviewer_names)
        if fmt == "csv":
            body, content_type = ranking_exports.ranking_csv(*parts), "text/csv; charset=utf-8"
        else:
            body = ranking_exports.ranking_xlsx(*parts)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="ranking-{challenge.slug}.{fmt}"'
        return response

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return ChallengeStatus(obj.status).label
