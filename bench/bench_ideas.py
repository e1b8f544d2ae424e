"""Benchmark of the core idea loop.

Loads N ideas and M votes into SQLite or PostgreSQL, then prints:
  * votes/s through the real ``vote_cast`` service under W concurrent worker processes;
  * idea-list page latency p50/p95 (trending sort, page 1 and page 50), full Django stack
    (middleware, selector, template) through the test client, no network;
  * peak memory (max RSS) of the loader and of the vote workers.

    python bench/bench_ideas.py --ideas 100000 --votes 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1/cocrea_bench python bench/bench_ideas.py

The database named by DATABASE_URL (or var/bench/bench.sqlite3) is wiped and rebuilt.
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

from benchlib import backend_cpu, backend_pid, core_speed, cpu_per_vote  # noqa: E402
from benchlib import max_rss_mb as _max_rss_mb  # noqa: E402
from benchlib import percentile as _percentile  # noqa: E402
from benchlib import reset_database as _reset_database  # noqa: E402
from benchlib import setup_django as _setup_django  # noqa: E402


def load(ideas: int, votes: int, members: int, seed: int) -> dict[str, int]:
    """Bulk-load the data set (not through the services: this is set-up, not the measure)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from cocrea.accounts.models import User
    from cocrea.brands.models import Brand, Membership
    from cocrea.campaigns.models import Campaign, Phase
    from cocrea.ideas.models import Idea, Vote

    rng = random.Random(seed)
    now = timezone.now()
    brand = Brand.objects.create(name="Bench", slug="bench", languages=["fr", "en"])
    campaign = Campaign.objects.create(
        brand=brand, slug="bench", title="Bench", objective="Measure", allow_rating=True
    )
    Phase.objects.create(
        campaign=campaign,
        kind=Phase.Kind.SUBMISSION,
        starts_at=now - timezone.timedelta(days=1),
        ends_at=now + timezone.timedelta(days=30),
    )
    users = User.objects.bulk_create(
        User(username=f"m{i}@bench.local", email=f"m{i}@bench.local", display_name=f"M{i}")
        for i in range(members)
    )
    memberships = Membership.objects.bulk_create(Membership(brand=brand, user=u) for u in users)
    start = now - timezone.timedelta(days=120)
    batch: list[Idea] = []
    for i in range(ideas):
        created = start + timezone.timedelta(seconds=i * (120 * 86400 / max(ideas, 1)))
        batch.append(
            Idea(
                brand=brand,
                campaign=campaign,
                author=memberships[i % members],
                title=f"Idée numéro {i} pour un meilleur café",
                body=f"<p>Texte {i}</p>",
                body_text=f"Texte {i}",
                created_at=created,
            )
        )
        if len(batch) == 5000:
            Idea.objects.bulk_create(batch)
            batch = []
    Idea.objects.bulk_create(batch)
    idea_ids = list(Idea.objects.values_list("id", flat=True))
    member_ids = [m.id for m in memberships]
    # Votes follow a Zipf-like law: a few ideas get many votes, most get a few.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(idea_ids))]
    rng.shuffle(weights)
    per_idea = _votes_per_idea(weights, votes, members)
    rows: list[Vote] = []
    total = 0
    with transaction.atomic():
        for idea_id, count in zip(idea_ids, per_idea, strict=True):
            for member_id in rng.sample(member_ids, count):
                rows.append(Vote(idea_id=idea_id, member_id=member_id, created_at=now))
            if len(rows) >= 20000:
                Vote.objects.bulk_create(rows)
                total += len(rows)
                rows = []
        Vote.objects.bulk_create(rows)
        total += len(rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE ideas_idea SET support_count = "
            "(SELECT COUNT(*) FROM ideas_vote v WHERE v.idea_id = ideas_idea.id)"
        )
    from django.core.management import call_command

    call_command("rebuild_idea_counters", verbosity=0)
    _score_members(brand, member_ids, now)
    with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would give
        cursor.execute("ANALYZE")
    return {"ideas": len(idea_ids), "votes": total, "members": members, "campaign": campaign.pk}


def _votes_per_idea(weights: list[float], votes: int, members: int) -> list[int]:
    """Split ``votes`` in proportion to ``weights``, exactly (largest remainders first), with
    at most one vote per member on an idea."""
    total = sum(weights)
    shares = [w / total * votes for w in weights]
    counts = [min(members, int(share)) for share in shares]
    by_remainder = sorted(
        range(len(shares)), key=lambda i: shares[i] - int(shares[i]), reverse=True
    )
    missing = votes - sum(counts)
    for i in by_remainder:
        if missing <= 0:
            break
        if counts[i] < members:
            counts[i] += 1
            missing -= 1
    return counts


def _load_and_report(args: argparse.Namespace) -> dict[str, int]:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    loaded = load(args.ideas, args.votes, args.members, args.seed)
    print(
        f"database: {connection.vendor} · loaded {loaded['ideas']:,} ideas, "
        f"{loaded['votes']:,} votes, {loaded['members']:,} members "
        f"in {time.perf_counter() - started:.1f} s"
    )
    print(f"loader peak memory: {_max_rss_mb():.0f} MB")
    return loaded


def _score_members(brand: Any, member_ids: list[int], now: Any) -> None:
    """The steady state of a brand with this history: every member has a score (what their
    loaded votes gave and received earned) and a tier evaluated, as after their first event."""
    from django.db.models import Count

    from cocrea.engagement.models import DEFAULT_WEIGHTS, Kind, MemberScore
    from cocrea.engagement.services import check_tier, engagement_setup
    from cocrea.ideas.models import Vote

    weights = engagement_setup(brand=brand)
    given = dict(Vote.objects.values_list("member_id").annotate(n=Count("id")))
    received = dict(Vote.objects.values_list("idea__author_id").annotate(n=Count("id")))
    scores = {
        m: given.get(m, 0) * DEFAULT_WEIGHTS[Kind.VOTE_GIVEN]
        + received.get(m, 0) * DEFAULT_WEIGHTS[Kind.VOTE_RECEIVED]
        for m in member_ids
    }
    MemberScore.objects.bulk_create(
        MemberScore(
            member_id=m,
            brand=brand,
            score_at_epoch=score
            * 2.0 ** ((now.timestamp() - weights.epoch) / (weights.half_life_days * 86400)),
            epoch=weights.epoch,
            half_life_days=weights.half_life_days,
            as_of=now,
        )
        for m, score in scores.items()
    )
    for row in MemberScore.objects.filter(brand=brand).values():
        check_tier(
            member_id=row["member_id"],
            brand_id=brand.pk,
            score_at_epoch=row["score_at_epoch"],
            epoch=row["epoch"],
            half_life_days=row["half_life_days"],
            next_threshold=row["next_threshold"],
            has_accepted_idea=False,
            tier_id=None,
            now=now,
        )


def _existing() -> dict[str, int]:
    """The data set of a previous run (``--reuse``)."""
    from django.db import connection

    from cocrea.brands.models import Membership
    from cocrea.campaigns.models import Campaign
    from cocrea.ideas.models import Idea, Vote

    campaign = Campaign.objects.get(slug="bench", brand__slug="bench")
    loaded = {
        "ideas": Idea.objects.filter(campaign=campaign).count(),
        "votes": Vote.objects.filter(idea__campaign=campaign).count(),
        "members": Membership.objects.filter(brand=campaign.brand).count(),
        "campaign": campaign.pk,
    }
    print(
        f"database: {connection.vendor} · reusing {loaded['ideas']:,} ideas, "
        f"{loaded['votes']:,} votes, {loaded['members']:,} members"
    )
    return loaded


def _vote_worker(args: tuple[str, list[tuple[int, int]], mp.Queue, Any]) -> None:
    database_url, pairs, queue, ready = args
    _setup_django(database_url)
    from django.db import connection
    from django.urls import reverse

    from cocrea.brands.models import Membership
    from cocrea.ideas.models import Idea
    from cocrea.ideas.services import vote_cast

    members = Membership.objects.in_bulk({m for m, _ in pairs})
    # As the idea page does: the idea with its campaign and phases (see ideas.selectors).
    ideas = (
        Idea.objects.select_related("campaign__brand")
        .prefetch_related("campaign__phases")
        .in_bulk({i for _, i in pairs})
    )
    # A web process has loaded its URLconf by the time it serves a vote (the notifications of
    # a vote reverse URLs): not part of a vote's cost, 0.6 s once per process.
    any_idea = next(iter(ideas.values()))
    reverse("ideas:list", args=[any_idea.campaign.brand.slug, any_idea.campaign.slug])
    backend = backend_pid()
    ready.wait()  # every worker set up: the clock measures votes, not process start-up
    done = 0
    cpu0, db0 = time.process_time(), backend_cpu(backend)
    started = time.perf_counter()
    for member_id, idea_id in pairs:
        vote_cast(member=members[member_id], idea=ideas[idea_id])
        done += 1
    finished = time.perf_counter()
    cpu = (time.process_time() - cpu0, backend_cpu(backend) - db0)
    connection.close()
    queue.put((done, started, finished, _max_rss_mb(), cpu))


def measure_votes(database_url: str, workers: int, votes: int, seed: int) -> dict[str, float]:
    """Fresh (member, idea) pairs, split across worker processes, all starting together."""
    from cocrea.brands.models import Membership
    from cocrea.ideas.models import Idea, Vote

    rng = random.Random(seed + 1)
    member_ids = list(Membership.objects.values_list("id", flat=True))
    # Hot ideas first: contention on the same rows is the realistic worst case.
    hot = list(Idea.objects.order_by("-support_count").values_list("id", flat=True)[:200])
    taken = set(Vote.objects.filter(idea_id__in=hot).values_list("member_id", "idea_id"))
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < votes:
        pair = (rng.choice(member_ids), rng.choice(hot))
        if pair not in taken:
            pairs.add(pair)
    chunks = [list(pairs)[i::workers] for i in range(workers)]
    from django.db import connections

    connections.close_all()
    ctx = mp.get_context("fork")
    queue: mp.Queue = ctx.Queue()
    ready = ctx.Barrier(workers)
    procs = [
        ctx.Process(target=_vote_worker, args=((database_url, c, queue, ready),)) for c in chunks
    ]
    for proc in procs:
        proc.start()
    results = [queue.get() for _ in procs]
    for proc in procs:
        proc.join()
    # perf_counter is the system's monotonic clock, shared by the processes.
    wall = max(r[2] for r in results) - min(r[1] for r in results)
    done = sum(r[0] for r in results)
    return {
        "votes": done,
        "seconds": wall,
        "per_second": done / wall,
        "worker_rss_mb": max(r[3] for r in results),
        "app_cpu_ms": sum(r[4][0] for r in results) * 1000 / done,
        "db_cpu_ms": sum(r[4][1] for r in results) * 1000 / done,
    }


def measure_list(campaign_id: int, requests: int) -> dict[str, dict[str, float]]:
    from django.test import Client
    from django.urls import reverse

    from cocrea.campaigns.models import Campaign

    campaign = Campaign.objects.select_related("brand").get(pk=campaign_id)
    url = reverse("ideas:list", args=[campaign.brand.slug, campaign.slug])
    client = Client(HTTP_HOST="127.0.0.1")
    figures: dict[str, dict[str, float]] = {}
    for page in (1, 50):
        timings: list[float] = []
        for attempt in range(requests + 5):
            started = time.perf_counter()
            response = client.get(url, {"sort": "trending", "page": page})
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.status_code
            if attempt >= 5:  # warm-up
                timings.append(elapsed)
        figures[f"page {page}"] = {
            "p50_ms": statistics.median(timings),
            "p95_ms": _percentile(timings, 95),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--ideas", type=int, default=100_000)
    parser.add_argument("--votes", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument(
        "--service-votes",
        type=int,
        default=8_000,
        help="votes cast through vote_cast during the measure",
    )
    parser.add_argument(
        "--requests", type=int, default=200, help="list requests per page (0: skip the list)"
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure on the database loaded by a previous run (no reload)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}"
        ),
    )
    args = parser.parse_args()

    if not args.reuse:
        _reset_database(args.database_url)
    _setup_django(args.database_url)
    loaded = _existing() if args.reuse else _load_and_report(args)

    print(f"{core_speed()}, load average {os.getloadavg()[0]:.1f}", flush=True)
    lists = measure_list(loaded["campaign"], args.requests) if args.requests else {}
    for page, figure in lists.items():
        print(
            f"idea list, trending, {page}: p50 {figure['p50_ms']:.1f} ms · "
            f"p95 {figure['p95_ms']:.1f} ms ({args.requests} requests)"
        )

    votes = measure_votes(args.database_url, args.workers, args.service_votes, args.seed)
    print(
        f"vote_cast: {votes['votes']:,} votes by {args.workers} processes in "
        f"{votes['seconds']:.2f} s = {votes['per_second']:,.0f} votes/s "
        f"(worker peak memory {votes['worker_rss_mb']:.0f} MB)"
    )
    from django.db import connection

    print(cpu_per_vote(votes["app_cpu_ms"], votes["db_cpu_ms"], connection.vendor))


if __name__ == "__main__":
    main()
