"""The real-worker harness: real ``celery -A cocrea worker`` (and ``beat``) subprocesses on a
Redis database of their own, against the test database, for tests no in-process run can make
(a worker killed mid-task, a periodic job that really ticks).

Run with ``make test-workers`` (``WORKERS_REDIS_URL``, default ``redis://127.0.0.1:6379/2``);
without it these tests are skipped. Each test flushes that one Redis database (never FLUSHALL).

    def test_something(celery_worker):
        worker = celery_worker(queues="webhooks", beat=True, env={"WEBHOOK_SWEEP_EVERY_S": "1"})
        ...                         # enqueue through the app's code, after commit
        worker.kill()               # SIGKILL to the worker and its children
        worker.start()              # the same command again
        assert "ready" in worker.output()

Tests using it need committed data the worker can read: mark them
``@pytest.mark.django_db(transaction=True)`` (the fixture asks for ``transactional_db``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.workers

BROKER = os.environ.get("WORKERS_REDIS_URL", "")
CELERY = str(Path(sys.executable).with_name("celery"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/workers/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.workers)
            if not BROKER:
                item.add_marker(pytest.mark.skip(reason="real workers: run `make test-workers`"))


def database_url() -> str:
    """The test database, as the worker subprocess must see it."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{db['USER']}{password}@{host}/{db['NAME']}"


class CeleryProcess:
    """One ``celery`` subprocess in its own process group, its output in a file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.args, self.env, self.log = args, env, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> CeleryProcess:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [CELERY, "-A", "cocrea", *self.args],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole group (the main process and its pool), and wait for the main one."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        self.kill(signal.SIGTERM)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class Worker:
    """A worker (and beat, if asked) started by the ``celery_worker`` fixture."""

    def __init__(self, worker: CeleryProcess, beat: CeleryProcess | None) -> None:
        self.worker, self.beat = worker, beat

    def start(self) -> Worker:
        self.worker.start()
        if self.beat is not None and not self.beat.alive():
            self.beat.start()
        return self

    def kill(self, sig: int = signal.SIGKILL) -> None:
        self.worker.kill(sig)

    def stop(self) -> None:
        self.worker.stop()
        if self.beat is not None:
            self.beat.stop()

    def output(self) -> str:
        return self.worker.output() + (self.beat.output() if self.beat else "")


def flush_broker() -> None:
    import redis

    redis.Redis.from_url(BROKER).flushdb()


@pytest.fixture
def celery_worker(transactional_db: Any, tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    """Start real workers: ``celery_worker(queues="webhooks", beat=False, env={...})``."""
    if not BROKER:
        pytest.skip("real workers: run `make test-workers`")
    assert settings.CELERY_BROKER_URL == BROKER and not settings.CELERY_TASK_ALWAYS_EAGER
    flush_broker()
    started: list[Worker] = []

    def start(
        *,
        queues: str = "celery,batch,webhooks,email,interactive",
        beat: bool = False,
        concurrency: int = 2,
        env: dict[str, str] | None = None,
    ) -> Worker:
        n = len(started)
        child_env = {
            **os.environ,
            "COCREA_MODE": "test",
            "DJANGO_SETTINGS_MODULE": "cocrea.settings",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": BROKER,
            "REDIS_URL": BROKER,
            "COCREA_DATA_DIR": str(settings.DATA_DIR),
            "CELERY_VISIBILITY_TIMEOUT_S": "3",
            "CELERY_UNACKED_RESTORE_S": "1",
            "LOG_LEVEL": "WARNING",
            **(env or {}),
        }
        worker = CeleryProcess(
            [
                "worker",
                "-Q",
                queues,
                "-c",
                str(concurrency),
                "-n",
                f"test{n}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            child_env,
            tmp_path / f"worker{n}.log",
        )
        beat_process = None
        if beat:
            beat_process = CeleryProcess(
                [
                    "beat",
                    "-s",
                    str(tmp_path / f"beat{n}"),
                    "--max-interval",
                    "1",
                    "--loglevel",
                    "INFO",
                ],
                child_env,
                tmp_path / f"beat{n}.log",
            )
        handle = Worker(worker, beat_process).start()
        started.append(handle)
        return handle

    yield start
    for handle in started:
        handle.worker.kill()
        if handle.beat is not None:
            handle.beat.kill()
    flush_broker()


def wait_until(predicate: Callable[[], Any], timeout: float = 60.0, every: float = 0.2) -> Any:
    """Poll ``predicate`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not true after {timeout} s: {predicate}")
