"""The programme staff's admin for challenges, one module per stage."""

# Importing the modules registers their admins.
from challenges.admin import appeals, applications, calls, feedback, grants, tranches  # noqa: F401
