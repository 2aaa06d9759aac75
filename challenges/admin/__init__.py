"""The programme staff's admin for challenges, one module per stage."""

# Importing the modules registers their admins.
from challenges.admin import (  # noqa: F401
    appeals,
    applications,
    calls,
    feedback,
    grants,
    outcomes,
    publication,
    reports,
    review,
    tranches,
)
