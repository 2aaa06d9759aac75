"""Views of the challenge app, one module per audience and task: public, applying (the steps),
applications (the founder's list and page), review, grants."""
