"""Benchmark of the in-store device API through gunicorn on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cocrea_kiosk_bench \\
        .venv/bin/python bench/bench_instore.py --stores 200 --batches 40

A fresh database (wiped), a brand with S stores, one kiosk each and 50 products, then Cocréa's
gunicorn (production settings, W sync workers) and, through HTTP:

* batched ingestion: C clients at once, each a different kiosk, posting batches of 500 new
  signals (hearts, views, ratings, a few comments): signals accepted per second, wall clock;
* single signals: one kiosk posting ``/api/v1/device/signal`` one after the other: p50, p95;
* the baseline beside them, the same server and client: ``GET /api/v1/device`` (the device's
  token checked, its store read, no signal), the floor of one device request here.

Then a second, in-process table: ``signals_ingest`` of one batch of 500 against the bare
``bulk_create`` of the same 500 rows (no checks, no day counts, no webhooks). Every figure is
printed with the core speed and the load average: the machine is shared and loaded.
Targets (issue 14): ≥ 5,000 signals/s in batches, single-signal p95 ≤ 20 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import bench_http  # noqa: E402
from benchlib import core_speed, percentile, reset_database  # noqa: E402

KINDS = ["heart", "view", "view", "heart", "rating", "view", "heart", "comment"]


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stores", type=int, default=200)
    parser.add_argument("--batches", type=int, default=40, help="batches of 500, all clients")
    parser.add_argument("--clients", type=int, default=4, help="kiosks posting at once")
    parser.add_argument("--singles", type=int, default=400, help="single signals, one by one")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8131")))
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cocrea_kiosk_bench"
        ),
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--app-src", default=str(ROOT / "src"))
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("bench_instore.py measures the production set-up: use PostgreSQL")
    return args


def load(stores: int) -> tuple[list[str], list[int]]:
    """A brand, its stores, one kiosk each (their tokens) and 50 products (set-up)."""
    from django.core.management import call_command

    from cocrea.accounts.models import User
    from cocrea.brands.models import Brand, Membership
    from cocrea.instore.models import Product, Store
    from cocrea.instore.services import device_register

    call_command("migrate", verbosity=0)
    brand = Brand.objects.create(name="Bench", slug="bench", languages=["fr", "en"])
    user = User.objects.create(username="admin", email="admin@bench.test", display_name="A")
    admin = Membership.objects.create(brand=brand, user=user, role=Membership.Role.ADMIN)
    shops = Store.objects.bulk_create(
        Store(brand=brand, code=f"S{i:04d}", name=f"Store {i}", region=f"R{i % 12}")
        for i in range(stores)
    )
    products = Product.objects.bulk_create(
        Product(brand=brand, sku=f"P{i:03d}", name=f"Product {i}") for i in range(50)
    )
    tokens = [device_register(actor=admin, store=s, kind="kiosk", name="K")[1] for s in shops]
    return tokens, [p.pk for p in products]


def signals(products: list[int], count: int, offset: int) -> list[dict[str, Any]]:
    now = datetime.now(UTC).isoformat()
    out = []
    for i in range(count):
        kind = KINDS[(offset + i) % len(KINDS)]
        item: dict[str, Any] = {"id": uuid.uuid4().hex, "kind": kind, "at": now,
                                "product_id": products[(offset + i) % len(products)]}  # fmt: skip
        if kind == "rating":
            item["rating"] = 1 + i % 5
        if kind == "comment":
            item["text"] = "Très joli, mais un peu cher."
        out.append(item)
    return out


def _post(port: int, path: str, token: str, body: Any) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                 "X-Forwarded-Proto": "https"},
        method="POST",
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status, json.loads(response.read())


def batched(args: argparse.Namespace, tokens: list[str], products: list[int]) -> tuple[int, float]:
    """Signals accepted per second with ``clients`` kiosks posting batches of 500 at once."""
    bodies = [
        {"sent_at": datetime.now(UTC).isoformat(), "signals": signals(products, 500, i * 500)}
        for i in range(args.batches)
    ]
    accepted = [0] * args.clients

    def client(n: int) -> None:
        for i in range(n, len(bodies), args.clients):
            _status, answer = _post(args.port, "/api/v1/device/signals", tokens[i], bodies[i])
            accepted[n] += answer["accepted"]

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(accepted), time.perf_counter() - started


def singles(args: argparse.Namespace, token: str, products: list[int]) -> list[float]:
    timings = []
    for i, item in enumerate(signals(products, args.singles + 20, 7)):
        started = time.perf_counter()
        status, _answer = _post(args.port, "/api/v1/device/signal", token, item)
        assert status == 201, status
        if i >= 20:  # warm-up
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def whoami(args: argparse.Namespace, token: str, count: int) -> tuple[list[float], float]:
    headers = {"Authorization": f"Bearer {token}", "X-Forwarded-Proto": "https"}
    timings = []
    started_all = time.perf_counter()
    for _ in range(count):
        url = f"http://127.0.0.1:{args.port}/api/v1/device"
        request = urllib.request.Request(url, headers=headers)
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
        timings.append((time.perf_counter() - started) * 1000)
    return timings, count / (time.perf_counter() - started_all)


def in_process(tokens: list[str], products: list[int]) -> tuple[float, float]:
    """ms for one batch of 500 through ``signals_ingest``, and the bare ``bulk_create``."""
    from django.utils import timezone

    from cocrea.instore.ingest import signals_ingest
    from cocrea.instore.models import Signal
    from cocrea.instore.services import device_authenticate

    device = device_authenticate(tokens[-1])
    signals_ingest(device=device, items=signals(products, 500, 99))  # warm-up (first imports)
    started = time.perf_counter()
    for i in range(5):
        signals_ingest(device=device, items=signals(products, 500, i))
    ingest = (time.perf_counter() - started) * 1000 / 5
    started = time.perf_counter()
    for i in range(5):
        now = timezone.now()
        Signal.objects.bulk_create(
            Signal(brand_id=device.brand_id, store_id=device.store_id, device=device,
                   client_id=s["id"], kind=s["kind"], product_id=s["product_id"],
                   rating=s.get("rating"), text=s.get("text", ""), device_time=now,
                   occurred_at=now, received_at=now)
            for s in signals(products, 500, i)
        )  # fmt: skip
    bare = (time.perf_counter() - started) * 1000 / 5
    return ingest, bare


def _ms(values: list[float]) -> str:
    return f"p50 {percentile(values, 50):.1f} ms, p95 {percentile(values, 95):.1f} ms"


def main() -> None:
    args = parse()
    print(f"{core_speed()}, load average {os.getloadavg()[0]:.1f} (a shared, loaded machine)")
    reset_database(args.database_url)
    bench_http.setup_django(args)
    from django.db import connections

    tokens, products = load(args.stores)
    connections.close_all()
    server = bench_http.gunicorn_server("instore", args)
    try:
        server.wait("/healthz")
        floor, per_second = whoami(args, tokens[1], 200)
        accepted, seconds = batched(args, tokens, products)
        single = singles(args, tokens[0], products)
        floor_after, _ = whoami(args, tokens[1], 200)
    finally:
        server.stop()
    print(f"\nThrough HTTP (gunicorn, {args.workers} sync workers, PostgreSQL):")
    print(
        f"  batched ingestion, {args.clients} kiosks at once, {args.batches} batches of 500: "
        f"{accepted / seconds:,.0f} signals/s ({accepted:,} accepted in {seconds:.1f} s)"
    )
    print(f"  single signal, one after the other ({len(single)}): {_ms(single)}")
    print(f"  baseline GET /api/v1/device, same server: {_ms(floor + floor_after)}, "
          f"{per_second:,.0f} requests/s one by one")  # fmt: skip
    ingest, bare = in_process(tokens, products)
    print("\nIn process (a second table, no HTTP):")
    print(f"  signals_ingest, one batch of 500: {ingest:.0f} ms ({500 / ingest * 1000:,.0f}/s)")
    print(f"  baseline bulk_create of the same 500 rows: {bare:.0f} ms")
    print(f"\n{core_speed()}, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
