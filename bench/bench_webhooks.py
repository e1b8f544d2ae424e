"""Benchmark of webhook fan-out: E events, each to R local receivers, through real Celery workers.

    .venv/bin/python bench/bench_webhooks.py                      # 10,000 events x 3 receivers
    .venv/bin/python bench/bench_webhooks.py --events 500         # a quick check

What it does: a fresh PostgreSQL database (DATABASE_URL, default .../cocrea_webhooks_bench, wiped),
a brand with R endpoints subscribed to ``idea.created``, each pointing at its own receiver
(``cocrea.webhooks.receiver``: http.server threads in a separate process, checking every
signature); W Celery worker processes (``celery -A cocrea worker -Q webhooks -c C``) on Redis
(REDIS_URL, default redis://127.0.0.1:6379/2, flushed: use a database of your own); then E
events emitted one transaction each, as the services do (``emit`` inside ``atomic``, a payload
of the size of a real idea's). Figures:

- emit: what the change's transaction pays (the outbox rows: one event, R deliveries), p50/p95;
- throughput: deliveries received per second, from the first commit to the last arrival;
- delay from commit to delivery (the receiver's clock minus the commit's, same machine): p50,
  p95, p99, max — with ``--rate`` below the throughput, the delay of a system keeping up;
  unpaced, mostly the queue that builds when events come faster than they are delivered;
- checks: every delivery received once per endpoint (no loss, a duplicate is counted apart),
  every signature valid, every row ``succeeded`` with one attempt.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import core_speed, percentile, reset_database, setup_django  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/cocrea_webhooks_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/2"
PORTS = range(18210, 18300)


def receivers_process(count: int, secrets: list[str], ready: Any, stop: Any, out: str) -> None:
    """R receivers in one process of their own (their threads do not share the bench's GIL)."""
    from cocrea.webhooks.receiver import Receiver

    servers = [Receiver(secrets=[secret], ports=PORTS) for secret in secrets[:count]]
    for server in servers:
        server.start()
    ready.put([server.url for server in servers])
    stop.wait()
    arrivals = [
        {
            "port": server.port,
            "event": r.headers.get("Cocrea-Event-Id"),
            "at": r.at,
            "verified": r.verified,
        }
        for server in servers
        for r in server.received
    ]
    for server in servers:
        server.stop()
    Path(out).write_text(json.dumps(arrivals))


def start_workers(args: argparse.Namespace) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "COCREA_MODE": "test",
        "DATABASE_URL": args.database_url,
        "CELERY_BROKER_URL": args.redis_url,
        "LOG_LEVEL": "WARNING",
        "WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8",
    }
    celery = str(Path(sys.executable).with_name("celery"))
    log = open(ROOT / "var" / "bench" / "webhooks-workers.log", "ab")  # noqa: SIM115
    return [
        subprocess.Popen(
            [
                celery,
                "-A",
                "cocrea",
                "worker",
                "-Q",
                "webhooks",
                "-c",
                str(args.concurrency),
                "-P",
                args.pool,
                "-n",
                f"bench{n}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for n in range(args.workers)
    ]


def setup(urls: list[str]) -> tuple[Any, list[Any]]:
    from cocrea.accounts.models import User
    from cocrea.brands.models import Brand, Membership
    from cocrea.webhooks.services import endpoint_create

    brand = Brand.objects.create(name="Bench", slug="bench")
    user = User.objects.create_user(email="admin@bench.example", password="x")
    admin = Membership.objects.create(brand=brand, user=user, role="admin")
    endpoints = [
        endpoint_create(actor=admin, brand=brand, url=url, event_types=["idea.created"])
        for url in urls
    ]
    return brand, endpoints


def payload(n: int) -> dict[str, Any]:
    """About the size of a real idea's data (a 500-character excerpt)."""
    return {
        "id": n,
        "title": f"Idea number {n}: a cup that keeps coffee warm",
        "excerpt": ("Une tasse qui garde le café chaud plus longtemps. " * 10)[:500],
        "status": "new",
        "campaign": {"id": 1, "slug": "cup-of-tomorrow"},
        "author": {"id": n % 997, "name": f"Member {n % 997}"},
        "support_count": 0,
        "comment_count": 0,
        "created_at": "2026-12-03T08:00:00+00:00",
        "url": f"http://127.0.0.1:8000/b/bench/ideas/{n}/",
    }


def emit_all(brand: Any, count: int, rate: float) -> tuple[dict[str, float], list[float]]:
    from django.db import transaction

    from cocrea.webhooks.services import emit

    committed: dict[str, float] = {}
    costs: list[float] = []
    first = time.perf_counter()
    for n in range(count):
        if rate:  # paced: the n-th event not before n / rate seconds
            time.sleep(max(0.0, first + n / rate - time.perf_counter()))
        started = time.perf_counter()
        holder: dict[str, str] = {}
        with transaction.atomic():
            # Registered before emit's own: runs at commit, before the deliveries go to Redis.
            transaction.on_commit(lambda h=holder: committed.__setitem__(h["key"], time.time()))
            event = emit(brand=brand, event_type="idea.created", payload=payload(n))
            assert event is not None
            holder["key"] = str(event.pk)
        costs.append((time.perf_counter() - started) * 1000)
    return committed, costs


def wait_for_deliveries(expected: int, timeout: float) -> int:
    from cocrea.webhooks.models import Delivery

    deadline = time.monotonic() + timeout
    done = 0
    while time.monotonic() < deadline:
        done = Delivery.objects.filter(state__in=["succeeded", "failed"]).count()
        if done >= expected:
            break
        time.sleep(1)
    return done


def report(
    args: argparse.Namespace,
    committed: dict[str, float],
    costs: list[float],
    arrivals: list[dict[str, Any]],
    elapsed_emit: float,
) -> None:
    from cocrea.webhooks.models import Delivery

    expected = args.events * args.receivers
    firsts: dict[tuple[str, int], float] = {}
    duplicates = 0
    for item in arrivals:
        key = (item["event"], item["port"])
        if key in firsts:
            duplicates += 1
            continue
        firsts[key] = item["at"]
    delays = [
        (at - committed[event]) * 1000
        for (event, _port), at in firsts.items()
        if event in committed
    ]
    start, end = min(committed.values()), max(firsts.values())
    from django.db.models import Count

    states = dict(Delivery.objects.values_list("state").annotate(n=Count("id")))
    retried = Delivery.objects.filter(attempts__gt=1).count()
    pace = f"paced at {args.rate:g} events/s" if args.rate else "as fast as one process emits"
    print(
        f"sizes: {args.events:,} events ({pace}) x {args.receivers} receivers = "
        f"{expected:,} deliveries; "
        f"{args.workers} worker(s) x {args.concurrency} ({args.pool}); PostgreSQL, Redis"
    )
    print(
        f"emit (outbox rows in the change's transaction, commit included): "
        f"p50 {percentile(costs, 50):.2f} ms, p95 {percentile(costs, 95):.2f} ms; "
        f"{args.events / elapsed_emit:,.0f} events/s from one process"
    )
    print(
        f"throughput: {len(firsts) / (end - start):,.0f} deliveries/s "
        f"({len(firsts):,} in {end - start:.1f} s, first commit to last arrival)"
    )
    print(
        f"delay commit -> delivery: p50 {percentile(delays, 50):,.0f} ms, "
        f"p95 {percentile(delays, 95):,.0f} ms, p99 {percentile(delays, 99):,.0f} ms, "
        f"max {max(delays):,.0f} ms"
    )
    print(
        f"checks: received {len(firsts):,}/{expected:,} (duplicates {duplicates}), "
        f"signatures valid {sum(1 for a in arrivals if a['verified'])}/{len(arrivals)}, "
        f"rows {states}, retried {retried}"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {core_speed()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--receivers", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="worker processes (main)")
    parser.add_argument("--concurrency", type=int, default=4, help="pool size of each worker")
    parser.add_argument("--pool", default="prefork", choices=["prefork", "threads"])
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument(
        "--rate", type=float, default=0.0, help="events per second (default: as fast as it goes)"
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("WORKERS_REDIS_URL", DEFAULT_REDIS))
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("a PostgreSQL DATABASE_URL: workers and the emitter write at once")

    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    reset_database(args.database_url)
    os.environ["CELERY_BROKER_URL"] = args.redis_url
    os.environ["WEBHOOK_ALLOWED_NETWORKS"] = "127.0.0.0/8"
    setup_django(args.database_url)
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {core_speed()}")

    # The receivers first (they pick free ports), then endpoints with their secrets.
    from cocrea.webhooks.signing import new_secret

    secrets = [new_secret() for _ in range(args.receivers)]
    ready, stop = multiprocessing.Queue(), multiprocessing.Event()
    out = str(ROOT / "var" / "bench" / "webhooks-arrivals.json")
    child = multiprocessing.Process(
        target=receivers_process, args=(args.receivers, secrets, ready, stop, out)
    )
    child.start()
    brand, endpoints = setup(ready.get(timeout=60))
    from cocrea.webhooks.models import Endpoint

    for endpoint, secret in zip(endpoints, secrets, strict=True):
        Endpoint.objects.filter(pk=endpoint.pk).update(secret=secret)
    workers = start_workers(args)
    try:
        started = time.perf_counter()
        committed, costs = emit_all(brand, args.events, args.rate)
        elapsed_emit = time.perf_counter() - started
        done = wait_for_deliveries(args.events * args.receivers, args.timeout)
        print(f"finished deliveries: {done:,}")
    finally:
        for process in workers:
            os.killpg(process.pid, signal.SIGTERM)
        for process in workers:
            process.wait(timeout=60)
        stop.set()
        child.join(timeout=120)
    arrivals = json.loads(Path(out).read_text())
    report(args, committed, costs, arrivals, elapsed_emit)


if __name__ == "__main__":
    main()
