"""Cocréa through HTTP, as members meet it, next to a bare Django endpoint in the same run.

Starts gunicorn (sync workers) on Cocréa with production settings (PostgreSQL, and Redis when
REDIS_URL is set) and on the bare baseline project kept in bench/bare/ (Django with no
middleware doing the same INSERT … ON CONFLICT + UPDATE, and the same page of a 100k-row list, on
tables of its own), drives both with wrk (a C load generator) using real sessions and CSRF
tokens, interleaves the two round by round, and prints for each request: req/s, p50/p95/p99,
CPU per request of the gunicorn workers and of their PostgreSQL backends (/proc), queries per
request, and the ratio to the baseline. Afterwards it checks that the votes stored are the 2xx
answers, request by request, and that the counters equal the rows.

    make bench-http                    # 100,000 ideas, 1,000,000 votes, 4 rounds of 10 s
    make bench-http ARGS=--small       # 2,000 ideas, 20,000 votes, 2 rounds of 3 s: a quick check
    .venv/bin/python bench/bench_http.py --reuse --scenarios vote,list1   # no reload

DATABASE_URL names Cocréa's database (wiped and rebuilt unless --reuse); the baseline uses the
same name with "_bare". See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

from benchlib import core_speed, reset_database  # noqa: E402

WORK = ROOT / "var" / "bench" / "http"
BRAND, CAMPAIGN, CONTEST, PRODUCT = "bench", "bench", "bench-contest", "bench-mug"
HOT_IDEAS = 200


@dataclass
class Scenario:
    name: str
    label: str
    baseline: str  # the bare scenario it is compared with
    write: bool = False  # votes: tracked request by request, fresh pairs every run
    bare: bool = False  # a scenario of the bare project


SCENARIOS = [
    Scenario("vote", "vote (htmx POST)", "bare_vote", write=True),
    Scenario("list1", "idea list, page 1", "bare_list1"),
    Scenario("list50", "idea list, page 50", "bare_list50"),
    Scenario("idea", "idea page", "bare_list1"),
    Scenario("home", "campaign home (brand page)", "bare_list1"),
    Scenario("contest_vote", "contest vote (htmx POST)", "bare_vote", write=True),
    Scenario("customize", "customizer option change (htmx POST)", "bare_list1"),
    Scenario("notifications", "notification centre and unread count", "bare_list1"),
    Scenario("similar", "similar ideas while typing (htmx)", "bare_list1"),
]
BARE = {
    "bare_vote": Scenario("bare_vote", "bare: INSERT … ON CONFLICT + UPDATE", "", True, True),
    "bare_list1": Scenario("bare_list1", "bare: list, page 1", "", bare=True),
    "bare_list50": Scenario("bare_list50", "bare: list, page 50", "", bare=True),
}
TYPED = [
    "Des gobelets consignés en magasin",
    "Un café plus doux le matin",
    "Des horaires plus tardifs le samedi",
    "Reusable cups for take-away coffee",
    "Une carte de fidélité sur le téléphone",
    "Plus de lait végétal sans supplément",
    "A quieter corner to work with a laptop",
    "Des pâtisseries de saison",
]


# --- Settings of the two servers ---------------------------------------------------------


def server_env(args: argparse.Namespace) -> dict[str, str]:
    """The environment of Cocréa's gunicorn and of this process (same settings, same keys)."""
    WORK.mkdir(parents=True, exist_ok=True)
    secret = WORK / "secret-key"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(60))
    env = {
        **os.environ,
        "COCREA_MODE": "production",
        "DEBUG": "0",
        "SECRET_KEY": secret.read_text().strip(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database_url,
        "DB_CONN_MAX_AGE": "600",
        "COCREA_DATA_DIR": str(WORK / "data"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(Path(args.app_src).resolve()),
        "DJANGO_SETTINGS_MODULE": "cocrea.settings",
    }
    env.pop("REDIS_URL", None)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    return env


def setup_django(args: argparse.Namespace) -> None:
    os.environ.clear()
    os.environ.update(server_env(args))
    sys.path.insert(0, str(Path(args.app_src).resolve()))
    import django

    django.setup()


# --- Data ----------------------------------------------------------------------------------


def load_cocrea(args: argparse.Namespace) -> None:
    """The data set: bench_ideas' ideas and votes, then what the other requests read."""
    from django.core.management import call_command
    from django.db import connection

    sys.path.insert(0, str(BENCH))
    import bench_ideas

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    loaded = bench_ideas.load(args.ideas, args.votes, args.members, args.seed)
    _load_extras(args)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"cocrea: loaded {loaded['ideas']:,} ideas, {loaded['votes']:,} votes, "
        f"{loaded['members']:,} members and the rest in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def _load_extras(args: argparse.Namespace) -> None:
    from cocrea.brands.models import Brand, Membership

    brand = Brand.objects.get(slug=BRAND)
    members = list(Membership.objects.filter(brand=brand).order_by("pk"))
    admin = members[0]
    Membership.objects.filter(pk=admin.pk).update(role=Membership.Role.ADMIN)
    admin.role = Membership.Role.ADMIN
    rng = random.Random(args.seed + 7)
    product = _load_product(brand, admin, rng)
    _load_contest(brand, product, members[1:], args.entries)
    _load_comments_and_notifications(brand, members, rng)
    _load_voices(brand, rng)


def _load_product(brand: Any, admin: Any, rng: random.Random) -> Any:
    """A product of 6 parts x 12 options, as bench_customizer's default."""
    from decimal import Decimal

    from cocrea.customizer import services
    from cocrea.customizer.models import Product

    product = services.product_create(
        brand=brand,
        by=admin,
        name="Bench mug",
        base_price=Decimal("20"),
        text_max_length=12,
        text_charset=Product.Charset.TEXT,
        text_price=Decimal("3"),
    )
    Product.objects.filter(pk=product.pk).update(slug=PRODUCT)
    product.slug = PRODUCT
    shape = '<path d="M20 60 C20 20 320 20 320 60 L320 340 Q320 370 300 370 Z"/>'
    for p in range(6):
        part = services.part_create(product=product, by=admin, name=f"Part {p}", shape=shape)
        for o in range(12):
            services.option_create(
                part=part,
                by=admin,
                label=f"Option {o}",
                colour=f"#{rng.randrange(0x1000000):06x}",
                kind="colour",
                material="plain",
                price_delta=Decimal(rng.choice(["0", "2", "5.50"])),
            )
    return product


def _load_contest(brand: Any, product: Any, members: list[Any], entries: int) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from cocrea.campaigns.models import Campaign, Phase
    from cocrea.contests.models import Contest, Entry

    now = timezone.now()
    campaign = Campaign.objects.create(
        brand=brand, slug=CONTEST, title="Bench contest", objective="Measure", kind="contest"
    )
    Phase.objects.create(
        campaign=campaign, kind="voting", starts_at=now - timedelta(days=1), ends_at=None
    )
    contest = Contest.objects.create(
        brand=brand, campaign=campaign, product=product, finalists=20, winners=1
    )
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10"/></svg>'
    Entry.objects.bulk_create(
        Entry(
            brand=brand, contest=contest, author=members[i], title=f"Design {i}", story="A", svg=svg
        )
        for i in range(entries)
    )


def _load_comments_and_notifications(brand: Any, members: list[Any], rng: random.Random) -> None:
    """Five comments on each hot idea (its page shows them) and ten notifications per member of
    the first thousand, three unread (the count every page shows)."""
    from django.utils import timezone

    from cocrea.ideas.models import Comment, Idea
    from cocrea.notifications.models import Notification

    hot = list(Idea.objects.order_by("-support_count", "-id")[:HOT_IDEAS])
    Comment.objects.bulk_create(
        Comment(
            brand=brand,
            idea=idea,
            author=rng.choice(members),
            body=f"Commentaire {n} : oui, avec un gobelet consigné.",
        )
        for idea in hot
        for n in range(5)
    )
    Idea.objects.filter(pk__in=[i.pk for i in hot]).update(comment_count=5)
    now = timezone.now()
    rows = []
    for member in members[:1000]:
        for n in range(10):
            rows.append(
                Notification(
                    recipient_id=member.user_id,
                    brand=brand,
                    kind=Notification.Kind.NEW_COMMENT,
                    idea=hot[n % len(hot)],
                    read_at=None if n < 3 else now,
                )
            )
    Notification.objects.bulk_create(rows, batch_size=5000)


def _load_voices(brand: Any, rng: random.Random) -> None:
    """Analysed voices for every idea (random unit vectors, the title's words as lemmas): the
    similar-ideas request scores the typed title against all of them."""
    import numpy as np
    from django.utils import timezone

    from cocrea.ideas.models import Idea
    from cocrea.insights.analysis import embedding
    from cocrea.insights.models import Voice

    generator = np.random.default_rng(rng.randrange(2**32))
    now = timezone.now()
    batch: list[Voice] = []
    for idea_id, campaign_id, author_id, title, text, created in Idea.objects.values_list(
        "id", "campaign_id", "author_id", "title", "body_text", "created_at"
    ).iterator(chunk_size=5000):
        vector = generator.normal(size=embedding.DIM).astype("float32")
        vector /= np.linalg.norm(vector)
        batch.append(
            Voice(
                brand=brand,
                channel=Voice.Channel.IDEA,
                idea_id=idea_id,
                campaign_id=campaign_id,
                author_id=author_id,
                title=title,
                text=text,
                language="fr",
                created_at=created,
                analysed_at=now,
                lemmas="idée numéro meilleur café",
                embedding=embedding.to_bytes(vector),
            )
        )
        if len(batch) == 5000:
            Voice.objects.bulk_create(batch)
            batch = []
    Voice.objects.bulk_create(batch)


def load_bare(args: argparse.Namespace) -> None:
    """The baseline's two tables, with as many ideas and votes (generated by PostgreSQL)."""
    import psycopg

    reset_database(args.bare_url)
    with psycopg.connect(args.bare_url, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE bare_idea (id bigserial PRIMARY KEY, title varchar(140) NOT NULL,"
            " body_text text NOT NULL, support_count integer NOT NULL DEFAULT 0,"
            " comment_count integer NOT NULL DEFAULT 0, trending_score double precision"
            " NOT NULL DEFAULT 0, created_at timestamptz NOT NULL)"
        )
        conn.execute(
            "CREATE TABLE bare_vote (id bigserial PRIMARY KEY, idea_id bigint NOT NULL"
            " REFERENCES bare_idea (id), member_id bigint NOT NULL, created_at timestamptz"
            " NOT NULL, UNIQUE (idea_id, member_id))"
        )
        conn.execute(
            "INSERT INTO bare_idea (title, body_text, created_at) SELECT"
            " 'Idée numéro ' || n || ' pour un meilleur café', 'Texte ' || n,"
            " now() - (n || ' minutes')::interval FROM generate_series(1, %s) n",
            [args.ideas],
        )
        # Votes on the ideas by a Zipf-like law, one per (idea, member) pair.
        conn.execute(
            "INSERT INTO bare_vote (idea_id, member_id, created_at)"
            " SELECT 1 + floor(%(ideas)s * power(random(), 3))::bigint, n %% %(members)s, now()"
            " FROM generate_series(1, %(votes)s) n ON CONFLICT DO NOTHING",
            {"ideas": args.ideas, "members": args.members, "votes": args.votes},
        )
        conn.execute(
            "UPDATE bare_idea i SET support_count = v.n, trending_score = LOG(GREATEST(v.n, 1))"
            " FROM (SELECT idea_id, COUNT(*) n FROM bare_vote GROUP BY idea_id) v"
            " WHERE v.idea_id = i.id"
        )
        conn.execute("CREATE INDEX bare_trending ON bare_idea (trending_score DESC, id DESC)")
        conn.execute("VACUUM ANALYZE")


# --- Sessions ------------------------------------------------------------------------------


def make_sessions(count: int) -> list[dict[str, Any]]:
    """Signed-in sessions of the first members, written by the project's own session engine
    exactly as ``django.contrib.auth.login`` writes them (a password login per member would
    spend minutes in the password hasher, which is not what is measured)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from cocrea.brands.models import Membership

    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = []
    members = (
        Membership.objects.filter(brand__slug=BRAND)
        .select_related("user")
        .order_by("pk")[1 : count + 1]  # the first is the brand's admin
    )
    for member in members:
        session = store()
        session[SESSION_KEY] = str(member.user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = member.user.get_session_auth_hash()
        session.create()
        session.save()
        sessions.append({"key": session.session_key, "member": member.pk, "user": member.user.pk})
    return sessions


def csrf_pairs(port: int, sessions: list[dict[str, Any]], count: int) -> list[tuple[str, str]]:
    """(csrftoken cookie, masked token of the page) from real GETs of the brand page, one per
    browser: each of the first ``count`` sessions gets its own, the others reuse them."""
    pairs = []
    for session in sessions[:count]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/b/{BRAND}/",
            headers={"Cookie": f"sessionid={session['key']}", "X-Forwarded-Proto": "https"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            cookies = response.headers.get_all("Set-Cookie") or []
            page = response.read().decode()
        cookie = next(
            c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("csrftoken=")
        )
        token = re.search(r'"X-CSRFToken": "([^"]+)"', page)
        assert token, "no CSRF token in the page"
        pairs.append((cookie, token.group(1)))
    return pairs


# --- Servers and measures ------------------------------------------------------------------


class Server:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], cwd: Path, port: int):
        self.name, self.port = name, port
        log = open(WORK / f"{name}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            argv, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait(self, path: str) -> None:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=30)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"{self.name} did not start: see {WORK / self.name}.log")
        self.workers = [
            int(p.name)
            for p in Path("/proc").iterdir()
            if p.name.isdigit() and _ppid(int(p.name)) == self.process.pid
        ]

    def cpu(self) -> float:
        return sum(_cpu(pid) for pid in self.workers)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)


def gunicorn_server(name: str, args: argparse.Namespace) -> Server:
    """Cocréa under gunicorn: ``args.workers`` sync workers on ``args.port``, as in production."""
    argv = [sys.executable, "-m", "gunicorn", "--workers", str(args.workers)]
    argv += ["--worker-class", "sync", "--timeout", "120"]
    argv += ["--bind", f"127.0.0.1:{args.port}", "cocrea.wsgi"]
    return Server(name, argv, server_env(args), ROOT, args.port)


def _ppid(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backends_cpu(database_url: str) -> dict[int, float]:
    """CPU seconds so far of every PostgreSQL backend connected to that database (this
    question's own connection excepted)."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        pids = [
            row[0]
            for row in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
        ]
    return {pid: _cpu(pid) for pid in pids}


def start_servers(args: argparse.Namespace) -> tuple[Server, Server]:
    gunicorn = [sys.executable, "-m", "gunicorn", "--workers", str(args.workers)]
    gunicorn += ["--worker-class", "sync", "--backlog", "2048", "--timeout", "120"]
    cocrea = Server(
        "cocrea",
        [*gunicorn, "--bind", f"127.0.0.1:{args.port}", "cocrea.wsgi"],
        server_env(args),
        ROOT,
        args.port,
    )
    bare_env = {**os.environ, "BARE_DATABASE_URL": args.bare_url, "PYTHONPATH": str(BENCH / "bare")}
    bare_env["DJANGO_SETTINGS_MODULE"] = "bare.settings"
    bare = Server(
        "bare",
        [*gunicorn, "--bind", f"127.0.0.1:{args.port + 1}", "bare.wsgi"],
        bare_env,
        BENCH / "bare",
        args.port + 1,
    )
    cocrea.wait("/healthz")
    bare.wait("/list/")
    return cocrea, bare


@dataclass
class Run:
    scenario: str
    round: int
    rps: float
    p50: float
    p95: float
    p99: float
    ok: int
    refused: int
    errors: int
    worker_ms: float
    db_ms: float
    wrk: dict[str, Any] = field(repr=False, default_factory=dict)


def run_wrk(
    args: argparse.Namespace,
    server: Server,
    database_url: str,
    scenario: Scenario,
    lines: list[str],
    seconds: float,
    round_: int,
) -> Run:
    requests_file = WORK / f"requests-{scenario.name}.txt"
    requests_file.write_text("\n".join(lines) + "\n")
    out = WORK / f"wrk-{scenario.name}.json"
    env = {
        **os.environ,
        "BENCH_SESSIONS": str(WORK / "sessions.txt"),
        "BENCH_REQUESTS": str(requests_file),
        "BENCH_THREADS": str(args.connections),
        "BENCH_TRACK": "1",
        "BENCH_OUT": str(out),
        "BENCH_ORIGIN": f"https://127.0.0.1:{server.port}",
    }
    argv = ["wrk", "-t", str(args.connections), "-c", str(args.connections)]
    argv += ["-d", f"{max(1, round(seconds))}s", "--timeout", "60s", "-s", str(BENCH / "http.lua")]
    argv.append(f"http://127.0.0.1:{server.port}/")
    cpu0, db0 = server.cpu(), backends_cpu(database_url)
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    time.sleep(0.3)  # the requests cut by wrk's stop finish in the workers
    cpu1, db1 = server.cpu(), backends_cpu(database_url)
    result = json.loads(out.read_text())
    threads = result["threads"]
    answered = sum(t["received"] for t in threads)
    refused = sum(len([b for b in t["bad"].split(",") if b]) for t in threads)
    seconds_run = result["duration_us"] / 1e6
    db_cpu = sum(cpu - db0.get(pid, 0.0) for pid, cpu in db1.items())
    per = max(answered, 1)
    lat = result["latency_us"]
    return Run(
        scenario=scenario.name,
        round=round_,
        rps=answered / seconds_run,
        p50=lat["50"] / 1000,
        p95=lat["95"] / 1000,
        p99=lat["99"] / 1000,
        ok=answered - refused,
        refused=refused,
        errors=sum(result["errors"][k] for k in ("connect", "read", "write", "timeout")),
        worker_ms=(cpu1 - cpu0) * 1000 / per,
        db_ms=db_cpu * 1000 / per,
        wrk=result,
    )


# --- Requests ------------------------------------------------------------------------------


class Requests:
    """The request lines of every scenario; write scenarios never repeat a (member, target)."""

    def __init__(self, args: argparse.Namespace, sessions: list[dict[str, Any]]) -> None:
        from cocrea.campaigns.models import Campaign
        from cocrea.contests.models import Entry, EntryVote
        from cocrea.customizer.models import Option, Product
        from cocrea.ideas.models import Idea, Vote

        self.rng = random.Random(args.seed + 11)
        self.sessions = sessions
        self.ideas = args.ideas
        self.members = args.members
        hot = list(
            Idea.objects.filter(campaign__slug=CAMPAIGN)
            .order_by("-support_count", "-id")
            .values_list("id", flat=True)[:HOT_IDEAS]
        )
        self.hot = hot
        member_ids = {s["member"] for s in sessions}
        self.taken = set(
            Vote.objects.filter(idea_id__in=hot, member_id__in=member_ids).values_list(
                "member_id", "idea_id"
            )
        )
        contest = Campaign.objects.get(slug=CONTEST).contest
        self.entries = dict(Entry.objects.filter(contest=contest).values_list("id", "author_id"))
        self.entry_taken: set[tuple[int, int]] = set(  # earlier runs' votes (--reuse)
            EntryVote.objects.filter(contest=contest).values_list("member_id", "entry_id")
        )
        product = Product.objects.get(slug=PRODUCT)
        self.options: dict[int, list[int]] = {}
        for option in Option.objects.filter(part__product=product):
            self.options.setdefault(option.part_id, []).append(option.pk)
        self.bare_member = args.members + 1  # above every loaded member id
        import psycopg

        with psycopg.connect(args.bare_url) as conn:  # the votes of earlier runs (--reuse)
            self.bare_taken: set[tuple[int, int]] = set(
                conn.execute(
                    "SELECT member_id, idea_id FROM bare_vote WHERE member_id > %s",
                    [args.members],
                ).fetchall()
            )

    def lines(self, name: str, count: int) -> list[str]:
        return [self._line(name, i) for i in range(count)]

    def _session(self) -> int:
        return self.rng.randrange(len(self.sessions))

    def _line(self, name: str, i: int) -> str:
        base = f"/b/{BRAND}"
        s = self._session()
        if name == "vote":
            while True:
                idea = self.rng.choice(self.hot)
                pair = (self.sessions[s]["member"], idea)
                if pair not in self.taken:
                    self.taken.add(pair)
                    break
                s = self._session()
            body = f"next={base}/c/{CAMPAIGN}/"
            return f"POST\t{base}/ideas/{idea}/vote/\t{s}\t{body}\tvote-{idea}"
        if name == "contest_vote":
            while True:
                entry = self.rng.choice(list(self.entries))
                member = self.sessions[s]["member"]
                if self.entries[entry] != member and (member, entry) not in self.entry_taken:
                    self.entry_taken.add((member, entry))
                    break
                s = self._session()
            return f"POST\t{base}/entries/{entry}/vote/\t{s}\tfp=bench\tvote-{entry}"
        if name == "bare_vote":
            while True:
                idea = 1 + int(self.ideas * self.rng.random() ** 3)
                member = self.bare_member + self.rng.randrange(self.members)
                if (member, idea) not in self.bare_taken:
                    self.bare_taken.add((member, idea))
                    break
            return f"POST\t/vote/{idea}/\t{s}\tmember={member}\t"
        if name == "list1":
            return f"GET\t{base}/c/{CAMPAIGN}/?sort=trending&page=1\t{s}\t\t"
        if name == "list50":
            return f"GET\t{base}/c/{CAMPAIGN}/?sort=trending&page=50\t{s}\t\t"
        if name == "bare_list1":
            return f"GET\t/list/?page=1\t{s}\t\t"
        if name == "bare_list50":
            return f"GET\t/list/?page=50\t{s}\t\t"
        if name == "idea":
            return f"GET\t{base}/ideas/{self.rng.choice(self.hot)}/\t{s}\t\t"
        if name == "home":
            return f"GET\t{base}/\t{s}\t\t"
        if name == "notifications":
            return f"GET\t/notifications/\t{s % 1000}\t\t"
        if name == "customize":
            fields = [f"part-{part}={self.rng.choice(opts)}" for part, opts in self.options.items()]
            fields.append("text=" + self.rng.choice(["", "JD", "L%C3%A9a", "Paris"]))
            path = f"{base}/products/{PRODUCT}/preview/"
            return f"POST\t{path}\t{s}\t{'&'.join(fields)}\tcustomizer-live"
        if name == "similar":
            title = urllib.parse.quote(self.rng.choice(TYPED) + f" {i % 97}")
            return f"GET\t{base}/c/{CAMPAIGN}/similar/?title={title}\t{s}\t\tsimilar-ideas"
        raise ValueError(name)


# --- Queries per request, integrity --------------------------------------------------------


def queries_per_request(requests: Requests, names: list[str], samples: int) -> dict[str, float]:
    """The same requests through the whole Django stack in this process (same settings, same
    database), counting the SQL statements each one runs."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts: dict[str, float] = {}
    for name in names:
        total = 0
        for i in range(samples + 2):
            method, path, s, body, target = requests._line(name, 10_000 + i).split("\t")
            session = requests.sessions[int(s)]
            client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
            client.cookies["sessionid"] = session["key"]
            headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target} if target else {}
            with CaptureQueriesContext(connection) as captured:
                if method == "POST":
                    client.post(
                        path, body, content_type="application/x-www-form-urlencoded", **headers
                    )
                else:
                    client.get(path, **headers)
            if i >= 2:  # the first ones warm this process's caches
                total += len(captured.captured_queries)
        counts[name] = total / samples
    return counts


def integrity(
    args: argparse.Namespace, tracked: dict[str, list[tuple[list[str], Run]]]
) -> list[str]:
    """Stored votes = the 2xx answers, request by request; counters = rows."""
    from django.db import connection

    from cocrea.contests.models import Ballot, EntryVote, VoteEvent
    from cocrea.engagement.models import EngagementEvent
    from cocrea.ideas.models import Vote

    report = []
    for name, runs in tracked.items():
        expected: set[tuple[str, str]] = set()
        maybe: set[tuple[str, str]] = set()
        for lines, run in runs:
            ok, cut = _answered(lines, run)
            expected |= ok
            maybe |= cut
        if name == "vote":
            stored = _stored_idea_votes(lines_of(runs))
        elif name == "contest_vote":
            stored = _stored_entry_votes(lines_of(runs))
        else:
            stored = _stored_bare_votes(args, lines_of(runs))
        lost = expected - stored
        extra = stored - expected - maybe
        report.append(
            f"{name}: {len(expected):,} answered 2xx, {len(stored):,} stored "
            f"({len(stored & maybe)} of the {len(maybe)} requests left without an answer when wrk"
            " stopped were stored): "
            f"{'OK' if not lost and not extra else f'{len(lost)} LOST, {len(extra)} UNEXPECTED'}"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM ideas_idea i WHERE support_count <>"
            " (SELECT COUNT(*) FROM ideas_vote v WHERE v.idea_id = i.id)"
        )
        wrong = cursor.fetchone()[0]
    given = EngagementEvent.objects.filter(kind="vote_given").count()
    votes = Vote.objects.count()
    report.append(
        f"ideas: {wrong} support counters differ from their rows; "
        f"{votes:,} votes, {given:,} vote_given events ({'OK' if wrong == 0 else 'WRONG'})"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM contests_entry e WHERE vote_count <>"
            " (SELECT COUNT(*) FROM contests_entryvote v WHERE v.entry_id = e.id"
            " AND v.voided_at IS NULL)"
        )
        wrong = cursor.fetchone()[0]
    entry_votes = EntryVote.objects.count()
    audit = VoteEvent.objects.filter(kind="cast").count()
    used = sum(Ballot.objects.values_list("used", flat=True))
    same = wrong == 0 and entry_votes == audit == used
    report.append(
        f"contest: {wrong} tallies differ from their rows; {entry_votes:,} votes, "
        f"{audit:,} audit rows, {used:,} ballot votes ({'OK' if same else 'WRONG'})"
    )
    return report


def lines_of(runs: list[tuple[list[str], Run]]) -> list[str]:
    return [line for lines, _run in runs for line in lines]


def _answered(lines: list[str], run: Run) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(pairs answered 2xx, pairs whose answer never came: cut by wrk's stop or an error)."""
    ok: set[tuple[str, str]] = set()
    cut: set[tuple[str, str]] = set()
    nthreads = len(run.wrk["threads"])
    for thread in run.wrk["threads"]:
        mine = [i for i in range(len(lines)) if i % nthreads == thread["tid"]]
        sent = [mine[k % len(mine)] for k in range(thread["sent"])]  # wrapped: refused again
        bad = {int(b.split(":")[0]) for b in thread["bad"].split(",") if b}
        unanswered = {int(b) for b in thread["lost"].split(",") if b}
        if thread["in_flight"] is not None:
            unanswered.add(thread["in_flight"])
        for index in sent:
            key = _pair(lines[index])
            if index in unanswered:
                cut.add(key)
            elif index not in bad:
                ok.add(key)
    return ok, cut


def _pair(line: str) -> tuple[str, str]:
    _method, path, s, body, _target = line.split("\t")
    return (s if "member=" not in body else body.split("=")[1], path)


def _stored_idea_votes(lines: list[str]) -> set[tuple[str, str]]:
    from cocrea.ideas.models import Vote

    return _stored(lines, Vote, "idea_id", "/ideas/")


def _stored_entry_votes(lines: list[str]) -> set[tuple[str, str]]:
    from cocrea.contests.models import EntryVote

    return _stored(lines, EntryVote, "entry_id", "/entries/")


def _stored(lines: list[str], model: Any, target: str, segment: str) -> set[tuple[str, str]]:
    sessions = SESSIONS
    wanted = {_pair(line) for line in lines}
    by_member = {str(i): s["member"] for i, s in enumerate(sessions)}
    targets = {int(path.split(segment)[1].split("/")[0]) for _s, path in wanted}
    rows = model.objects.filter(**{f"{target}__in": targets}).values_list("member_id", target)
    stored = set(rows)
    found = set()
    for s, path in wanted:
        if (by_member[s], int(path.split(segment)[1].split("/")[0])) in stored:
            found.add((s, path))
    return found


def _stored_bare_votes(args: argparse.Namespace, lines: list[str]) -> set[tuple[str, str]]:
    import psycopg

    with psycopg.connect(args.bare_url) as conn:
        rows = set(
            conn.execute(
                "SELECT member_id, idea_id FROM bare_vote WHERE member_id > %s", [args.members]
            ).fetchall()
        )
    found = set()
    for line in lines:
        member, path = _pair(line)
        if (int(member), int(path.split("/")[2])) in rows:
            found.add((member, path))
    return found


SESSIONS: list[dict[str, Any]] = []


# --- The whole run -------------------------------------------------------------------------


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--small", action="store_true", help="2,000 ideas, 20,000 votes, 2 short rounds"
    )
    parser.add_argument("--ideas", type=int)
    parser.add_argument("--votes", type=int)
    parser.add_argument("--members", type=int)
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--sessions", type=int, help="signed-in members sending the requests")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--duration", type=float, help="seconds of each measured run")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up per scenario and server")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers per server")
    parser.add_argument("--scenarios", default=",".join(s.name for s in SCENARIOS))
    parser.add_argument("--reuse", action="store_true", help="measure the data of the last run")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "18400")))
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cocrea_bench"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--app-src", default=str(ROOT / "src"), help="the Cocréa code to serve")
    parser.add_argument(
        "--max-rate", type=int, default=3000, help="write requests per second budgeted"
    )
    args = parser.parse_args()
    small = {
        "ideas": 2000,
        "votes": 20000,
        "members": 2000,
        "sessions": 500,
        "rounds": 2,
        "duration": 3.0,
        "warmup": 3.0,
    }
    full = {
        "ideas": 100_000,
        "votes": 1_000_000,
        "members": 20_000,
        "sessions": 4000,
        "rounds": 4,
        "duration": 10.0,
        "warmup": 3.0,
    }
    for key, value in (small if args.small else full).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if not args.database_url.startswith("postgres"):
        parser.error(
            "bench_http.py measures the production set-up: DATABASE_URL must be PostgreSQL"
        )
    args.bare_url = args.database_url + "_bare"
    return args


def main() -> None:
    args = parse()
    names = [n for n in args.scenarios.split(",") if n]
    scenarios = [s for s in SCENARIOS if s.name in names]
    print(f"{core_speed()}, load average {os.getloadavg()[0]:.1f}", flush=True)
    if not args.reuse:
        reset_database(args.database_url)
    setup_django(args)
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()  # this run's own database number
    if not args.reuse:
        load_cocrea(args)
        load_bare(args)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # --reuse on newer code
    call_command("collectstatic", "--noinput", verbosity=0)
    sessions = make_sessions(args.sessions)
    SESSIONS.extend(sessions)
    requests = Requests(args, sessions)
    from django.db import connections

    connections.close_all()
    cocrea, bare = start_servers(args)
    try:
        pairs = csrf_pairs(args.port, sessions, min(64, len(sessions)))
        with open(WORK / "sessions.txt", "w") as out:
            for i, s in enumerate(sessions):
                cookie, token = pairs[i % len(pairs)]
                out.write(f"sessionid={s['key']}; csrftoken={cookie}\t{token}\n")
        runs, tracked = measure(args, scenarios, requests, cocrea, bare)
    finally:
        cocrea.stop()
        bare.stop()
    qpr = queries_per_request(requests, [s.name for s in scenarios], 10)
    report(args, scenarios, runs, qpr)
    for line in integrity(args, tracked):
        print("integrity · " + line)
    print(f"{core_speed()}, load average {os.getloadavg()[0]:.1f}", flush=True)


def measure(
    args: argparse.Namespace,
    scenarios: list[Scenario],
    requests: Requests,
    cocrea: Server,
    bare: Server,
) -> tuple[list[Run], dict[str, list[tuple[list[str], Run]]]]:
    runs: list[Run] = []
    tracked: dict[str, list[tuple[list[str], Run]]] = {}
    needed = sorted({s.baseline for s in scenarios})
    plan = [(BARE[n], bare, args.bare_url) for n in needed]
    plan += [(s, cocrea, args.database_url) for s in scenarios]

    def one(scenario: Scenario, server: Server, url: str, seconds: float, round_: int) -> Run:
        count = int(seconds * args.max_rate) if scenario.write else 4000
        lines = requests.lines(scenario.name, count)
        run = run_wrk(args, server, url, scenario, lines, seconds, round_)
        if scenario.write:
            tracked.setdefault(scenario.name, []).append((lines, run))
        return run

    for scenario, server, url in plan:  # warm-up: caches, prepared statements, models loaded
        one(scenario, server, url, args.warmup, 0)
    for round_ in range(1, args.rounds + 1):
        order = plan if round_ % 2 else plan[::-1]
        # Interleaved: each bare scenario runs next to the Cocréa requests compared with it.
        for scenario, server, url in order:
            run = one(scenario, server, url, args.duration, round_)
            runs.append(run)
            print(
                f"round {round_} · {scenario.name:14} {run.rps:8,.0f} req/s · p50 {run.p50:6.1f}"
                f" · p95 {run.p95:6.1f} · p99 {run.p99:6.1f} ms · CPU/req {run.worker_ms:5.2f} +"
                f" {run.db_ms:4.2f} ms · {run.ok:,} 2xx, {run.refused} refused,"
                f" {run.errors} errors",
                flush=True,
            )
    return runs, tracked


def _span(values: list[float], fmt: str) -> str:
    low, high = min(values), max(values)
    return (
        fmt.format(low)
        if fmt.format(low) == fmt.format(high)
        else f"{fmt.format(low)}-{fmt.format(high)}"
    )


def report(
    args: argparse.Namespace, scenarios: list[Scenario], runs: list[Run], qpr: dict[str, float]
) -> None:
    print()
    print(
        f"{args.ideas:,} ideas, {args.votes:,} votes, {args.members:,} members, "
        f"{args.sessions:,} sessions · gunicorn {args.workers} sync workers · wrk"
        f" {args.connections} connections · {args.rounds} rounds of {args.duration:.0f} s · Redis "
        f"{'on' if args.redis_url else 'off'}"
    )
    print(
        "| request | req/s | p50 / p95 / p99 ms | CPU per request, worker + PostgreSQL"
        " | queries | ratio to bare |"
    )
    print("|---|---|---|---|---|---|")
    by = lambda name: [r for r in runs if r.scenario == name]  # noqa: E731
    for bare_name in sorted({s.baseline for s in scenarios}):
        rows = by(bare_name)
        print(_row(BARE[bare_name].label, rows, None, ""))
    for scenario in scenarios:
        rows = by(scenario.name)
        bare_rows = {r.round: r for r in by(scenario.baseline)}
        ratios = [r.rps / bare_rows[r.round].rps for r in rows if r.round in bare_rows]
        print(_row(scenario.label, rows, ratios, f"{qpr.get(scenario.name, 0):.1f}"))
    results = WORK / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json"
    results.write_text(
        json.dumps([{k: v for k, v in r.__dict__.items() if k != "wrk"} for r in runs])
    )
    print(f"(every run: {results})")


def _row(label: str, rows: list[Run], ratios: list[float] | None, queries: str) -> str:
    if not rows:
        return f"| {label} | — | — | — | {queries} | — |"
    rps = statistics.median(r.rps for r in rows)
    ratio = f"{statistics.median(ratios):.2f}x ({_span(ratios, '{:.2f}')})" if ratios else "1"
    keys = ("p50", "p95", "p99", "worker_ms", "db_ms")
    med = {k: statistics.median(getattr(r, k) for r in rows) for k in keys}
    return (
        f"| {label} | {rps:,.0f} ({_span([r.rps for r in rows], '{:,.0f}')}) | "
        f"{med['p50']:.1f} / {med['p95']:.1f} / {med['p99']:.1f} | "
        f"{med['worker_ms']:.2f} + {med['db_ms']:.2f} ms | {queries} | {ratio} |"
    )


if __name__ == "__main__":
    import urllib.parse

    main()
