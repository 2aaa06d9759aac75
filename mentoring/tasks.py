"""tasks of the mentoring app (see DESIGN.md §2 for what belongs here)."""
