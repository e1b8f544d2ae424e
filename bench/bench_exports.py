"""Benchmark of the exports: the ``ideas`` dataset (ideas, votes, ratings, comments, answers) of
a brand with N ideas, M votes and C comments, per format, beside PostgreSQL's own ``COPY … TO
STDOUT`` of the same rows (the floor: no Python at all).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cocrea_exports_bench \\
        .venv/bin/python bench/bench_exports.py --ideas 100000 --votes 1000000
    .venv/bin/python bench/bench_exports.py --reuse          # measure again, no reload

Each export runs in its own process, as a Celery worker would run the task (``export_run``):
the figures are its wall time, rows written per second, the file's size and the process's peak
memory (max RSS) next to its memory before the export started (Django loaded), so that a
memory that grows with the rows would show. The database named by DATABASE_URL is wiped and
rebuilt unless ``--reuse``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import core_speed, reset_database, setup_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cocrea_exports_bench"

# The same rows as the ``ideas`` dataset, in SQL: what PostgreSQL alone takes to write them.
BASELINE = [
    (
        "ideas",
        """SELECT i.id, i.campaign_id, c.title, i.title, i.body_text, i.author_id,
           coalesce(nullif(u.display_name, ''), split_part(u.email, '@', 1)), cat.name,
           (SELECT string_agg(t.name, '; ' ORDER BY t.name) FROM ideas_idea_tags it
              JOIN campaigns_tag t ON t.id = it.tag_id WHERE it.idea_id = i.id),
           i.status, i.merged_into_id, i.support_count, i.comment_count, i.rating_count,
           round(i.rating_sum::numeric / nullif(i.rating_count, 0), 2), i.is_hidden,
           i.withdrawn_at, i.answered_at, i.created_at, i.updated_at
         FROM ideas_idea i JOIN campaigns_campaign c ON c.id = i.campaign_id
         JOIN brands_membership m ON m.id = i.author_id JOIN accounts_user u ON u.id = m.user_id
         LEFT JOIN campaigns_category cat ON cat.id = i.category_id
         WHERE i.brand_id = %(brand)s ORDER BY i.id""",
    ),
    (
        "votes",
        """SELECT v.idea_id, v.member_id, v.created_at FROM ideas_vote v
         JOIN ideas_idea i ON i.id = v.idea_id WHERE i.brand_id = %(brand)s
         ORDER BY v.idea_id, v.member_id""",
    ),
    (
        "comments",
        """SELECT co.id, co.idea_id, co.parent_id, co.author_id,
           coalesce(nullif(u.display_name, ''), split_part(u.email, '@', 1)), co.body,
           co.upvote_count, co.is_official, co.is_hidden, co.created_at, co.edited_at,
           co.deleted_at
         FROM ideas_comment co JOIN brands_membership m ON m.id = co.author_id
         JOIN accounts_user u ON u.id = m.user_id WHERE co.brand_id = %(brand)s
         ORDER BY co.id""",
    ),
]


def load(args: argparse.Namespace) -> None:
    import bench_ideas
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    loaded = bench_ideas.load(args.ideas, args.votes, args.members, args.seed)
    _comments(args.comments)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"loaded {loaded['ideas']:,} ideas, {loaded['votes']:,} votes, {args.comments:,} "
        f"comments, {loaded['members']:,} members in {time.perf_counter() - started:.0f} s"
    )


def _comments(count: int) -> None:
    import random

    from cocrea.brands.models import Brand, Membership
    from cocrea.ideas.models import Comment, Idea

    rng = random.Random(7)
    brand = Brand.objects.get(slug="bench")
    ideas = list(Idea.objects.filter(brand=brand).values_list("id", flat=True))
    members = list(Membership.objects.filter(brand=brand).values_list("id", flat=True))
    batch = []
    for i in range(count):
        batch.append(
            Comment(
                brand=brand,
                idea_id=rng.choice(ideas),
                author_id=rng.choice(members),
                body=f"Commentaire {i} : « oui, avec du lait d'avoine » =1+1",
            )
        )
        if len(batch) == 10000:
            Comment.objects.bulk_create(batch)
            batch = []
    Comment.objects.bulk_create(batch)


def max_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not ``ru_maxrss``: Linux carries that over
    from the parent across fork and exec, and the parent here holds the loaded data set."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker(fmt: str) -> None:
    """One export in this process, as the Celery task runs it; prints its figures as JSON."""
    from cocrea.brands.models import Brand, Membership
    from cocrea.exports.services import export_file, export_request, export_run

    brand = Brand.objects.get(slug="bench")
    admin = Membership.objects.filter(brand=brand).first()
    admin.role = Membership.Role.ADMIN
    admin.save(update_fields=["role"])
    before = max_rss_mb()
    started = time.perf_counter()
    if fmt == "copy":
        rows, size = _copy(brand.pk)
    else:
        job, _ = export_request(brand=brand, membership=admin, dataset="ideas", fmt=fmt)
        job = export_run(job_id=job.pk)
        assert job is not None and job.state == "done", job and job.error
        path = export_file(job)
        rows, size = job.done, path.stat().st_size
        path.unlink()
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {"rows": rows, "s": seconds, "size": size, "before": before, "peak": max_rss_mb()}
        )
    )


def _copy(brand_id: int) -> tuple[int, int]:
    from django.conf import settings
    from django.db import connection

    out = Path(settings.EXPORTS_ROOT) / "baseline.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    connection.ensure_connection()
    with out.open("wb") as file, connection.connection.cursor() as cursor:
        for _name, sql in BASELINE:
            query = (
                f"COPY ({sql.replace('%(brand)s', str(int(brand_id)))}) TO STDOUT WITH CSV HEADER"
            )
            with cursor.copy(query) as copy:
                for data in copy:
                    file.write(data)
            rows += cursor.rowcount
    size = out.stat().st_size
    out.unlink()
    return rows, size


def measure(fmt: str, url: str) -> dict[str, float]:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, __file__, "--worker", fmt],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--ideas", type=int, default=100_000)
    parser.add_argument("--votes", type=int, default=1_000_000)
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--formats", default="copy,csv,json,xlsx")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if args.worker:
        setup_django(url)
        worker(args.worker)
        return
    if not url.startswith("postgres"):
        raise SystemExit("bench_exports measures PostgreSQL (its baseline is COPY … TO STDOUT)")
    if not args.reuse:
        reset_database(url)
    setup_django(url)
    if not args.reuse:
        load(args)
    print(f"core speed: {core_speed()}")
    print(
        f"{'format':8} {'rows':>10} {'time':>8} {'rows/s':>9} {'file':>9}"
        f" {'memory before → peak':>22}"
    )
    for fmt in args.formats.split(","):
        r = measure(fmt, url)
        label = "COPY" if fmt == "copy" else fmt
        print(
            f"{label:8} {r['rows']:>10,} {r['s']:>7.1f}s {r['rows'] / r['s']:>9,.0f} "
            f"{r['size'] / 1e6:>7.1f}MB {r['before']:>10.0f} → {r['peak']:.0f} MB"
        )


if __name__ == "__main__":
    main()
