from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import validate_time_zone
from core.models import TimeStampedModel
from partners.models import Partner


class Coach(TimeStampedModel):
    """A BMS open-innovation expert who coaches selected startups, in their own time zone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_profile"
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="coaches",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Asia/Seoul",
        validators=[validate_time_zone],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("coach")
        verbose_name_plural = _("coaches")

    def __str__(self) -> str:
        return str(self.user)
