"""The contest peak: members arriving at a design contest's vote opening, through the production
topology of `make prod-local` (nginx → 2 gunicorn → PostgreSQL + Redis, workers and beat).

    make prod-local                        # start the topology (http://127.0.0.1:18300)
    make contest-peak                      # 2,000 members over 2 minutes, then 1 minute more
    make contest-peak ARGS=--small         # 200 members over 30 s: a quick check

Each simulated member arrives (spawn rate = members / ramp), signs in — a share of them with
their password (`--login-share`, 10 %: the rest come back with the session their e-mail link
opened, as most do; each password login costs the server a PBKDF2 hash of ~0.3 s of CPU) —,
opens the brand's page and the contest, looks at designs, votes for one to three of them and
sometimes comments an idea, then keeps browsing and voting until the end. Locust reports
throughput and p50/p95/p99 per request kind; afterwards every vote the server accepted (a 200)
is compared with the votes stored: none lost, none doubled, counters equal to the rows.

Every address is the member's own (X-Forwarded-For, trusted by prod-local's nginx as a load
balancer's would be), so the per-address login limits apply as in production.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench" / "contest_peak"
ENV_FILE = ROOT / "var" / "prod-local" / "env"
BRAND = "peak"
PASSWORD = "peak-password-2026"


def load_env() -> None:
    """The settings prod-local's processes run with (written by deploy/prod-local.sh)."""
    if not ENV_FILE.exists():
        sys.exit("start the topology first: make prod-local")
    for line in ENV_FILE.read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            os.environ[key] = value
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocrea.settings")
    import django

    django.setup()


def setup(members: int, entries: int, ideas: int) -> dict[str, Any]:
    """The peak brand: `members` verified members, a contest open for votes with `entries`
    designs, an idea campaign with `ideas` ideas to comment. Wiped and made again each run."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from cocrea.accounts.models import User
    from cocrea.brands.models import Brand, Membership
    from cocrea.campaigns.models import Phase
    from cocrea.contests.tests.helpers import add_entry, make_contest, make_product
    from cocrea.ideas.models import Idea

    Brand.objects.filter(slug=BRAND).delete()
    User.objects.filter(email__endswith="@peak.test").delete()
    brand = Brand.objects.create(name="Peak Mugs", slug=BRAND, languages=["fr", "en"])
    hashed = make_password(PASSWORD)  # one hash for all: setting up must not take an hour
    users = User.objects.bulk_create(
        User(
            username=f"m{i}@peak.test",
            email=f"m{i}@peak.test",
            display_name=f"Membre {i}",
            password=hashed,
            language="fr",
        )
        for i in range(members + 1)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    roles = [Membership.Role.ADMIN] + [Membership.Role.MEMBER] * members
    memberships = Membership.objects.bulk_create(
        Membership(brand=brand, user=u, role=r) for u, r in zip(users, roles, strict=True)
    )
    admin, people = memberships[0], memberships[1:]
    product = make_product(brand, admin, name="Mug de l'hiver")
    contest = make_contest(brand, admin, product, phase=Phase.Kind.VOTING)
    entry_ids = [
        add_entry(contest, people[i], title=f"Design {i}", colour=i % 2).pk for i in range(entries)
    ]
    from cocrea.campaigns.tests.factories import CampaignFactory

    campaign = CampaignFactory(brand=brand, slug="idees", title="Vos idées")
    idea_ids = [
        Idea.objects.create(
            campaign=campaign,
            brand=brand,
            author=people[i],
            title=f"Idée {i}",
            body=f"<p>Idée {i}</p>",
            body_text=f"Idée {i}",
        ).pk
        for i in range(ideas)
    ]
    return {
        "brand": BRAND,
        "contest": contest.campaign.slug,
        "entries": entry_ids,
        "ideas": idea_ids,
        "members": [u.email for u in users[1:]],
        "password": PASSWORD,
    }


def sessions_for(emails: list[str]) -> dict[str, str]:
    """Signed-in sessions written by the project's session engine, as a login writes them."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from cocrea.accounts.models import User

    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = {}
    for user in User.objects.filter(email__in=emails):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys[user.email] = session.session_key
    return keys


def integrity(plan: dict[str, Any], attempts: list[list[Any]]) -> dict[str, Any]:
    """The votes the server said it took (200), against the rows and the counters. A vote whose
    answer never came (status 0, or 504 from nginx) may be stored or not; it is reported."""
    from django.db.models import Sum

    from cocrea.contests.models import Entry, EntryVote

    accepted = [(email, entry) for email, entry, status in attempts if status == 200]
    # No answer, or nginx's "gateway timeout" (the vote may have been stored after nginx gave up).
    unanswered = {(email, entry) for email, entry, status in attempts if status in (0, 504)}
    said = set(accepted)
    rows = list(
        EntryVote.objects.filter(entry_id__in=plan["entries"], voided_at=None).values_list(
            "member__user__email", "entry_id"
        )
    )
    stored = set(rows)
    counters = Entry.objects.filter(pk__in=plan["entries"]).aggregate(n=Sum("vote_count"))["n"]
    statuses: dict[str, int] = {}
    for _email, _entry, status in attempts:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "vote_answers": statuses,
        "votes_accepted": len(accepted),
        "distinct_accepted": len(said),
        "rows": len(rows),
        "lost": len(said - stored),
        "stored_without_answer": len((stored - said) & unanswered),
        "unexplained_rows": len(stored - said - unanswered),
        "doubled": len(rows) - len(stored) + (len(accepted) - len(said)),
        "counters": counters,
        "counters_equal_rows": counters == len(rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--ramp", type=int, default=120, help="seconds over which they arrive")
    parser.add_argument("--hold", type=int, default=60, help="seconds after the last arrival")
    parser.add_argument("--login-share", type=float, default=0.1)
    parser.add_argument("--entries", type=int, default=40)
    parser.add_argument("--small", action="store_true", help="200 members over 30 s")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "18300")))
    args = parser.parse_args()
    if args.small:
        args.members, args.ramp, args.hold = 200, 30, 15
    WORK.mkdir(parents=True, exist_ok=True)
    load_env()
    started = time.time()
    plan = setup(args.members, args.entries, ideas=20)
    by_session = int(len(plan["members"]) * (1 - args.login_share))
    plan["sessions"] = sessions_for(plan["members"][:by_session])
    (WORK / "plan.json").write_text(json.dumps(plan))
    took = time.time() - started
    print(f"set up {args.members} members in {took:.0f} s; {by_session} come with a session")
    accepted = WORK / "accepted.jsonl"
    accepted.unlink(missing_ok=True)
    env = {**os.environ, "PEAK_PLAN": str(WORK / "plan.json"), "PEAK_ACCEPTED": str(accepted)}
    load_before = os.getloadavg()
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(ROOT / "bench" / "contest_peak_locust.py"),
        "--headless",
        "--only-summary",
        "-u",
        str(args.members),
        "-r",
        f"{args.members / args.ramp:.3f}",
        "-t",
        f"{args.ramp + args.hold}s",
        "--stop-timeout",
        "60",
        "--host",
        f"http://127.0.0.1:{args.port}",
        "--csv",
        str(WORK / "peak"),
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(command, env=env, check=False)
    load_after = os.getloadavg()
    votes = (
        [json.loads(line) for line in accepted.read_text().splitlines()]
        if accepted.exists()
        else []
    )
    check = integrity(plan, votes)
    report = {"load_average_before": load_before, "load_average_after": load_after, **check}
    print(json.dumps(report, indent=1))
    (WORK / "integrity.json").write_text(json.dumps(report, indent=1))
    print(summary(WORK / "peak_stats.csv"))


def summary(stats: Path) -> str:
    import csv

    lines = [f"{'request':40} {'n':>7} {'fail':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}"]
    with stats.open() as handle:
        for row in csv.DictReader(handle):
            lines.append(
                f"{(row['Type'] + ' ' + row['Name'])[:40]:40} {row['Request Count']:>7} "
                f"{row['Failure Count']:>5} {float(row['Requests/s']):7.1f} "
                f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
