"""CPU time spent serving: the site's processes (gunicorn workers, a Celery worker) and the
PostgreSQL backends that answer them, read from /proc before and after a measurement.

PostgreSQL runs on this machine (run.py starts it here), so its backends are local processes;
each bench process names its connections (bench/settings.py, BENCH_ROLE) and pg_stat_activity
tells which backend serves which.
"""

import os
from pathlib import Path

from django.db import connection

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (the first is the state)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def cpu_seconds(pid: int) -> float | None:
    """User plus system time of one process so far, or None once it has gone."""
    fields = _stat(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def children(parent: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[1]) == parent:
                found.add(int(entry.name))
    return found


def backends(*roles: str) -> set[int]:
    """Server processes of the connections that the named bench processes hold."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = ANY(%s)", [list(roles)]
        )
        return {pid for (pid,) in cursor.fetchall()}


class Meter:
    """Sums the CPU time of a set of processes found again at each reading: `processes` is a
    callable returning the pids (workers and backends come and go)."""

    def __init__(self, processes):
        self.processes = processes
        self.before: dict[int, float] = {}

    def _read(self, pids) -> dict[int, float]:
        readings = {pid: cpu_seconds(pid) for pid in pids}
        return {pid: seconds for pid, seconds in readings.items() if seconds is not None}

    def start(self) -> None:
        self.before = self._read(self.processes())

    def seconds(self) -> float:
        """CPU seconds since start(): a process that started since counts whole; one that
        ended since is lost (workers are not recycled during a run, backends stay open)."""
        after = self._read(self.processes() | set(self.before))
        return sum(now - self.before.get(pid, 0.0) for pid, now in after.items())
