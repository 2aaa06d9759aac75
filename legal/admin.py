from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import has_model_permission
from core.exceptions import DomainError
from legal import services
from legal.models import SITE_IDENTITY_PK, ConsentRecord, LegalDocument, LegalVersion, SiteIdentity


@admin.register(SiteIdentity)
class SiteIdentityAdmin(admin.ModelAdmin):
    """One record: never added twice nor deleted."""

    list_display = ["__str__", "email", "phone", "updated_at"]

    fieldsets = [
        (
            gettext_lazy("Programme"),
            {
                "fields": [
                    ("programme_name_ko", "programme_name_en"),
                    ("partners_ko", "partners_en"),
                    ("copyright_holder_ko", "copyright_holder_en"),
                ]
            },
        ),
        (
            gettext_lazy("Office"),
            {
                "fields": [
                    ("office_name_ko", "office_name_en"),
                    ("address_ko", "address_en"),
                    ("email", "phone"),
                    ("contact_person_ko", "contact_person_en"),
                    ("office_hours_ko", "office_hours_en"),
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return not SiteIdentity.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.pk = SITE_IDENTITY_PK
        super().save_model(request, obj, form, change)


def _new_versions(modeladmin, request, documents) -> None:
    for document in documents:
        version = services.start_new_version(document, actor=request.user)
        modeladmin.message_user(
            request,
            _("%(version)s is a new draft: edit it, then publish it.") % {"version": version},
            messages.SUCCESS,
        )


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    """The four pages are fixed (data migration); their versions are edited below."""

    list_display = ["kind"]
    actions = ["start_new_version"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_draft_permission(self, request):
        return has_model_permission(self, request, "add_legalversion")

    @admin.action(description=gettext_lazy("Start a new version"), permissions=["draft"])
    def start_new_version(self, request, queryset):
        _new_versions(self, request, queryset)


@admin.register(LegalVersion)
class LegalVersionAdmin(admin.ModelAdmin):
    """Drafts are edited here; a published version is shown read-only and never deleted."""

    list_display = ["__str__", "effective_on", "is_published", "published_at"]
    list_filter = ["document", "is_published"]
    list_select_related = ["document"]
    fields = [
        "document",
        "number",
        "effective_on",
        "body_ko",
        "body_en",
        "changes_ko",
        "changes_en",
        "is_published",
        "published_at",
    ]
    readonly_fields = ["document", "number", "is_published", "published_at"]
    actions = ["publish", "start_new_version"]

    def has_add_permission(self, request):
        return False  # "Start a new version" numbers it and copies the text in force

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # published versions are kept
        return actions

    def has_publish_permission(self, request):
        return has_model_permission(self, request, "publish_legalversion")

    def has_draft_permission(self, request):
        return has_model_permission(self, request, "add_legalversion")

    def save_model(self, request, obj, form, change):
        stored = LegalVersion.objects.get(pk=obj.pk)
        changes = {name: form.cleaned_data[name] for name in services.DRAFT_FIELDS}
        services.save_draft(stored, actor=request.user, **changes)

    @admin.action(
        description=gettext_lazy("Publish (the text can no longer change)"), permissions=["publish"]
    )
    def publish(self, request, queryset):
        for version in queryset:
            try:
                services.publish_version(version, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{version}: {error}", messages.ERROR)
            else:
                self.message_user(
                    request, _("%(version)s is published.") % {"version": version}, messages.SUCCESS
                )

    @admin.action(
        description=gettext_lazy("Start a new version of the page"), permissions=["draft"]
    )
    def start_new_version(self, request, queryset):
        documents = LegalDocument.objects.filter(versions__in=queryset).distinct()
        _new_versions(self, request, documents)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    """Evidence of consent: read by staff, never changed."""

    list_display = ["given_at", "user", "item", "notice_version", "policy_version"]
    list_filter = ["item", "notice_version"]
    search_fields = ["user__email"]
    list_select_related = ["user", "policy_version__document"]
    show_full_result_count = False
    date_hierarchy = "given_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
