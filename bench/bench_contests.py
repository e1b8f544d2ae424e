"""Benchmark of the contest vote.

Loads one contest in its public vote with E entries and M members into SQLite or PostgreSQL,
then casts V votes through the real ``cocrea.contests.votes.vote_cast`` service from W worker
processes at once (each vote: its own transaction, the budget check, the one-vote constraint,
the tally and the audit row), and prints votes/s, the latency of one vote (p50/p95) and checks
that the tallies are exact afterwards.

    python bench/bench_contests.py                                   # SQLite
    python bench/bench_contests.py --database-url postgres://postgres@127.0.0.1/cocrea_bench
    python bench/bench_contests.py --mode budget --budget 5

The database named by --database-url (default var/bench/contests.sqlite3) is wiped and rebuilt.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import (  # noqa: E402
    backend_cpu,
    backend_pid,
    core_speed,
    cpu_per_vote,
    max_rss_mb,
    percentile,
    reset_database,
    setup_django,
)


def load(entries: int, members: int, mode: str, budget: int) -> int:
    """Bulk-load the data set (set-up, not the measure). Returns the contest id."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cocrea.accounts.models import User
    from cocrea.brands.models import Brand, Membership
    from cocrea.campaigns.models import Campaign, Phase
    from cocrea.contests.models import Contest, Entry
    from cocrea.customizer.models import Product

    call_command("migrate", verbosity=0)
    now = timezone.now()
    brand = Brand.objects.create(name="Bench", slug="bench", languages=["fr", "en"])
    campaign = Campaign.objects.create(
        brand=brand, slug="bench", title="Bench", objective="Measure", kind="contest"
    )
    Phase.objects.create(
        campaign=campaign,
        kind="voting",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=30),
    )
    product = Product.objects.create(brand=brand, name="Mug", slug="mug")
    contest = Contest.objects.create(
        brand=brand,
        campaign=campaign,
        product=product,
        vote_mode=mode,
        vote_budget=budget,
        finalists=min(20, entries),
        winners=1,
    )
    users = User.objects.bulk_create(
        User(username=f"m{i}@bench.local", email=f"m{i}@bench.local", display_name=f"M{i}")
        for i in range(members)
    )
    people = Membership.objects.bulk_create(Membership(brand=brand, user=u) for u in users)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10"/></svg>'
    Entry.objects.bulk_create(
        Entry(
            brand=brand, contest=contest, author=people[i], title=f"Design {i}", story="A", svg=svg
        )
        for i in range(entries)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return contest.pk


def _pairs(contest_id: int, votes: int, mode: str, budget: int, seed: int) -> list[tuple[int, int]]:
    """Distinct (member, entry) pairs, never one's own entry, within the budget per member."""
    from cocrea.brands.models import Membership
    from cocrea.contests.models import Entry

    rng = random.Random(seed)
    authors = dict(Entry.objects.filter(contest_id=contest_id).values_list("id", "author_id"))
    entry_ids = list(authors)
    members = list(Membership.objects.values_list("id", flat=True))
    per_member = budget if mode == "budget" else len(entry_ids)
    pairs: set[tuple[int, int]] = set()
    used: dict[int, int] = {}
    while len(pairs) < votes:
        member, entry = rng.choice(members), rng.choice(entry_ids)
        if (
            authors[entry] == member
            or used.get(member, 0) >= per_member
            or (member, entry) in pairs
        ):
            continue
        pairs.add((member, entry))
        used[member] = used.get(member, 0) + 1
    ordered = list(pairs)
    rng.shuffle(ordered)
    return ordered


def _worker(args: tuple[str, list[tuple[int, int]], mp.Queue, Any]) -> None:
    database_url, pairs, queue, ready = args
    setup_django(database_url)
    from django.db import connection

    from cocrea.brands.models import Membership
    from cocrea.contests.models import Entry
    from cocrea.contests.votes import vote_cast

    members = Membership.objects.in_bulk({m for m, _ in pairs})
    # As the entry page reads it (contests.selectors.entry_for_page): contest, campaign, phases.
    entries = (
        Entry.objects.select_related("contest__campaign__brand", "contest__brand")
        .prefetch_related("contest__campaign__phases")
        .in_bulk({e for _, e in pairs})
    )
    backend = backend_pid()
    timings: list[float] = []
    connection.ensure_connection()
    ready.wait()  # every worker set up: the clock measures votes, not process start-up
    cpu0, db0 = time.process_time(), backend_cpu(backend)
    started = time.perf_counter()
    for member_id, entry_id in pairs:
        t0 = time.perf_counter()
        vote_cast(member=members[member_id], entry=entries[entry_id], ip_hash="bench")
        timings.append((time.perf_counter() - t0) * 1000)
    finished = time.perf_counter()
    cpu = (time.process_time() - cpu0, backend_cpu(backend) - db0)
    connection.close()
    queue.put((len(pairs), (started, finished), timings, max_rss_mb(), cpu))


def measure(database_url: str, contest_id: int, args: argparse.Namespace) -> dict[str, float]:
    from django.db import connections

    pairs = _pairs(contest_id, args.votes, args.mode, args.budget, args.seed)
    chunks = [pairs[i :: args.workers] for i in range(args.workers)]
    connections.close_all()
    ctx = mp.get_context("fork")
    queue: mp.Queue = ctx.Queue()
    ready = ctx.Barrier(args.workers)
    procs = [ctx.Process(target=_worker, args=((database_url, c, queue, ready),)) for c in chunks]
    for proc in procs:
        proc.start()
    results = [queue.get() for _ in procs]
    for proc in procs:
        proc.join()
    # perf_counter is the system's monotonic clock, shared by the processes.
    wall = max(r[1][1] for r in results) - min(r[1][0] for r in results)
    timings = [t for r in results for t in r[2]]
    done = sum(r[0] for r in results)
    return {
        "app_cpu_ms": sum(r[4][0] for r in results) * 1000 / done,
        "db_cpu_ms": sum(r[4][1] for r in results) * 1000 / done,
        "votes": sum(r[0] for r in results),
        "seconds": wall,
        "per_second": sum(r[0] for r in results) / wall,
        "p50_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 95),
        "rss_mb": max(r[3] for r in results),
    }


def check(contest_id: int) -> str:
    from django.db.models import Sum

    from cocrea.contests.models import Ballot, Entry, EntryVote, VoteEvent

    tally = Entry.objects.filter(contest_id=contest_id).aggregate(n=Sum("vote_count"))["n"] or 0
    rows = EntryVote.objects.filter(contest_id=contest_id).count()
    events = VoteEvent.objects.filter(contest_id=contest_id).count()
    ballots = Ballot.objects.filter(contest_id=contest_id).aggregate(n=Sum("used"))["n"] or 0
    assert tally == rows == events == ballots, (tally, rows, events, ballots)
    return f"tallies exact: {tally:,} = vote rows = audit rows = ballots"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--votes", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--mode", choices=["per_entry", "budget"], default="per_entry")
    parser.add_argument("--budget", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'contests.sqlite3'}"
        ),
    )
    args = parser.parse_args()
    reset_database(args.database_url)
    setup_django(args.database_url)
    from django.db import connection

    started = time.perf_counter()
    contest_id = load(args.entries, args.members, args.mode, args.budget)
    print(
        f"database: {connection.vendor} · {args.entries:,} entries, {args.members:,} members, "
        f"vote mode {args.mode} · loaded in {time.perf_counter() - started:.1f} s"
    )
    print(f"{core_speed()}, load average {os.getloadavg()[0]:.1f}", flush=True)
    figures = measure(args.database_url, contest_id, args)
    print(
        f"vote_cast: {figures['votes']:,} votes by {args.workers} processes in "
        f"{figures['seconds']:.2f} s = {figures['per_second']:,.0f} votes/s · "
        f"one vote p50 {figures['p50_ms']:.2f} ms, p95 {figures['p95_ms']:.2f} ms "
        f"(worker peak memory {figures['rss_mb']:.0f} MB)"
    )
    print(cpu_per_vote(figures["app_cpu_ms"], figures["db_cpu_ms"], connection.vendor))
    print(check(contest_id))


if __name__ == "__main__":
    main()
