"""`make bench`: load, scale and query-count figures against their targets, as one table.

Needs PostgreSQL and Redis on this machine (started here if they are down, as .ci/run does)
and wrk (installed from Debian's packages if missing). Uses its own database, `biohub_bench`
(BENCH_DATABASE_URL to change it; smaller scales add `_quick` / `_tiny` to its name), seeded
once and reused. BENCH_SCALE=quick (or BENCH_QUICK=1) runs a hundredth of the data set and
ten founders for a smoke run. Targets are ratios within one run: the machines are shared (a
page under load is compared with a bare view measured beside it, bench/load.py Baselines).
CPU ms per request counts the gunicorn workers and their PostgreSQL backends (bench/cpu.py).
Never part of `make test`.

`run.py --dashboard` only seeds its scale's database and prints the dashboard's figures: the
full run measures the dashboard's small case that way, on the next smaller scale's database.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.table import Table, ratio  # noqa: E402 -- after the path is set

SCALE = os.environ.get("BENCH_SCALE") or (
    "quick" if os.environ.get("BENCH_QUICK") == "1" else "full"
)
BASE_DATABASE = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/biohub_bench"
)
DATABASE = BASE_DATABASE if SCALE == "full" else f"{BASE_DATABASE}_{SCALE}"
ENV = {
    "DATABASE_URL": DATABASE,
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "SECRET_KEY": "bench-" + "k" * 60,
    "SITE_URL": "http://127.0.0.1",
    "EMAIL_URL": "consolemail://",
    "STAFF_REQUIRE_MFA": "0",  # the admin is measured signed in, without a TOTP step
    "DJANGO_SECURE": "0",
    "CONN_MAX_AGE": "600",
}
PUBLIC, DETAIL, FEED, SIGNED_IN = (
    ("anonymous, cached", 0.8),
    ("detail, cached", 0.8),
    ("feed", 0.4),
    ("signed in", 0.3),
)


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


def bookable_week(engagement, founder) -> str:
    """The Monday (in the founder's zone) of the first week from next week on in which the
    coach has free slots, whatever day today is."""
    from django.utils import timezone

    from mentoring.selectors import free_slots

    today = timezone.localdate(timezone=ZoneInfo(founder.time_zone))
    monday = today - timedelta(days=today.weekday())
    for weeks in range(1, 9):
        first = monday + timedelta(weeks=weeks)
        if free_slots(engagement, first_day=first, days=7):
            return first.isoformat()
    raise RuntimeError("the bench coach has no free slot in the next eight weeks")


def small_dashboard() -> dict | None:
    """The dashboard measured on the next smaller scale's database, in a process of its own."""
    from bench.seed import SMALLER

    if SCALE not in SMALLER:
        return None
    env = {**os.environ, "BENCH_SCALE": SMALLER[SCALE], "BENCH_DATABASE_URL": BASE_DATABASE}
    output = subprocess.run(
        [sys.executable, __file__, "--dashboard"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    ).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH-DASHBOARD "))
    return json.loads(line.removeprefix("BENCH-DASHBOARD "))


def pages(people, size, week) -> list:
    from challenges.models import Challenge

    large = Challenge.objects.get(slug="bench-large").pk
    return [
        ("/", "/", "", PUBLIC),
        ("/challenges/", "/challenges/", "", PUBLIC),
        ("call detail", "/challenges/bench-large/", "", DETAIL),
        ("/events/", "/events/", "", PUBLIC),
        ("event detail", "/events/bench-event-0/", "", DETAIL),
        ("/events/calendar.ics", "/events/calendar.ics", "", FEED),
        ("/partners/", "/partners/", "", PUBLIC),
        ("founder /applications/", "/applications/", "founder", SIGNED_IN),
        ("reviewer queue /review/", "/review/", "reviewer", SIGNED_IN),
        (
            "coach slot picker",
            f"/mentoring/engagements/{people['engagement'].pk}/book/?week={week}",
            "founder",
            SIGNED_IN,
        ),
        ("inbox /notifications/", "/notifications/", "founder", SIGNED_IN),
        (
            f"admin application list ({size['applications']:,} rows)",
            f"/admin/challenges/application/?challenge__id__exact={large}",
            "staff",
            None,
        ),
    ]


def load_figures(table, site, people, size, cookies) -> None:
    from bench import load

    week = bookable_week(people["engagement"], people["founder"])
    meter = site.web_meter()
    bare_url = f"{site.url}/bench/bare/"
    bare = load.wrk(bare_url, cookies=cookies[""], meter=meter)
    table.add(
        "bare view, anonymous (baseline)",
        f"{bare['rps']:.0f} req/s, p95 {bare['p95']:.0f} ms",
        bare["cpu_ms"],
        "-",
        bare["errors"] == 0,
    )
    signed_url = f"{site.url}/bench/bare-signed-in/"
    if load.fetch(signed_url, cookies["founder"])[0] != 200:
        raise RuntimeError("the bench's session cookies do not sign in on the site")
    signed = load.wrk(signed_url, cookies=cookies["founder"], meter=meter)
    table.add(
        "bare view, signed in (baseline)",
        f"{signed['rps']:.0f} req/s = {ratio(signed['rps'], bare['rps']):.2f}× anonymous, "
        f"p95 {signed['p95']:.0f} ms",
        signed["cpu_ms"],
        "-",
        signed["errors"] == 0,
    )
    empty = load.wrk(f"{site.url}/bench/empty-signed-in/", cookies=cookies["founder"], meter=meter)
    table.add(
        "empty page, signed in (base.html only; for reference)",
        f"{empty['rps']:.0f} req/s = {ratio(empty['rps'], signed['rps']):.2f}× signed-in bare, "
        f"p95 {empty['p95']:.0f} ms",
        empty["cpu_ms"],
        "-",
        empty["errors"] == 0,
    )
    # each page's ratio is to its kind of bare view measured beside it (load.Baselines)
    bare_of = {"": (bare_url, cookies[""]), "signed in": (signed_url, cookies["founder"])}
    baselines = load.Baselines(
        lambda kind: load.wrk(bare_of[kind][0], cookies=bare_of[kind][1], meter=meter)
    )
    for name, path, who, target in pages(people, size, week):
        url, status = load.resolve(site.url + path, cookies[who])
        if url != site.url + path:
            name += f" (→ {url.removeprefix(site.url)})"
        if status != 200:
            table.add(name, f"answers {status}", "-", "200", False)
            continue
        if target is None:  # the admin list: CPU per request at 4 connections
            result = baselines.alone(
                lambda url=url, who=who: load.wrk(
                    url,
                    cookies=cookies[who],
                    meter=meter,
                    seconds=2 * load.WRK_SECONDS,
                    connections=4,
                )
            )
            table.add(
                name + ", 4 connections",
                f"{result['rps']:.0f} req/s, p95 {result['p95']:.0f} ms"
                + (f", {result['errors']} errors" if result["errors"] else ""),
                result["cpu_ms"],
                "≤ 100 ms CPU per request",
                result["cpu_ms"] <= 100 and result["errors"] == 0,
            )
            continue
        kind, minimum = target
        base_name = "signed-in bare" if who else "bare"
        result, base_rps = baselines.around(
            "signed in" if who else "",
            lambda url=url, who=who: load.wrk(url, cookies=cookies[who], meter=meter),
        )
        times = ratio(result["rps"], base_rps)
        ok = times >= minimum and result["errors"] == 0
        wanted = f"≥ {minimum}× {base_name} ({kind})"
        if target == PUBLIC:
            ok = ok and result["p95"] < 100
            wanted += ", p95 < 100 ms"
        extra = ""
        if target == FEED:
            first, again = load.conditional_status(url, cookies[who])
            ok = ok and first == 200 and again == 304
            extra = f", conditional GET {again}"
            wanted += ", 304"
        table.add(
            name,
            f"{result['rps']:.0f} req/s = {times:.2f}× {base_name} ({base_rps:.0f} beside it), "
            f"p95 {result['p95']:.0f} ms"
            + (f", {result['errors']} errors" if result["errors"] else "")
            + extra,
            result["cpu_ms"],
            wanted,
            ok,
        )


def rush_figures(table, site, size) -> None:
    from bench import rush

    result = rush.run(site.url, size["founders"], site.all_meter())
    problems = len(result["errors"]) + len(result["lost"])
    table.add(
        f"deadline rush, {result['founders']} founders at once",
        f"{result['per_second']:.1f} submissions/s ({result['seconds']:.1f} s), "
        f"{len(result['errors'])} errors, {len(result['lost'])} lost drafts",
        f"{result['cpu_ms']:.1f} ({result['cpu_ms_submission']:.0f}/submission)",
        "0 errors, 0 lost drafts",
        problems == 0,
    )
    for step, p95 in result["p95"].items():
        table.add(f"  rush p95: {step}", f"{p95:.0f} ms", "-", "< 500 ms", p95 < 500)
    for problem in [*result["errors"], *result["lost"]][:10]:
        print(f"rush: {problem}", flush=True)


def publish_figures(table, staff) -> None:
    from bench import inprocess

    inprocess.publish_pair(50, 50, staff)  # warm-up: code paths, the worker's connections
    few, many = inprocess.publish_pair(50, 5_000, staff)
    times = ratio(many["request"], few["request"])
    exact = all(r["missing"] == 0 and r["repeated"] == 0 for r in (few, many))
    told = ", ".join(
        f"{count}: {r['missing']} not told, {r['repeated']} told twice"
        for count, r in (("50", few), ("5,000", many))
        if r["missing"] or r["repeated"]
    )
    table.add(
        "publish 5,000 vs 50 applicants (the request)",
        f"{many['request'] * 1000:.0f} ms vs {few['request'] * 1000:.0f} ms = {times:.2f}×; "
        f"all told in {many['fan_out']:.1f} s vs {few['fan_out']:.1f} s"
        + (f"; {told}" if told else "; each once"),
        "-",
        "≤ 1.2×; each applicant exactly once",
        0 < times <= 1.2 and exact,
    )


def inprocess_figures(table, people, size) -> None:
    from bench import dashboard, inprocess

    small_s, large_s = inprocess.admin_list(people["staff"])
    table.add(
        f"admin list {size['applications']:,} vs {size['small']:,} rows",
        f"{large_s * 1000:.0f} ms vs {small_s * 1000:.0f} ms = {large_s / small_s:.2f}×",
        "-",
        "≤ 1.2×",
        large_s / small_s <= 1.2,
    )
    large = dashboard.measure(people["staff"])
    small = small_dashboard()
    sizes = "{applications:,} applications, {sessions:,} sessions, {registrations:,} registrations"
    figure = f"{large['seconds'] * 1000:.0f} ms"
    if small:
        figure += (
            f" vs {small['seconds'] * 1000:.0f} ms at {small['applications']:,} applications"
            f" = {large['seconds'] / small['seconds']:.1f}×"
        )
    table.add(
        f"dashboard /admin/ ({sizes.format(**large)})",
        figure,
        "-",
        "< 300 ms",
        large["seconds"] < 0.3,
    )
    tenth, full = inprocess.ranking(10_000, 100_000)
    table.add(
        "ranking 100,000 vs 10,000 applications (5 reviews each)",
        f"{full:.2f} s vs {tenth:.2f} s = {full / tenth:.1f}×",
        "-",
        "< 5 s, ≤ 13× (linear: 10×)",
        full < 5 and full / tenth <= 13,
    )
    for name, one, hundred in inprocess.query_counts():
        figure = f"{one} with 1 row, {hundred} with 100"
        table.add(f"queries: {name}", figure, "-", "equal", one == hundred)


def main() -> int:
    begun = time.perf_counter()
    services_up()
    media = tempfile.mkdtemp(prefix="biohub-bench-media-")
    os.environ.update({**ENV, "MEDIA_ROOT": media})
    try:
        return _run(begun)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def _run(begun: float) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils.crypto import get_random_string

    from bench import dashboard, inprocess, load, seed

    call_command("migrate", verbosity=0)
    size = seed.SCALES[SCALE]
    people = seed.seed(size)
    inprocess.vacuum_analyze()
    ready = time.perf_counter() - begun
    if "--dashboard" in sys.argv:
        print("BENCH-DASHBOARD " + json.dumps(dashboard.measure(people["staff"])), flush=True)
        return 0
    print(f"data set ready in {ready:.0f} s", flush=True)

    # Every client carries a CSRF cookie, as a browser that has seen one form does.
    cookies = {"": {"csrftoken": get_random_string(32)}}
    for role in ("founder", "reviewer", "staff"):
        client = Client()
        client.force_login(people[role])
        cookies[role] = {**cookies[""], "sessionid": client.cookies["sessionid"].value}

    table = Table(SCALE)
    site = load.Site({**os.environ})
    try:
        load_figures(table, site, people, size, cookies)
        rush_figures(table, site, size)
        publish_figures(table, people["staff"])  # the site's worker does any fan-out
    finally:
        site.stop()
    inprocess.vacuum_analyze()  # the publish runs left dead rows behind
    inprocess_figures(table, people, size)

    print()
    table.print()
    print(f"bench took {time.perf_counter() - begun:.0f} s (data set ready after {ready:.0f} s)")
    return 1 if table.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
