from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from core.privacy import destroy_expired


class Command(BaseCommand):
    help = "Destroy personal data whose retention period has ended (what the daily task does)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would go; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        for outcome in destroy_expired(dry_run=dry_run):
            rule = outcome.rule
            verb = _("would be %(method)s") if dry_run else _("%(method)s")
            self.stdout.write(
                f"{rule.key}\t{rule.model}\t{rule.category}\t{outcome.count}\t"
                + verb % {"method": rule.method}
            )
