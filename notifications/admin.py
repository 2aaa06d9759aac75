import functools
from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.template.utils import get_app_template_dirs
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import BigListAdminMixin
from core.exceptions import DomainError
from notifications.channels import Channel
from notifications.models import Notification
from notifications.outbox import resend_notification


@functools.cache
def known_kinds() -> list[str]:
    """Every kind that has its templates: kind "accounts.startup_invitation" reads
    notifications/accounts/startup_invitation/body.txt (notifications.delivery)."""
    roots = [*get_app_template_dirs("templates"), *map(Path, settings.TEMPLATES[0]["DIRS"])]
    return sorted(
        {
            ".".join(body.parent.relative_to(root / "notifications").parts)
            for root in roots
            for body in (root / "notifications").glob("**/body.txt")
        }
    )


class KindFilter(admin.SimpleListFilter):
    """The kinds found among the templates, not by a DISTINCT over every notification."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind, kind) for kind in known_kinds()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class ChannelFilter(admin.SimpleListFilter):
    """The channels the code knows (the field has no choices of its own)."""

    title = _("channel")
    parameter_name = "channel"

    def lookups(self, request, model_admin):
        return Channel.choices

    def queryset(self, request, queryset):
        return queryset.filter(channel=self.value()) if self.value() else queryset


@admin.register(Notification)
class NotificationAdmin(BigListAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "channel", "email", "status", "attempts", "sent_at"]
    list_filter = [("created_at", admin.DateFieldListFilter), "status", ChannelFilter, KindFilter]
    search_fields = ["email", "kind", "key", "subject"]
    actions = ["resend"]
    readonly_fields = [f.name for f in Notification._meta.fields if f.name not in ("id",)]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected notifications again"), permissions=["change"])
    def resend(self, request, queryset):
        count = 0
        for notification in queryset:
            try:
                resend_notification(notification, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{notification}: {error}", messages.ERROR)
            else:
                count += 1
        self.message_user(
            request,
            ngettext("%d notification queued again.", "%d notifications queued again.", count)
            % count,
            messages.SUCCESS,
        )
