"""views of the partners app (see DESIGN.md §2 for what belongs here)."""
