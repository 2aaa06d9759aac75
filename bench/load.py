"""Throughput and p95 latency under load: gunicorn on loopback, wrk with 50 connections."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK_SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = 50


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


class Site:
    """gunicorn serving bench.settings, as many sync workers as cores plus one."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        workers = (os.cpu_count() or 2) + 1
        self.process = subprocess.Popen(
            [
                str(Path(sys.prefix) / "bin" / "gunicorn"),
                "config.wsgi",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                # gunicorn 27 puts every instance's control socket at one default path; the
                # bench needs none, and must not take over a running site's.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "bench.settings"},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(url: str, *, cookie: str = "", seconds: int = WRK_SECONDS) -> dict:
    """requests/s and p95 (ms) for one URL: 2 threads, 50 connections, bounded in time."""
    command = [
        ensure_wrk(),
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(ROOT / "bench" / "p95.lua"),
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    # a one-second warm-up, so every worker has its connections and templates ready
    warm = [part if part != f"-d{seconds}s" else "-d1s" for part in command]
    subprocess.run(warm, capture_output=True, text=True, timeout=120)
    output = subprocess.run(command, capture_output=True, text=True, timeout=120).stdout
    match = re.search(r"BENCH rps=([\d.]+) p95=([\d.]+) errors=(\d+) non2xx=(\d+)", output)
    if match is None:
        raise RuntimeError(f"wrk printed no figures for {url}:\n{output}")
    rps, p95, errors, non2xx = match.groups()
    return {"rps": float(rps), "p95": float(p95), "errors": int(errors) + int(non2xx)}
