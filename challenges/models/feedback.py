"""Feedback to applicants: reviewer comments as staff release them (never with a name)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from challenges.models.applications import Application


class FeedbackComment(models.Model):
    """A reviewer's comment prepared for the applicant: staff edit or withhold it first.

    The text is a copy, so editing never changes the review; it holds no link to the
    reviewer, so what is released cannot name them.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="feedback_comments",
        verbose_name=_("application"),
    )
    text = models.TextField(_("comment"), max_length=5000)
    released = models.BooleanField(_("released to the applicant"), default=False)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("edited by"),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("feedback comment")
        verbose_name_plural = _("feedback comments")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.text[:60]
