"""Throughput, p95 latency and CPU per request under load: gunicorn on loopback, a Celery
worker beside it, wrk with 50 connections sending the cookies a browser would."""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench import cpu

ROOT = Path(__file__).resolve().parent.parent
WRK_SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = 50
WORKERS = (os.cpu_count() or 2) + 1  # gunicorn's sync workers
WEB, WORKER = "bench-web", "bench-worker"  # BENCH_ROLE: their connections' application_name


def ensure_wrk() -> str:
    if shutil.which("wrk") is None:
        print("Installing Debian's wrk", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            stdout=subprocess.DEVNULL,
        )
    return shutil.which("wrk")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


class Site:
    """gunicorn serving bench.settings (as many sync workers as cores plus one) and one Celery
    worker (solo pool) on the same database and Redis, as in production."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(Path(sys.prefix) / "bin" / "gunicorn"),
                "config.wsgi",
                "-w",
                str(WORKERS),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                # gunicorn 27 puts every instance's control socket at one default path; the
                # bench needs none, and must not take over a running site's.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_ROLE": WEB},
        )
        # The worker's log (every email, printed by the console backend) goes to a file.
        self.worker_log = Path(tempfile.gettempdir()) / f"biohub-bench-worker-{self.port}.log"
        with self.worker_log.open("wb") as log:
            self.worker = self._worker(env, log)
        # Up when the application answers (the port opens before the workers have loaded it).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if fetch(f"{self.url}/bench/bare/", {})[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def _worker(self, env: dict, log) -> subprocess.Popen:
        return subprocess.Popen(
            [
                str(Path(sys.prefix) / "bin" / "celery"),
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-n",
                f"bench-{self.port}@%h",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_ROLE": WORKER},
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def web_meter(self) -> cpu.Meter:
        """The gunicorn workers and their database backends."""
        return cpu.Meter(lambda: cpu.children(self.process.pid) | cpu.backends(WEB))

    def all_meter(self) -> cpu.Meter:
        """The web side and the Celery worker with its backends."""
        return cpu.Meter(
            lambda: cpu.children(self.process.pid) | {self.worker.pid} | cpu.backends(WEB, WORKER)
        )

    def stop(self) -> None:
        _stop(self.process)
        _stop(self.worker)
        self.worker_log.unlink(missing_ok=True)


def cookie_header(cookies: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def wrk(
    url: str,
    *,
    cookies: dict,
    meter: cpu.Meter,
    seconds: int = WRK_SECONDS,
    connections: int = CONNECTIONS,
) -> dict:
    """requests/s, p95 (ms), errors and CPU ms per request for one URL, bounded in time.
    wrk counts a redirect as a success: give it the URL resolve() found."""
    command = [
        ensure_wrk(),
        "-H",
        f"Cookie: {cookie_header(cookies)}",
        # as every browser and calendar client asks (only the feed is sent compressed)
        "-H",
        "Accept-Encoding: gzip, deflate, br, zstd",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(ROOT / "bench" / "p95.lua"),
        url,
    ]
    # a warm-up, so every worker has its connections, templates and caches ready: a few
    # requests one at a time (a first render can take longer than a short run), then wrk
    for _request in range(3 * WORKERS):
        fetch(url, cookies)
    warm = [part if part != f"-d{seconds}s" else "-d1s" for part in command]
    subprocess.run(warm, capture_output=True, text=True, timeout=120)
    drain(url)
    meter.start()
    output = subprocess.run(command, capture_output=True, text=True, timeout=300).stdout
    used = meter.seconds()
    drain(url)
    match = re.search(
        r"BENCH rps=([\d.]+) p95=([\d.]+) errors=(\d+) non2xx=(\d+) requests=(\d+)", output
    )
    if match is None:
        raise RuntimeError(f"wrk printed no figures for {url}:\n{output}")
    rps, p95, errors, non2xx, requests = match.groups()
    return {
        "rps": float(rps),
        "p95": float(p95),
        "errors": int(errors) + int(non2xx),
        "cpu_ms": used * 1000 / int(requests) if int(requests) else float("inf"),
    }


class Baselines:
    """A page's baseline measured beside it: the bare view of the page's kind measured just
    before and just after the page, averaged. The machine is shared and its speed drifts over
    a run (one run served the cached public pages at 0.6 ms of CPU each at its start and at
    0.8 ms two minutes later, against a bare view measured once at the start); a ratio to
    measurements taken beside the page puts such a drift on both sides of it. Pages of the same
    kind in a row share the measurement between them. `measure(kind)` measures a bare view."""

    def __init__(self, measure):
        self._measure = measure
        self._last = None  # (kind, figures) when the latest measurement was a baseline

    def around(self, kind: str, page) -> tuple[dict, float]:
        """`page()`'s figures and the mean requests/s of `kind`'s bare view beside it."""
        last, self._last = self._last, None
        before = last[1] if last and last[0] == kind else self._measure(kind)
        figures = page()
        after = self._measure(kind)
        self._last = (kind, after)
        return figures, (before["rps"] + after["rps"]) / 2

    def alone(self, page) -> dict:
        """`page()`'s figures, for a measurement with no baseline."""
        self._last = None
        return page()


def fetch(url: str, cookies: dict, headers: dict | None = None) -> tuple[int, dict]:
    """One GET with the cookies: its status and headers."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": cookie_header(cookies), **(headers or {})})
        response = conn.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        conn.close()


def drain(url: str) -> None:
    """Wait until gunicorn has worked off the requests wrk left queued when it stopped (the
    workers serve them even though nobody reads the answers): a request, one at a time, per
    worker, each queued behind all of those, so the next measurement starts on an idle site."""
    parts = urlsplit(url)
    for _request in range(WORKERS + 1):
        fetch(f"{parts.scheme}://{parts.netloc}/bench/bare/", {})


def resolve(url: str, cookies: dict) -> tuple[str, int]:
    """The URL a browser ends up on (following up to three redirects on this site, e.g. to a
    language prefix) and its status."""
    for _hop in range(4):
        status, headers = fetch(url, cookies)
        location = headers.get("Location")
        if status not in (301, 302, 303, 307, 308) or not location:
            break
        target = urlsplit(location)
        if target.netloc and target.netloc != urlsplit(url).netloc:
            break
        base = urlsplit(url)
        url = f"{base.scheme}://{base.netloc}{target.path}" + (
            f"?{target.query}" if target.query else ""
        )
    return url, status


def conditional_status(url: str, cookies: dict) -> tuple[int, int]:
    """The status of a GET, then of the same GET made conditional on the validators (ETag,
    Last-Modified) the first one returned, as a browser's cache does."""
    first, headers = fetch(url, cookies)
    validators = {}
    if headers.get("ETag"):
        validators["If-None-Match"] = headers["ETag"]
    if headers.get("Last-Modified"):
        validators["If-Modified-Since"] = headers["Last-Modified"]
    second, _headers = fetch(url, cookies, validators)
    return first, second
