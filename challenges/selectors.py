"""selectors of the challenges app (see DESIGN.md §2 for what belongs here)."""
