"""The programme staff's admin for challenges, one module per stage."""

# Importing the modules registers their admins.
from challenges.admin import applications, calls, grants, outcomes, tranches  # noqa: F401
