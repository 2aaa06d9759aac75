"""Views of the challenge app, one module per audience: public, applying, review, grants."""
