"""Benchmark of the engagement score: cost of one event, and a full rebuild from the ledger.

    python bench/bench_engagement.py                       # SQLite, 1,000,000 events
    python bench/bench_engagement.py --database-url postgres://postgres@127.0.0.1:5432/cocrea_engbench
    python bench/bench_engagement.py --events 100000 --members 5000        # smaller

The database named by --database-url (or var/bench/engagement.sqlite3) is wiped and rebuilt.
Prints:
  * µs per event through ``record()`` (its own transaction, as a service would run it): a
    comment (1 INSERT + 1 upsert) and a vote (1 INSERT of 2 rows + 2 upserts); then a comment
    with badge rules, all earned (no extra statement) and one still to earn (+1 statement);
  * the time and peak memory of ``scores_rebuild`` over the whole ledger (bulk-loaded, not
    through the services: loading is set-up, not the measure), and that it agrees with the
    incremental scores.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import max_rss_mb as _rss_mb  # noqa: E402
from benchlib import reset_database as _reset  # noqa: E402
from benchlib import setup_django as _setup  # noqa: E402


def _brand(members: int):  # type: ignore[no-untyped-def]
    from cocrea.accounts.models import User
    from cocrea.brands.models import Brand, Membership
    from cocrea.campaigns.models import Campaign
    from cocrea.engagement.services import engagement_setup
    from cocrea.ideas.models import Idea

    brand = Brand.objects.create(name="Bench", slug="bench", languages=["fr"])
    engagement_setup(brand=brand)
    users = User.objects.bulk_create(
        User(username=f"m{i}@b.local", email=f"m{i}@b.local", display_name=f"M{i}")
        for i in range(members)
    )
    memberships = Membership.objects.bulk_create(Membership(brand=brand, user=u) for u in users)
    campaign = Campaign.objects.create(brand=brand, slug="bench", title="Bench", objective="x")
    ideas = Idea.objects.bulk_create(
        Idea(brand=brand, campaign=campaign, author=memberships[i], title=f"I{i}", body="b")
        for i in range(min(members, 200))
    )
    return brand, memberships, ideas


def per_event(memberships, ideas, n: int, rng: random.Random) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from cocrea.engagement.models import Kind
    from cocrea.engagement.services import record

    timings = {}
    memberships = memberships[:500]  # active members: their first event (tier set-up) is past
    with transaction.atomic():
        for member in memberships:
            record(kind=Kind.IDEA_SUBMITTED, member=member)
    for label, kind in (("comment", Kind.COMMENT_POSTED), ("vote", Kind.VOTE_GIVEN)):
        start = time.perf_counter()
        for _ in range(n):
            member, idea = rng.choice(memberships), rng.choice(ideas)
            with transaction.atomic():
                record(kind=kind, member=member, idea=idea)
        timings[label] = (time.perf_counter() - start) / n * 1e6
        start = time.perf_counter()
        with transaction.atomic():  # the marginal cost inside the calling service's transaction
            for _ in range(n):
                record(kind=kind, member=rng.choice(memberships), idea=rng.choice(ideas))
        timings[label + "_in_tx"] = (time.perf_counter() - start) / n * 1e6
    return timings


def per_event_badges(brand, memberships, ideas, n: int, rng: random.Random) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """A comment's cost with badge rules: all earned (the upsert's subquery finds none pending),
    then one rule still to earn (one more statement: the rules reached by an indexed count)."""
    from django.db import transaction

    from cocrea.brands.models import Membership
    from cocrea.engagement.badges import badge_create
    from cocrea.engagement.models import Kind
    from cocrea.engagement.services import record

    admin = memberships[0]
    Membership.objects.filter(pk=admin.pk).update(role=Membership.Role.ADMIN)
    admin.refresh_from_db()
    active = memberships[:500]
    with transaction.atomic():  # every active member has a comment: the first rule is earned
        for member in active:  # by all when it is created (awards and e-mails are not timed)
            record(kind=Kind.COMMENT_POSTED, member=member, idea=rng.choice(ideas))
    timings = {}
    for label, threshold in (("earned", 1), ("pending", 100_000)):
        badge_create(
            actor=admin, brand=brand, name=label, kind=Kind.COMMENT_POSTED, threshold=threshold
        )
        start = time.perf_counter()
        for _ in range(n):
            with transaction.atomic():
                record(kind=Kind.COMMENT_POSTED, member=rng.choice(active), idea=rng.choice(ideas))
        timings[label] = (time.perf_counter() - start) / n * 1e6
    return timings


def bulk_load(brand, memberships, total: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """Append ``total`` events spread over two years (raw inserts, in chunks)."""
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from cocrea.engagement.models import DEFAULT_WEIGHTS, Kind

    kinds = [Kind.COMMENT_POSTED, Kind.VOTE_GIVEN, Kind.VOTE_RECEIVED, Kind.IDEA_SUBMITTED]
    now = timezone.now()
    ids = [m.pk for m in memberships]
    columns = "brand_id, member_id, kind, weight, occurred_at, created_at"
    sql = f"INSERT INTO engagement_engagementevent ({columns}) VALUES (%s, %s, %s, %s, %s, %s)"
    chunk = 50_000
    for offset in range(0, total, chunk):
        rows = []
        for _ in range(min(chunk, total - offset)):
            kind = rng.choice(kinds)
            at = now - timedelta(seconds=rng.random() * 730 * 86400)
            member = ids[min(int(rng.paretovariate(1.2)) - 1, len(ids) - 1)]
            rows.append((brand.pk, member, kind, DEFAULT_WEIGHTS[kind], at, at))
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(
                    f"COPY engagement_engagementevent ({columns}) FROM STDIN"
                ) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                adapt = connection.ops.adapt_datetimefield_value
                cursor.executemany(sql, [(*r[:4], adapt(r[4]), adapt(r[5])) for r in rows])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench' / 'engagement.sqlite3'}"
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--per-event", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    _reset(args.database_url)
    _setup(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cocrea.engagement.models import EngagementEvent, MemberScore
    from cocrea.engagement.services import current_score, scores_rebuild

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    brand, memberships, ideas = _brand(args.members)
    us = per_event(memberships, ideas, args.per_event, rng)
    print(f"database: {connection.vendor}  cores: {len(os.sched_getaffinity(0))}")
    print(
        f"record() in its own transaction: comment {us['comment']:.0f} µs, "
        f"vote (2 rows) {us['vote']:.0f} µs; inside the caller's transaction: "
        f"comment {us['comment_in_tx']:.0f} µs, vote {us['vote_in_tx']:.0f} µs"
    )
    badges = per_event_badges(brand, memberships, ideas, args.per_event, rng)
    print(
        f"comment with badge rules (own transaction): all earned {badges['earned']:.0f} µs, "
        f"one rule still to earn {badges['pending']:.0f} µs"
    )
    now = timezone.now()
    incremental = {s.member_id: current_score(s, now=now) for s in MemberScore.objects.all()}
    scores_rebuild(brand=brand, now=now)
    rebuilt = {s.member_id: current_score(s, now=now) for s in MemberScore.objects.all()}
    worst = max(abs(rebuilt[k] - v) / max(abs(v), 1e-9) for k, v in incremental.items())
    print(f"rebuild agrees with the incremental scores: worst relative gap {worst:.1e}")
    start = time.perf_counter()
    bulk_load(brand, memberships, args.events - EngagementEvent.objects.count(), rng)
    print(
        f"loaded {EngagementEvent.objects.count():,} events in {time.perf_counter() - start:.1f} s"
    )
    rss_before = _rss_mb()
    start = time.perf_counter()
    members = scores_rebuild(brand=brand)
    elapsed = time.perf_counter() - start
    print(
        f"full rebuild: {elapsed:.1f} s for {EngagementEvent.objects.count():,} events, "
        f"{members:,} members; peak RSS {rss_before:.0f} → {_rss_mb():.0f} MB"
    )
    assert math.isfinite(elapsed)


if __name__ == "__main__":
    main()
