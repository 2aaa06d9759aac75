from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Seminars and events")

    def ready(self):
        # Public pages and the feed follow every change, also the admin's (core.page_cache).
        from core.page_cache import invalidate_on_change  # noqa: PLC0415 -- apps load before models
        from events.calendar import FEED_VERSION  # noqa: PLC0415
        from events.models import AgendaItem, Event, Material, Speaker  # noqa: PLC0415

        invalidate_on_change(Event, topic=FEED_VERSION)
        invalidate_on_change(Speaker, AgendaItem, Material)
