"""Benchmark of polls: votes/s on one hot poll, and live results at 100k votes.

Prints, on the database named by DATABASE_URL (wiped and rebuilt; PostgreSQL is the target):
  * votes/s through the real ``poll_vote`` service with W worker processes all voting on one
    poll, next to a baseline in the same run: the bare ballot INSERT without the tallies;
  * live results p50/p95 (``poll_results``: a sum of tally rows) on a poll with N votes, next to
    the baseline of counting the ballot choices (GROUP BY over N rows) that the tallies avoid.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cocrea_bench_polls \\
        python bench/bench_polls.py --workers 8 --votes-per-worker 500 --loaded 100000

The space page through gunicorn with 10k followers: bench/bench_spaces.py.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import percentile, reset_database, setup_django  # noqa: E402


def load(members: int) -> tuple[int, int, list[int]]:
    """A brand, ``members`` members, a hot poll with three answers (set-up, not the measure)."""
    from cocrea.accounts.models import User
    from cocrea.brands.models import Brand, Membership
    from cocrea.polls.models import Poll, PollOption

    brand = Brand.objects.create(name="Bench", slug="bench", languages=["fr", "en"])
    users = User.objects.bulk_create(
        User(username=f"m{i}", email=f"m{i}@bench.test", display_name=f"M{i}")
        for i in range(members)
    )
    Membership.objects.bulk_create(Membership(brand=brand, user=u) for u in users)
    author = Membership.objects.filter(brand=brand).first()
    assert author is not None
    poll = Poll.objects.create(brand=brand, author=author, question="Hot?", kind="single")
    options = [
        PollOption.objects.create(poll=poll, label=x, position=i) for i, x in enumerate("ABC")
    ]
    return brand.pk, poll.pk, [o.pk for o in options]


def _worker(args: tuple[str, int, list[int], list[int], bool]) -> int:
    url, poll_id, options, member_ids, bare = args
    setup_django(url)
    from django.db import connection

    from cocrea.brands.models import Membership
    from cocrea.polls.models import Poll
    from cocrea.polls.services import poll_vote

    poll = Poll.objects.get(pk=poll_id)
    members = list(Membership.objects.filter(pk__in=member_ids))
    done = 0
    for i, member in enumerate(members):
        if bare:
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO polls_ballot (poll_id, member_id, created_at) "
                    "VALUES (%s, %s, now()) ON CONFLICT DO NOTHING",
                    [poll_id, member.pk],
                )
        else:
            poll_vote(member=member, poll=poll, option_ids=[options[i % 3]])
        done += 1
    return done


def votes_per_second(
    url: str, poll_id: int, options: list[int], ids: list[int], workers: int, bare: bool
) -> float:
    chunks = [ids[i::workers] for i in range(workers)]
    with mp.get_context("spawn").Pool(workers) as pool:
        pool.map(_worker, [(url, poll_id, options, [], bare)] * workers)  # warm the imports
        start = time.perf_counter()
        done = sum(pool.map(_worker, [(url, poll_id, options, c, bare) for c in chunks]))
        return done / (time.perf_counter() - start)


def results_latency(poll_id: int, loaded: int, repeat: int) -> tuple[list[float], list[float]]:
    from django.db import connection
    from django.db.models import Count

    from cocrea.polls.models import BallotChoice, Poll
    from cocrea.polls.selectors import poll_results

    poll = Poll.objects.get(pk=poll_id)
    assert poll_results(poll).total >= loaded
    tallies, counted = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        poll_results(poll)
        tallies.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        list(
            BallotChoice.objects.filter(ballot__poll=poll).values("option").annotate(n=Count("id"))
        )
        counted.append((time.perf_counter() - start) * 1000)
    connection.close()
    return tallies, counted


def bulk_votes(poll_id: int, options: list[int], member_ids: list[int]) -> None:
    """Ballots, choices and tallies written in bulk, as the service would have (set-up)."""
    from cocrea.polls.models import SHARDS, Ballot, BallotChoice, Poll, PollTally
    from cocrea.polls.services import polls_tally_rebuild

    ballots = Ballot.objects.bulk_create(
        (Ballot(poll_id=poll_id, member_id=m) for m in member_ids), batch_size=5000
    )
    BallotChoice.objects.bulk_create(
        (BallotChoice(ballot=b, option_id=options[i % 3]) for i, b in enumerate(ballots)),
        batch_size=5000,
    )
    assert SHARDS and PollTally
    polls_tally_rebuild(Poll.objects.get(pk=poll_id))


def _p(values: list[float]) -> str:
    return f"p50 {percentile(values, 50):6.2f} ms  p95 {percentile(values, 95):6.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--votes-per-worker", type=int, default=500)
    parser.add_argument("--loaded", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cocrea_bench_polls")
    reset_database(url)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    hot = args.workers * args.votes_per_worker
    _brand, poll_id, options = load(2 * hot + args.loaded)
    from cocrea.brands.models import Membership
    from cocrea.polls.models import Poll

    ids = list(Membership.objects.order_by("pk").values_list("pk", flat=True))
    from django.db import connection

    connection.close()
    print(f"load average before: {os.getloadavg()}")
    service = votes_per_second(url, poll_id, options, ids[:hot], args.workers, bare=False)
    base_poll = Poll.objects.create(
        brand_id=_brand, author_id=ids[0], question="Baseline", kind="single"
    )
    connection.close()
    bare = votes_per_second(url, base_poll.pk, options, ids[hot : 2 * hot], args.workers, bare=True)
    print(f"votes on one hot poll, {args.workers} processes, {hot} votes each run:")
    print(f"  poll_vote service (ballot + choice + tallies): {service:8.0f} votes/s")
    print(f"  baseline, bare ballot INSERT:                  {bare:8.0f} votes/s")
    bulk_votes(poll_id, options, ids[2 * hot : 2 * hot + args.loaded])
    tallies, counted = results_latency(poll_id, args.loaded, args.repeat)
    print(f"live results at {args.loaded + hot} votes ({args.repeat} reads):")
    print("  poll_results (tallies):   " + _p(tallies))
    print("  baseline, GROUP BY count: " + _p(counted))
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
