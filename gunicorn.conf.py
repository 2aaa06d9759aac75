"""gunicorn's settings for the site, read from the working directory, the repository root
(`gunicorn config.wsgi`, README "Production"). Only what the site itself needs: workers, the
address and the control socket stay on the command line."""

from config import processes


def post_worker_init(worker):
    """The worker has loaded the application (config.wsgi): load what a first request would,
    build what sending a task needs, then freeze what it loaded."""
    processes.load_request_handling()
    processes.prepare_task_sending()
    processes.settle_after_loading()
