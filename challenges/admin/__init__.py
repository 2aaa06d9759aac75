"""The programme staff's admin for challenges, one module per stage."""

from challenges.admin import applications, calls, grants  # noqa: F401  (registers the admins)
