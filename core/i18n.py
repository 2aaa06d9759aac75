"""Bilingual fields (`title_ko` / `title_en` pairs shown in the active language) and
text written in a recipient's language."""

from contextlib import contextmanager

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def bilingual(obj, field: str, *, korean: str | None = None) -> str:
    """The English text for English readers, the Korean otherwise; either falls back to the
    other when empty. `korean` names the Korean attribute when it is not `<field>_ko`
    (a model whose Korean field came first and is called plainly `name` or `venue`)."""
    ko, en = getattr(obj, korean or f"{field}_ko"), getattr(obj, f"{field}_en")
    return (en or ko) if translation.get_language() == "en" else (ko or en)


class Bilingual:
    """A read-only attribute giving `<field>_ko` or `<field>_en` in the active language:
    `title = Bilingual("title")` on a model with title_ko and title_en, or
    `name_display = Bilingual("name", korean="name")` on one with name and name_en."""

    def __init__(self, field: str, *, korean: str | None = None):
        self.field = field
        self.korean = korean

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return bilingual(obj, self.field, korean=self.korean)


class BilingualNameMixin(models.Model):
    """`name_ko` and `name_en`; `name` (and str()) is the one for the active language."""

    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    name = Bilingual("name")


def language_of(user_or_language) -> str:
    """A language code: the one given, or the person's saved language, or the site's."""
    if isinstance(user_or_language, str):
        return user_or_language or settings.LANGUAGE_CODE
    return getattr(user_or_language, "language", None) or settings.LANGUAGE_CODE


@contextmanager
def in_language(user_or_language):
    """Inside the block, the recipient's language is active (a user, or a language code).

    The one way to make a notification bilingual: build everything a notification carries
    that is not in its templates -- names and titles from the database (`obj.name`,
    `Bilingual` attributes, `name_display`), lazy translations, the .ics invitation -- in
    the block, then call notify() there:

        for person in people:
            with in_language(person):
                notify(person, kind, {"room": str(room.name), "ics": booking_ics(booking)},
                       key=...)

    The templates themselves are rendered later, at sending, in the notification's language
    (the recipient's at the time of notify), so both agree. Context values then hold plain
    text in that language: no {"ko": ..., "en": ...} pairs and no `name_ko if ... else`.
    """
    with translation.override(language_of(user_or_language)):
        yield
