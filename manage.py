#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 -- Django's own manage.py: a clear message when Django is missing

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
