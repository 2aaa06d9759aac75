"""`make bench`: speed and memory figures, printed as a table. Never part of `make test`.

Each benchmark is a function registered in BENCHMARKS returning (name, figure, target).
The suite of load, query-count and ranking benchmarks grows with the features.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def bench_home_page_render():
    """Median time to render the home page in-process (test client), as a sanity figure."""
    from django.test import Client

    client = Client()
    client.get("/")  # warm up
    samples = []
    for _ in range(20):
        start = time.perf_counter()
        client.get("/")
        samples.append(time.perf_counter() - start)
    samples.sort()
    return "home page render (in-process), median ms", f"{samples[10] * 1000:.1f}", "-"


BENCHMARKS = [bench_home_page_render]


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.SECURE_SSL_REDIRECT = False
    call_command("migrate", verbosity=0)
    rows = [benchmark() for benchmark in BENCHMARKS]
    width = max(len(name) for name, _figure, _target in rows)
    print(f"{'benchmark':<{width}}  {'figure':>10}  target")
    for name, figure, target in rows:
        print(f"{name:<{width}}  {figure:>10}  {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
