"""Grants: the grantee reports milestones; see challenges.services.grants."""
