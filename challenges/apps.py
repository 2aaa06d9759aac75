from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges")

    def ready(self):
        # Publishing enqueues its chunks by name (challenges.services.publication): register
        # the tasks in every process, not only in workers (where autodiscovery does it).
        import challenges.tasks  # noqa: F401, PLC0415 -- apps.py loads before the models

        # The public call pages follow every change, also the admin's (core.page_cache).
        from challenges.models import (  # noqa: PLC0415 -- apps load before models
            Challenge,
            ChallengeAttachment,
            ChallengeFAQ,
            ChallengeMilestone,
        )
        from core.page_cache import invalidate_on_change  # noqa: PLC0415

        invalidate_on_change(
            Challenge,
            Challenge.therapeutic_areas.through,
            ChallengeFAQ,
            ChallengeAttachment,
            ChallengeMilestone,
        )

        # Kept parts of signed-in pages (core.fragments): the topics each write changes; and
        # the roles kept with the viewer (config.navigation.Roles.KEPT) a committee seat changes.
        from challenges import signals  # noqa: PLC0415

        signals.connect()
