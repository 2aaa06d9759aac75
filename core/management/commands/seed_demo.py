"""Demo data for `make run`. Idempotent: running it again changes nothing.

Each app contributes its own part in `<app>/demo.py`: an `ORDER` number and a `seed()`
function returning the demo logins it created as (role, email) pairs.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_PASSWORD = "biohub-demo-2026"  # noqa: S105  (printed for the local demo only)


def demo_modules():
    modules = []
    for config in apps.get_app_configs():
        if find_spec(f"{config.name}.demo") is not None:
            modules.append(import_module(f"{config.name}.demo"))
    return sorted(modules, key=lambda module: module.ORDER)


class Command(BaseCommand):
    help = "Create the demo data of every app (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        logins = []
        with transaction.atomic():
            for module in demo_modules():
                logins.extend(module.seed(password=DEMO_PASSWORD))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        for role, email in logins:
            self.stdout.write(f"  {role:<9} {email}")
        self.stdout.write("")
