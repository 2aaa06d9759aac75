from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.uploads import random_upload_path


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Weekday(models.IntegerChoices):
    """Monday is 0, as date.weekday() counts."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def ends_after_starts(name: str) -> models.CheckConstraint:
    """The database check of a WeeklyWindow: `ends` later than `starts` on the same day."""
    return models.CheckConstraint(condition=Q(ends__gt=F("starts")), name=name)


class WeeklyWindow(models.Model):
    """Every week on `weekday`, from `starts` to `ends` (wall-clock times; the subclass says
    in which zone). Subclasses add the owner (a ForeignKey) and their verbose names.

    The check is named `<app>_<model>_order`; a subclass whose table already has the check
    under another name keeps it: `constraints = [ends_after_starts("its_name")]` in a Meta
    that inherits WeeklyWindow.Meta.
    """

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))

    class Meta:
        abstract = True
        ordering = ["weekday", "starts"]
        constraints = [ends_after_starts("%(app_label)s_%(class)s_order")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


def uploaded_file_path(instance, filename: str) -> str:
    """A random storage name under the model's `upload_prefix`; the extension is kept."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return random_upload_path(instance.upload_prefix, extension)


class UploadedFile(models.Model):
    """A private file someone uploaded, with what core.uploads checked about it.

    The stored name is random (the subclass's `upload_to`, by redeclaring `file`); the
    person's file name is kept as metadata only. The upload time is `created_at` (labelled
    "uploaded at"), the column the existing tables have. Served only by a
    permission-checked view (core.responses.private_file_response).
    """

    upload_prefix = "uploads"

    file = models.FileField(_("file"), upload_to=uploaded_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=120, verbose_name=_("file type"))
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @property
    def uploaded_at(self):
        return self.created_at


class AuditEntry(models.Model):
    """One recorded change: who did what to which object, when, with structured details.

    Written only through `core.audit.log_action`; never edited or deleted from the admin.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.CharField(_("object id"), max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=255)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    data = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"


class Heartbeat(models.Model):
    """The last time a periodic process showed it was alive: one row per process name.

    Kept in the database, not the cache: the cache may be down (core.cache) exactly when
    someone asks whether recovery is running. Written by core.heartbeat.record_heartbeat.
    """

    name = models.CharField(_("name"), max_length=50, primary_key=True)
    beat_at = models.DateTimeField(_("last heartbeat"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class DestructionLog(models.Model):
    """파기 대장: one batch of personal data destroyed by the retention job (PIPA Art. 21).

    What category, how many rows, how, when, under which policy version; never the values.
    """

    rule = models.CharField(_("rule"), max_length=60)
    model = models.CharField(_("data"), max_length=100)
    category = models.CharField(_("category"), max_length=20)
    method = models.CharField(_("method"), max_length=20)
    count = models.PositiveIntegerField(_("rows"))
    policy_version = models.CharField(_("policy version"), max_length=20)
    destroyed_at = models.DateTimeField(_("destroyed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("destruction record")
        verbose_name_plural = _("destruction log (파기 대장)")
        ordering = ["-destroyed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.rule}: {self.count}"
