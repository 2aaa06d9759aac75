"""The programme dashboard (the admin's index, config/dashboard/) rendered in this process for
staff, and the size of the data set it summarises (issue 14: under 300 ms at 100,000
applications, 50,000 sessions and 100,000 registrations; reported with the ratio to a data
set a hundred times smaller, measured by run.py in a process of its own on that database)."""

from django.test import Client

from bench.inprocess import timed


def render_seconds(staff) -> float:
    """Median seconds to render /admin/ for a staff member (after a warm-up)."""
    client = Client()
    client.force_login(staff)

    def page():
        response = client.get("/admin/")
        assert response.status_code == 200, response.status_code
        assert b'id="dashboard-data"' in response.content, "the admin index is no dashboard"

    return timed(page)


def data_size() -> dict:
    from challenges.models import Application
    from events.models import Registration
    from mentoring.models import Session

    return {
        "applications": Application.objects.count(),
        "sessions": Session.objects.count(),
        "registrations": Registration.objects.count(),
    }


def measure(staff) -> dict:
    return {"seconds": render_seconds(staff), **data_size()}
