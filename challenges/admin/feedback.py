"""Feedback comments in the admin: staff edit, release or withhold each before applicants see
it. Saving goes through challenges.services.feedback.edit_feedback_comment."""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from challenges.models import FeedbackComment
from challenges.services import feedback as feedback_services
from core.admin import run_service


@admin.register(FeedbackComment)
class FeedbackCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "application", "released"]
    list_filter = ["released", "application__challenge"]
    list_select_related = ["application__startup", "application__challenge"]
    show_full_result_count = False
    fields = ["application", "text", "released"]
    readonly_fields = ["application"]
    actions = ["release", "withhold"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        feedback_services.edit_feedback_comment(
            obj, actor=request.user, text=obj.text, released=obj.released
        )

    def _set(self, request, queryset, released, message):
        def service(comment, *, actor):
            return feedback_services.edit_feedback_comment(
                comment, actor=actor, text=comment.text, released=released
            )

        run_service(self, request, queryset, service, message)

    @admin.action(description=gettext_lazy("Release to the applicant"), permissions=["change"])
    def release(self, request, queryset):
        self._set(request, queryset, True, _("%(count)s comments released."))

    @admin.action(description=gettext_lazy("Withhold from the applicant"), permissions=["change"])
    def withhold(self, request, queryset):
        self._set(request, queryset, False, _("%(count)s comments withheld."))
