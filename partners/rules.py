"""Who may act for a partner organisation (django-rules)."""
