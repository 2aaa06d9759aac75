from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.groups import group_label
from accounts.models import (
    PrivacyRequest,
    Startup,
    StartupInvitation,
    StartupMembership,
    TherapeuticArea,
    User,
)
from accounts.privacy_forms import PrivacyAnswerForm
from core.admin import ActionWithFormMixin, AuditHistoryMixin, run_service


class GroupsFilter(admin.RelatedFieldListFilter):
    """The user list's group filter, with the groups' names in the viewer's language."""

    def field_choices(self, field, request, model_admin):
        return [(group.pk, group_label(group)) for group in Group.objects.order_by("name")]


class GroupChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return group_label(obj)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "name",
        "language",
        "time_zone",
        "is_staff",
        "mfa",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_active", "language", ("groups", GroupsFilter)]
    search_fields = ["email", "name"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["name", "language", "time_zone"]}),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "name", "password1", "password2"],
            },
        ),
    ]

    # Only superusers hand out staff status, groups and permissions; programme staff manage
    # people's details but cannot raise anyone's rights, their own included.
    PRIVILEGE_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += self.PRIVILEGE_FIELDS
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["form_class"] = GroupChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(has_mfa=Exists(Authenticator.objects.filter(user=OuterRef("pk"))))
        )

    @admin.display(boolean=True, description=_("two-factor"), ordering="has_mfa")
    def mfa(self, obj):
        return obj.has_mfa


class MembershipInline(admin.TabularInline):
    """Read-only: people join through invitations (accounts.services), which are audited."""

    model = StartupMembership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Startup)
class StartupAdmin(AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "business_number", "district", "founded_on"]
    list_filter = ["kind", "district", "therapeutic_areas"]
    search_fields = ["name", "name_en", "business_number"]
    show_full_result_count = False
    inlines = [MembershipInline]
    filter_horizontal = ["therapeutic_areas"]


@admin.register(StartupInvitation)
class StartupInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "startup", "invited_by", "created_at", "accepted_at"]
    list_select_related = ["startup", "invited_by"]
    search_fields = ["email", "startup__name"]
    readonly_fields = ["startup", "email", "invited_by", "accepted_at", "accepted_by", "created_at"]
    exclude = ["token"]  # the token is the link's secret
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TherapeuticArea)
class TherapeuticAreaAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_ko", "name_en", "sort_order"]
    prepopulated_fields = {"slug": ["name_en"]}


# --- third-party models, shown in the viewer's language and with permissioned actions ------

admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    list_display = ["label"]

    @admin.display(description=_("name"), ordering="name")
    def label(self, group):
        return group_label(group)


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(AllauthEmailAddressAdmin):
    @admin.action(
        description=AllauthEmailAddressAdmin.make_verified.short_description,
        permissions=["change"],
    )
    def make_verified(self, request, queryset):
        return super().make_verified(request, queryset)


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AllauthAuthenticatorAdmin):
    """Read-only (the secret in `data` is never shown); staff delete a lost one to reset it."""

    list_display = ["owner", "kind", "created", "last_used"]
    list_filter = ["type"]
    list_select_related = ["user"]
    fields = ["owner", "kind", "created", "last_used"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        title = {"title": _("two-factor authenticators")}
        return super().changelist_view(request, {**(extra_context or {}), **title})

    @admin.display(description=_("user"), ordering="user__email")
    def owner(self, authenticator):
        return authenticator.user

    @admin.display(description=_("kind"), ordering="type")
    def kind(self, authenticator):
        return authenticator.get_type_display()

    @admin.display(description=_("created at"), ordering="created_at")
    def created(self, authenticator):
        return authenticator.created_at

    @admin.display(description=_("last used at"), ordering="last_used_at")
    def last_used(self, authenticator):
        return authenticator.last_used_at


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(ActionWithFormMixin, admin.ModelAdmin):
    """Personal data requests (PIPA Art. 35-37): answered by an action, due in 10 days."""

    list_display = ["__str__", "requester", "status", "due_on", "answered_by", "answered_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["requester", "answered_by"]
    search_fields = ["requester__email"]
    show_full_result_count = False
    readonly_fields = [
        "requester",
        "kind",
        "details",
        "status",
        "due_on",
        "answer",
        "answered_by",
        "answered_at",
        "created_at",
    ]
    actions = ["answer_requests"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Answer (done or declined)"), permissions=["change"])
    def answer_requests(self, request, queryset):
        return self.action_with_form(
            request,
            queryset,
            form_class=PrivacyAnswerForm,
            title=_("Answer personal data requests"),
            action="answer_requests",
            submit_label=_("Send the answer"),
            run=lambda data: run_service(
                self,
                request,
                queryset,
                services.answer_privacy_request,
                _("%(count)s answered."),
                status=data["status"],
                answer=data["answer"],
            ),
        )
