from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.exceptions import DomainError
from notifications.models import Notification
from notifications.outbox import resend_notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "channel", "email", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["email", "kind", "key", "subject"]
    show_full_result_count = False
    date_hierarchy = "created_at"
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
