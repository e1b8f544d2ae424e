"""Benchmark of an influencer's space page through gunicorn on PostgreSQL (issue 15).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cocrea_influencers \\
        .venv/bin/python bench/bench_spaces.py --followers 10000

A fresh database (wiped): a brand and, in it, an influencer's public space with F followers,
all brought by her link; every follower answered her open question and voted in her poll (F
answers, F ballots), one in ten posted a mood-board picture (F/10 pictures). Beside it, in the
same brand and the same run, the **baseline**: an empty space with the same rounds (a poll, a
question, a mood board) and no follower, so the difference is what the followers cost.

Then Cocréa's gunicorn (production settings, W sync workers) and, through HTTP, one request
after the other, interleaved round by round: the full space's page read by a follower who voted
(her ballot shown), by an anonymous visitor, and the empty space's page. Printed: p50/p95 of
each, the queries of each page (counted in process) and the load average, since the machine is
shared. Target (issue 15): the space page p95 ≤ 50 ms with 10k followers.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import bench_http  # noqa: E402
from bench_programmes import admin_cookie, sequential  # noqa: E402
from benchlib import core_speed, percentile, reset_database  # noqa: E402


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300, help="timed GETs of each page")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8150")))
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cocrea_influencers"
        ),
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--app-src", default=str(ROOT / "src"))
    parser.add_argument(
        "--before-src",
        default="",
        help="another checkout's src/ (the code before a change), served on port+1 and "
        "measured in the same rounds",
    )
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("bench_spaces.py measures the production set-up: use PostgreSQL")
    return args


def _space(brand: Any, admin: Any, name: str) -> tuple[Any, Any, Any, Any]:
    """A partnership and its space through the services, with a poll, a question, a board."""
    from datetime import date

    from cocrea.accounts.models import User
    from cocrea.brands.models import Membership
    from cocrea.influencers.models import Space
    from cocrea.influencers.services import partnership_create, round_create, round_poll_create
    from cocrea.polls.services import OptionInput

    user = User.objects.create(username=name, email=f"{name}@bench.test", display_name=name)
    influencer = Membership.objects.create(brand=brand, user=user)
    partnership_create(
        actor=admin,
        influencer=influencer,
        capsule_name={"fr": f"Capsule {name}", "en": f"{name} capsule"},
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        terms="royalty",
        amount="6",
    )
    influencer.refresh_from_db()
    space = Space.objects.get(influencer=influencer)
    options = [OptionInput("Wide"), OptionInput("Slim"), OptionInput("Cropped")]
    poll = round_poll_create(
        actor=influencer, space=space, question="Which cut?", kind="single", options=options
    ).poll
    question = round_create(actor=influencer, space=space, kind="question", prompt="Fabric?")
    board = round_create(actor=influencer, space=space, kind="moodboard", prompt="Mood")
    return space, poll, question, board


def load(followers: int) -> tuple[Any, Any, Any]:
    """The brand, the full space and the empty one (set-up, not the measure)."""
    from django.core.management import call_command
    from django.db.models import F

    from cocrea.accounts.models import User
    from cocrea.brands.models import Brand, Membership
    from cocrea.influencers.models import Follower, MoodPicture, Response, Space
    from cocrea.polls.models import Ballot, BallotChoice, PollTally

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    brand = Brand.objects.create(name="Bench", slug="bench", languages=["fr", "en"])
    owner = User.objects.create(username="admin", email="admin@bench.test", display_name="A")
    admin = Membership.objects.create(brand=brand, user=owner, role=Membership.Role.ADMIN)
    full, poll, question, board = _space(brand, admin, "lea")
    empty = _space(brand, admin, "zoe")[0]
    users = User.objects.bulk_create(
        User(username=f"f{i}", email=f"f{i}@bench.test", display_name=f"Follower {i}")
        for i in range(followers)
    )
    members = Membership.objects.bulk_create(Membership(brand=brand, user=u) for u in users)
    Follower.objects.bulk_create(Follower(space=full, member=m, attributed=True) for m in members)
    Space.objects.filter(pk=full.pk).update(follower_count=F("follower_count") + followers)
    Response.objects.bulk_create(
        Response(round=question, member=m, body=f"Linen, answer {i}.")
        for i, m in enumerate(members)
    )
    MoodPicture.objects.bulk_create(
        MoodPicture(round=board, member=m, image="moodboards/bench.png", heart_count=i % 50)
        for i, m in enumerate(members[::10])
    )
    options = list(poll.options.order_by("position"))
    ballots = Ballot.objects.bulk_create(Ballot(poll=poll, member=m) for m in members)
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=b, option=options[i % 3]) for i, b in enumerate(ballots)
    )
    counts = {0: followers} | {o.pk: len(range(i, followers, 3)) for i, o in enumerate(options)}
    PollTally.objects.bulk_create(
        PollTally(poll=poll, key=k, shard=0, count=n) for k, n in counts.items()
    )
    return full, empty, members[0]


def queries(path: str, member: Any) -> int:
    """Queries of one GET of ``path`` (in process, the same settings), the second one."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    if member is not None:
        client.force_login(member.user)
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def _ms(values: list[float]) -> str:
    return f"p50 {percentile(values, 50):5.1f} ms, p95 {percentile(values, 95):5.1f} ms"


def main() -> None:
    args = parse()
    print(f"{core_speed()}, load average {os.getloadavg()[0]:.1f} (a shared, loaded machine)")
    reset_database(args.database_url)
    bench_http.setup_django(args)
    from django.db import connections
    from django.urls import reverse

    started = time.perf_counter()
    full, empty, follower = load(args.followers)
    print(f"loaded {args.followers:,} followers in {time.perf_counter() - started:.0f} s")
    pages = {
        "full space, a follower who voted": (full, admin_cookie(follower), follower),
        "full space, anonymous": (full, "", None),
        "baseline: empty space, anonymous": (empty, "", None),
    }
    paths = {
        name: reverse("influencers:space", args=["bench", s.pk])
        for name, (s, _c, _m) in pages.items()
    }
    counted = {name: queries(paths[name], member) for name, (_s, _c, member) in pages.items()}
    connections.close_all()
    runs = [(name, args.port) for name in pages]
    if args.before_src:
        runs += [(f"before the change: {name}", args.port + 1) for name in list(pages)[:2]]
    timings: dict[str, list[float]] = {name: [] for name, _port in runs}
    servers = [bench_http.gunicorn_server("spaces", args)]
    if args.before_src:
        before = argparse.Namespace(**{**vars(args), "port": args.port + 1})
        before.app_src = args.before_src
        servers.append(bench_http.gunicorn_server("spaces-before", before))
    try:
        for server in servers:
            server.wait("/healthz")
        per_round = max(1, args.requests // args.rounds)
        for _round in range(args.rounds):
            for name, port in runs:
                page = name.removeprefix("before the change: ")
                timings[name] += sequential(
                    port, paths[page], pages[page][1], per_round, warm_up=10, marker=b"Which cut?"
                )
    finally:
        for server in servers:
            server.stop()

    print(
        f"\nThe space page through HTTP (gunicorn, {args.workers} sync workers, PostgreSQL), "
        f"{args.followers:,} followers, {args.followers:,} answers, {args.followers:,} ballots, "
        f"{len(range(0, args.followers, 10)):,} pictures:"
    )
    for name, values in timings.items():
        queries_of = f", {counted[name]} queries" if name in counted else ""
        print(f"  {name:<52} {_ms(values)}  ({len(values)} requests{queries_of})")
    print(f"\n{core_speed()}, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
