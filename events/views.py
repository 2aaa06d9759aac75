"""views of the events app (see DESIGN.md §2 for what belongs here)."""
