"""Publications of results in the admin: read-only, so staff can follow a job's progress.

Jobs are written by the "Publish the results" action on the calls' list and moved by the
workers (challenges.services.publication); nobody edits them by hand.
"""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from challenges.models import PublicationJob, PublicationStatus


@admin.register(PublicationJob)
class PublicationJobAdmin(admin.ModelAdmin):
    list_display = ["challenge", "status", "progress", "created_by", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["challenge", "created_by"]
    show_full_result_count = False
    fields = [
        "challenge",
        "status",
        "progress",
        "written",
        "created_by",
        "created_at",
        "started_at",
        "heartbeat_at",
        "finished_at",
        "restarts",
        "failures",
        "last_error",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # started by the calls' "Publish the results" action

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("progress"))
    def progress(self, job: PublicationJob) -> str:
        if job.status == PublicationStatus.QUEUED:
            # The first chunk counts the applications (publish_results does not).
            return gettext("Waiting for a worker to start")
        label = gettext("%(done)s of %(total)s applications told") % {
            "done": job.done,
            "total": job.total,
        }
        return format_html(
            '<progress max="100" value="{}" aria-label="{}"></progress> {} ({}%)',
            job.percent,
            label,
            label,
            job.percent,
        )
