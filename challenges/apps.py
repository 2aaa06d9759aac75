from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges")

    def ready(self):
        # Publishing enqueues its chunks by name (challenges.services.publication): register
        # the tasks in every process, not only in workers (where autodiscovery does it).
        import challenges.tasks  # noqa: F401, PLC0415 -- apps.py loads before the models
