"""The programme dashboard and the funders' reports (top layer: may read every app)."""
