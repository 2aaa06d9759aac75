"""Bilingual fields: `title_ko` / `title_en` pairs shown in the active language."""

from django.utils import translation


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
