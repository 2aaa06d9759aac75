from django.core.management.base import BaseCommand
from django.utils import timezone

from partners.services import add_public_holidays


class Command(BaseCommand):
    help = "Close the partnering office on Korean public holidays of a year (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="The year; this year when left out.",
        )

    def handle(self, *args, year=None, **options):
        year = year or timezone.localdate().year
        added = add_public_holidays(year=year)
        self.stdout.write(f"{added} public holidays of {year} added as closed dates.")
