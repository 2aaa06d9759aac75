"""`make bench`: load, scale and query-count figures against their targets, as one table.

Needs PostgreSQL and Redis on this machine (started here if they are down, as .ci/run does)
and wrk (installed from Debian's packages if missing). Uses its own database, `biohub_bench`
(BENCH_DATABASE_URL to change it), seeded once and reused. BENCH_QUICK=1 runs a hundredth of
the data set for a smoke run. Targets are ratios within one run: the machines are shared.
Never part of `make test`.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUICK = os.environ.get("BENCH_QUICK") == "1"
DATABASE = os.environ.get(
    "BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/biohub_bench" + ("_quick" if QUICK else ""),
)
ENV = {
    "DATABASE_URL": DATABASE,
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "SECRET_KEY": "bench-" + "k" * 60,
    "SITE_URL": "http://127.0.0.1",
    "EMAIL_URL": "consolemail://",
    "STAFF_REQUIRE_MFA": "0",  # the admin list is measured signed in, without a TOTP step
    "DJANGO_SECURE": "0",
    "CONN_MAX_AGE": "600",
}


def services_up() -> None:
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0:
        version = sorted(os.listdir("/etc/postgresql"))[0]
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True
        )
    if subprocess.run(["redis-cli", "ping"], capture_output=True).returncode != 0:
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=True,
        )
    name = DATABASE.rsplit("/", 1)[1]
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True)


def main() -> int:
    services_up()
    os.environ.update(ENV)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from bench import inprocess, load, seed

    call_command("migrate", verbosity=0)
    size = seed.sizes(QUICK)
    started = time.perf_counter()
    people = seed.seed(size)
    print(f"data set ready in {time.perf_counter() - started:.0f} s", flush=True)

    cookies = {}
    for role in ("founder", "reviewer", "staff"):
        client = Client()
        client.force_login(people[role])
        cookies[role] = client.cookies["sessionid"].value

    from challenges.models import Challenge

    large = Challenge.objects.get(slug="bench-large").pk
    pages = [
        ("bare Django view (baseline)", "/bench/bare/", "", None),
        ("/", "/", "", ("public", 0.35)),
        ("/challenges/", "/challenges/", "", ("public", 0.35)),
        ("/events/", "/events/", "", ("public", 0.35)),
        ("/events/calendar.ics", "/events/calendar.ics", "", ("public", 0.35)),
        ("/partners/", "/partners/", "", ("public", 0.35)),
        ("founder /applications/", "/applications/", "founder", ("signed in", 0.2)),
        ("reviewer queue /review/", "/review/", "reviewer", ("signed in", 0.2)),
        (
            "coach slot picker",
            f"/mentoring/engagements/{people['engagement'].pk}/book/",
            "founder",
            ("signed in", 0.2),
        ),
        (
            f"admin application list ({size['applications']:,} rows)",
            f"/admin/challenges/application/?challenge__id__exact={large}",
            "staff",
            ("signed in", 0.2),
        ),
    ]
    rows, failures = [], 0

    def row(name, figure, target, ok):
        nonlocal failures
        failures += 0 if ok else 1
        rows.append((name, figure, target, "ok" if ok else "FAIL"))

    site = load.Site({**os.environ})
    try:
        baseline = None
        for name, path, who, target in pages:
            # the admin page takes long enough that 50 queued clients need a longer window
            seconds = 4 * load.WRK_SECONDS if path.startswith("/admin/") else load.WRK_SECONDS
            result = load.wrk(site.url + path, cookie=cookies.get(who, ""), seconds=seconds)
            if baseline is None:
                baseline = result["rps"]
                row(name, f"{result['rps']:.0f} req/s, p95 {result['p95']:.0f} ms", "-", True)
                continue
            ratio = result["rps"] / baseline
            kind, minimum = target
            ok = ratio >= minimum and result["p95"] < 300 and result["errors"] == 0
            row(
                name,
                f"{result['rps']:.0f} req/s = {ratio:.2f}× base, p95 {result['p95']:.0f} ms"
                + (f", {result['errors']} errors" if result["errors"] else ""),
                f"≥ {minimum} ({kind}), p95 < 300 ms",
                ok,
            )
    finally:
        site.stop()

    small_s, large_s = inprocess.admin_list(people["staff"])
    row(
        f"admin list {size['applications']:,} vs {size['small']:,} rows",
        f"{large_s * 1000:.0f} ms vs {small_s * 1000:.0f} ms = {large_s / small_s:.2f}×",
        "≤ 2×",
        large_s / small_s <= 2,
    )
    few, many = inprocess.publish(50, people["staff"]), inprocess.publish(5_000, people["staff"])
    row(
        "publish results to 5,000 vs 50 applicants",
        f"{many * 1000:.0f} ms vs {few * 1000:.0f} ms = {many / few:.2f}×",
        "≤ 3×",
        many / few <= 3,
    )
    tenth, full = inprocess.ranking(10_000), inprocess.ranking(100_000)
    row(
        "ranking 100,000 vs 10,000 applications (5 reviews each)",
        f"{full:.2f} s vs {tenth:.2f} s = {full / tenth:.1f}×",
        "< 5 s, ≤ 13× (linear: 10×)",
        full < 5 and full / tenth <= 13,
    )
    for name, one, hundred in inprocess.query_counts():
        row(f"queries: {name}", f"{one} with 1 row, {hundred} with 100", "equal", one == hundred)

    width = max(len(r[0]) for r in rows)
    fig = max(len(r[1]) for r in rows)
    print(f"\n{'benchmark':<{width}}  {'figure':<{fig}}  {'target':<28}  result")
    for name, figure, target, result in rows:
        print(f"{name:<{width}}  {figure:<{fig}}  {target:<28}  {result}")
    print(f"\n{len(rows) - failures} of {len(rows)} targets met" + (" (quick)" if QUICK else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
