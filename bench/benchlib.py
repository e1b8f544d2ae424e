"""What every benchmark script shares: a fresh database, Django set-up, memory and percentiles."""

from __future__ import annotations

import math
import os
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("COCREA_MODE", "test")
    os.environ.setdefault("COCREA_DATA_DIR", str(ROOT / "var" / "bench"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cocrea.settings"
    # Mails leave through the Celery worker in production: not part of what is measured.
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    import django

    django.setup()


def reset_database(database_url: str) -> None:
    """Wipe the benchmark database (a SQLite file, or a PostgreSQL database dropped and made)."""
    if database_url.startswith("sqlite"):
        path = Path(database_url.split("sqlite:///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def core_speed() -> str:
    """How fast one core of this machine is right now: the best of five timings of a fixed
    pure-Python loop, printed beside every figure. The machines that run these scripts differ,
    and one machine's speed moves with its neighbours (seen here: 32 ms, then 52 ms an hour
    later, with the load average at 1): compare figures only at a similar reading."""
    import time

    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        sum(range(1_000_000))
        best = min(best, time.perf_counter() - started)
    return f"core speed: sum(range(10**6)) in {best * 1000:.0f} ms"


def backend_cpu(pid: int | None) -> float:
    """CPU seconds used so far by a local PostgreSQL backend (0 when it cannot be read)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backend_pid() -> int | None:
    """The process id of this connection's PostgreSQL backend (None on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def cpu_per_vote(app_ms: float, db_ms: float, vendor: str) -> str:
    """What one vote cost the cores, and the rate two idle cores could therefore sustain."""
    cpu = app_ms + db_ms
    machine = f"load average now {os.getloadavg()[0]:.1f}"
    if vendor == "postgresql":
        return (
            f"CPU per vote: {app_ms:.2f} ms in the web process + {db_ms:.2f} ms in the database "
            f"backend = {cpu:.2f} ms, so 2 idle cores can serve about {2000 / cpu:,.0f} votes/s "
            f"({machine})"
        )
    # SQLite works inside the process, and one writer at a time
    return f"CPU per vote: {cpu:.2f} ms in the process, SQLite included ({machine})"
