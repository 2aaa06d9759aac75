"""Admin for grants, tranches and the budget of each challenge."""
