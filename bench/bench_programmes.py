"""The programme dashboard through HTTP at 100k ideas and 1M engagement-ledger events, the
aggregation job that feeds it, and what recording staff time adds to a moderation action.

    .venv/bin/python bench/bench_programmes.py            # 100,000 ideas, 1,000,000 events
    .venv/bin/python bench/bench_programmes.py --small    # 5,000 ideas, 50,000 events

Loads a brand with two programmes and twelve campaigns (ideas over a year, answers, the
engagement ledger, staff time), runs the aggregation job once (timed), then serves Cocréa with
gunicorn in production settings (bench_http.py's server and session machinery) and requests
the dashboard as the brand's admin: sequentially (latency p50/p95/p99) and with wrk. Last, it
times ``moderation_decide`` on PostgreSQL with and without ``record_staff_action``.
PostgreSQL only (DATABASE_URL; the database is wiped). See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

import bench_http  # noqa: E402
from benchlib import core_speed, percentile, reset_database  # noqa: E402

BRAND = "bench"


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", action="store_true", help="5,000 ideas, 50,000 events")
    parser.add_argument("--ideas", type=int)
    parser.add_argument("--events", type=int)
    parser.add_argument("--members", type=int)
    parser.add_argument("--requests", type=int, default=200, help="sequential dashboard GETs")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of wrk")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--moderations", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "18500")))
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cocrea_programmes_bench"
        ),
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--app-src", default=str(ROOT / "src"))
    args = parser.parse_args()
    size = (5_000, 50_000, 1_000) if args.small else (100_000, 1_000_000, 10_000)
    args.ideas = args.ideas or size[0]
    args.events = args.events or size[1]
    args.members = args.members or size[2]
    if not args.database_url.startswith("postgres"):
        parser.error("bench_programmes.py measures the production set-up: use PostgreSQL")
    return args


# --- Data ------------------------------------------------------------------------------------


def load(args: argparse.Namespace) -> dict[str, Any]:
    """Bulk set-up (not through the services: this is set-up, not the measure)."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cocrea.accounts.models import User
    from cocrea.brands.models import Brand, Membership
    from cocrea.campaigns.models import Campaign
    from cocrea.ideas.models import Idea
    from cocrea.programmes.models import Objective, Programme
    from cocrea.programmes.services import default_programme

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    now = timezone.now()
    today = timezone.localdate()
    brand = Brand.objects.create(name="Bench", slug=BRAND, languages=["fr", "en"])
    admin_user = User.objects.create(username="admin@bench.local", email="admin@bench.local")
    admin = Membership.objects.create(brand=brand, user=admin_user, role="admin")
    users = User.objects.bulk_create(
        User(username=f"m{i}@bench.local", email=f"m{i}@bench.local") for i in range(args.members)
    )
    members = Membership.objects.bulk_create(Membership(brand=brand, user=u) for u in users)
    ongoing = default_programme(brand_id=brand.pk)
    coffee = Programme.objects.create(
        brand=brand,
        name="Coffee at home",
        forms=["participatory", "cocreation"],
        capacity_per_month=400,
        staff_hours_per_month=80,
        starts_on=today - timedelta(days=365),
        ends_on=today + timedelta(days=180),
    )
    for metric, target in [("ideas_submitted", args.ideas), ("ideas_accepted", 5000)]:
        Objective.objects.create(
            programme=coffee,
            metric=metric,
            target=target,
            starts_on=today - timedelta(days=365),
            due_on=today + timedelta(days=180),
        )
    campaigns = [
        Campaign.objects.create(
            brand=brand,
            programme=coffee if i < 8 else ongoing,
            slug=f"c{i}",
            title=f"Campaign {i}",
            objective="Measure",
        )
        for i in range(12)
    ]
    statuses = ["new"] * 14 + ["accepted"] * 3 + ["launched"] + ["declined"] * 2
    batch: list[Any] = []
    for i in range(args.ideas):
        created = now - timedelta(seconds=rng.randrange(365 * 86400))
        status = rng.choice(statuses)
        batch.append(
            Idea(
                brand=brand,
                campaign=campaigns[i % len(campaigns)],
                author=members[rng.randrange(len(members))],
                title=f"Idée {i}",
                body=f"<p>Texte {i}</p>",
                body_text=f"Texte {i}",
                status=status,
                answered_at=None if status == "new" else created + timedelta(days=3),
                created_at=created,
            )
        )
        if len(batch) == 5000:
            Idea.objects.bulk_create(batch)
            batch = []
    Idea.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        _load_sql(cursor, brand.pk, admin.pk, admin_user.pk, args.events)
        cursor.execute("ANALYZE")
    return {"brand": brand, "programme": coffee, "admin": admin}


def _load_sql(cursor: Any, brand_id: int, admin_id: int, admin_user_id: int, events: int) -> None:
    """Answers, the engagement ledger and staff time, generated inside PostgreSQL."""
    cursor.execute(
        """
        INSERT INTO ideas_statuschange (idea_id, actor_id, from_status, to_status, answer,
                                        created_at)
        SELECT id, %s, 'new', status, '', answered_at FROM ideas_idea
        WHERE brand_id = %s AND status <> 'new'
        """,
        [admin_user_id, brand_id],
    )
    cursor.execute(
        """
        WITH i AS (SELECT array_agg(id) AS ids, array_agg(author_id) AS authors
                   FROM ideas_idea WHERE brand_id = %s)
        INSERT INTO engagement_engagementevent (brand_id, member_id, kind, weight, idea_id,
                                                occurred_at, created_at)
        SELECT %s, i.authors[1 + (g %% array_length(i.ids, 1))],
               (ARRAY['vote_received','comment_posted','idea_submitted'])[1 + g %% 3], 1.0,
               i.ids[1 + (g %% array_length(i.ids, 1))],
               now() - (random() * interval '365 days'), now()
        FROM i, generate_series(1, %s) AS g
        """,
        [brand_id, brand_id, events],
    )
    cursor.execute(
        """
        INSERT INTO programmes_staffaction (brand_id, programme_id, campaign_id, actor_id,
            action, minutes, measured, manual, note, occurred_at)
        SELECT %s, c.programme_id, c.id, %s,
               (ARRAY['moderation','answer','merge','triage'])[1 + g %% 4], 3 + g %% 10,
               false, false, '', now() - (random() * interval '365 days')
        FROM generate_series(1, 20000) AS g
        JOIN campaigns_campaign c ON c.brand_id = %s AND c.slug = 'c' || (g %% 12)
        """,
        [brand_id, admin_id, brand_id],
    )


# --- Measures --------------------------------------------------------------------------------


def time_aggregation(brand: Any) -> tuple[float, int]:
    from cocrea.programmes.aggregate import aggregate_brand

    started = time.perf_counter()
    rows = aggregate_brand(brand)
    return time.perf_counter() - started, rows


def admin_cookie(admin: Any) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(admin.user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = admin.user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


def sequential(
    port: int, path: str, cookie: str, count: int, *, warm_up: int, marker: bytes = b""
) -> list[float]:
    """``count`` timed GETs of ``path`` one after the other, after ``warm_up`` untimed ones
    (enough for every gunicorn worker to have loaded its code, templates and caches: the
    first request of each worker is not the page's speed)."""
    headers = {"Cookie": cookie, "X-Forwarded-Proto": "https"}
    timings = []
    for i in range(warm_up + count):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
            assert response.status == 200, response.status
        if i >= warm_up:
            timings.append((time.perf_counter() - started) * 1000)
    assert marker in body
    return timings


def with_wrk(args: argparse.Namespace, path: str, cookie: str) -> str:
    argv = ["wrk", "-t", str(args.connections), "-c", str(args.connections)]
    argv += ["-d", f"{max(1, int(args.duration))}s", "--latency", "-H", f"Cookie: {cookie}"]
    argv += ["-H", "X-Forwarded-Proto: https", f"http://127.0.0.1:{args.port}{path}"]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    lat = dict(re.findall(r"\s+(50|90|99)%\s+([\d.]+\w+)", out))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return (
        f"wrk {args.connections} connections, {args.duration:.0f} s: "
        f"{float(rate.group(1)) if rate else 0:.1f} req/s, p50 {lat.get('50')}, "
        f"p90 {lat.get('90')}, p99 {lat.get('99')}"
        + (f", {errors.group(1)} non-2xx" if errors else "")
    )


def moderation_overhead(admin: Any, count: int) -> dict[str, float]:
    """CPU of a moderation decision (this process + its PostgreSQL backend), with and without
    the staff-time record, interleaved in blocks of 20 hide/restore pairs so that the machine's
    drift touches both alike. CPU, not wall time: on a shared machine the wall clock measures
    the neighbours."""
    from benchlib import backend_cpu, backend_pid

    from cocrea.ideas.models import Idea
    from cocrea.moderation import services as moderation

    ideas = list(Idea.objects.filter(brand_id=admin.brand_id, is_hidden=False)[:20])
    real = moderation.record_staff_action
    pid = backend_pid()
    cpu = {"on": 0.0, "off": 0.0}
    wall = {"on": 0.0, "off": 0.0}
    done = {"on": 0, "off": 0}
    for block in range(max(2, count // 20)):
        mode = "on" if block % 2 == 0 else "off"
        moderation.record_staff_action = real if mode == "on" else _noop  # type: ignore[assignment]
        cpu_start, db_start, wall_start = time.process_time(), backend_cpu(pid), time.perf_counter()
        for idea in ideas:
            for action in ("hide", "restore"):
                moderation.moderation_decide(
                    actor_membership=admin, item=idea, action=action, reason="bench"
                )
        cpu[mode] += time.process_time() - cpu_start + backend_cpu(pid) - db_start
        wall[mode] += time.perf_counter() - wall_start
        done[mode] += 2 * len(ideas)
    moderation.record_staff_action = real  # type: ignore[assignment]
    on, off = cpu["on"] * 1000 / done["on"], cpu["off"] * 1000 / done["off"]
    return {
        "cpu_on": on,
        "cpu_off": off,
        "cpu_pct": (on - off) * 100 / off,
        "wall_on": wall["on"] * 1000 / done["on"],
        "wall_off": wall["off"] * 1000 / done["off"],
    }


def _noop(**kwargs: Any) -> None:
    return None


def main() -> None:
    args = parse()
    print(f"{core_speed()}, load average {os.getloadavg()[0]:.1f}", flush=True)
    reset_database(args.database_url)
    bench_http.setup_django(args)
    from django.core.management import call_command
    from django.db import connections

    started = time.perf_counter()
    data = load(args)
    print(
        f"loaded {args.ideas:,} ideas, {args.events:,} ledger events, {args.members:,} members "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    seconds, rows = time_aggregation(data["brand"])
    print(f"aggregation job: {seconds:.1f} s for the brand, {rows:,} daily rows", flush=True)
    m = moderation_overhead(data["admin"], args.moderations)
    print(
        f"moderation decision, CPU (process + PostgreSQL backend): {m['cpu_on']:.2f} ms with "
        f"the staff-time record, {m['cpu_off']:.2f} ms without: {m['cpu_pct']:+.1f} % "
        f"(wall {m['wall_on']:.1f} / {m['wall_off']:.1f} ms; {args.moderations} decisions "
        "each way)",
        flush=True,
    )
    call_command("collectstatic", "--noinput", verbosity=0)
    cookie = admin_cookie(data["admin"])
    path = f"/b/{BRAND}/console/programmes/{data['programme'].pk}/"
    connections.close_all()
    args.workers = max(1, args.workers)
    server = bench_http.gunicorn_server("programmes", args)
    try:
        server.wait("/healthz")
        warm_up = 10 * args.workers
        marker = b'data-testid="dashboard"'
        timings = sequential(args.port, path, cookie, args.requests, warm_up=warm_up, marker=marker)
        print(
            f"dashboard, sequential ({len(timings)} GETs): p50 {percentile(timings, 50):.0f} ms, "
            f"p95 {percentile(timings, 95):.0f} ms, p99 {percentile(timings, 99):.0f} ms",
            flush=True,
        )
        print("dashboard, " + with_wrk(args, path, cookie), flush=True)
        home = sequential(args.port, f"/b/{BRAND}/console/", cookie, 50, warm_up=warm_up)
        print(f"console home (needs attention): p95 {percentile(home, 95):.0f} ms", flush=True)
    finally:
        server.stop()
    print(f"{core_speed()}, load average {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
