"""Real Celery workers and beat (subprocesses, the harness of tests/workers/conftest.py) on the
local Redis: e-mails and analyses are done by them, a batch backlog does not delay an e-mail, an
unreachable SMTP server is retried, a worker killed while sending sends the e-mail once, a
restart loses nothing, and /healthz says "degraded" while no worker consumes."""

from __future__ import annotations

import os
import signal
import socket
import socketserver
import threading
import time
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from django.core.mail import EmailMessage
from django.db import transaction
from django.test import Client

from cocrea.core.health import QUEUES
from cocrea.notifications.models import Notification, OutgoingEmail
from cocrea.notifications.outbox import outbox_put
from cocrea.notifications.services import notify
from tests.workers.conftest import wait_until

pytestmark = [pytest.mark.workers, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SmtpReceiver:
    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[Message] = []
        self.hang = threading.Event()  # set: accept DATA, never answer it
        self.data_started = threading.Event()
        receiver = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self) -> None:
                self.reply("220 cocrea-test ESMTP")
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    verb = line.decode(errors="replace").strip().split(" ")[0].upper()
                    if verb in {"EHLO", "HELO"}:
                        self.reply("250 cocrea-test")
                    elif verb in {"MAIL", "RCPT", "RSET", "NOOP"}:
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        receiver.data_started.set()
                        body = self.read_data()
                        if receiver.hang.is_set():
                            threading.Event().wait(600)  # the client is killed meanwhile
                            return
                        receiver.messages.append(message_from_bytes(body))
                        self.reply("250 OK queued")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 Not implemented")

            def read_data(self) -> bytes:
                lines = []
                while True:
                    line = self.rfile.readline()
                    if not line or line == b".\r\n":
                        return b"".join(lines)
                    lines.append(line[1:] if line.startswith(b"..") else line)

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self._server_class = Server
        self._handler = Handler
        self._server: socketserver.ThreadingTCPServer | None = None

    def start(self) -> SmtpReceiver:
        self._server = self._server_class(("127.0.0.1", self.port), self._handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@pytest.fixture
def smtp():  # type: ignore[no-untyped-def]
    receiver = SmtpReceiver(_free_port()).start()
    yield receiver
    receiver.stop()


@pytest.fixture
def worker_env(smtp, settings):  # type: ignore[no-untyped-def]
    """Workers deliver to the test's SMTP server and share the test's cache (the database's),
    where /healthz reads their heartbeats."""
    settings.EMAIL_BACKEND = "cocrea.notifications.outbox.OutboxBackend"
    return {
        "REDIS_URL": "",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "5",
        "HEARTBEAT_EVERY_S": "5",
        "INSIGHTS_EMBED_THREADS": "1",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }


def _mail(subject: str) -> None:
    with transaction.atomic():
        outbox_put(EmailMessage(subject, "Bonjour", to=["bob@example.org"]))


def _sent() -> int:
    return OutgoingEmail.objects.filter(state=OutgoingEmail.State.SENT).count()


def _pool_children(worker) -> list[int]:  # type: ignore[no-untyped-def]
    main = worker.worker.process.pid
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{main}\n" in text:
            found.append(int(status.parent.name))
    return found


def test_a_notification_e_mail_is_sent_by_a_worker(
    celery_worker, worker_env, smtp, bob, mona, campaign
):  # type: ignore[no-untyped-def]
    from cocrea.ideas.tests.factories import IdeaFactory

    idea = IdeaFactory(campaign=campaign, author=bob)
    celery_worker(queues="email", env=worker_env)
    with transaction.atomic():
        notify(
            recipients=[bob.user],
            brand=campaign.brand,
            kind="status_changed",
            actor=mona.user,
            idea=idea,
            data={"from": "new", "to": "accepted"},
        )
    wait_until(lambda: smtp.messages, 90)
    assert smtp.messages[0]["To"] == "bob@example.org"
    assert Notification.objects.get(recipient=bob.user).emailed_at is not None
    wait_until(lambda: _sent() == 1, 10)


def test_a_batch_backlog_does_not_delay_an_e_mail(celery_worker, worker_env, smtp):  # type: ignore[no-untyped-def]
    from cocrea.core.health import queue_depths
    from cocrea.insights.tasks import recompute_all_themes

    for _ in range(20):
        recompute_all_themes.delay()  # waits in `batch`: no worker takes that queue here
    celery_worker(queues="email,interactive,webhooks", env=worker_env)
    _mail("Urgent")
    wait_until(lambda: smtp.messages, 90)
    assert queue_depths()["batch"] == 20


def test_an_unreachable_smtp_server_is_retried_until_it_answers(celery_worker, worker_env, smtp):  # type: ignore[no-untyped-def]
    from cocrea.notifications.outbox import sweep

    smtp.stop()
    celery_worker(queues="email", env=worker_env)
    _mail("Retry me")
    pending = OutgoingEmail.objects.filter(attempts=1, state="pending")
    row = wait_until(pending.first, 90)
    assert row.last_error  # "ConnectionRefusedError: ..."
    smtp.start()
    long_ago = row.created_at.replace(year=2000)
    OutgoingEmail.objects.filter(pk=row.pk).update(next_attempt_at=long_ago, created_at=long_ago)
    assert sweep()["queued"] == 1  # what beat runs every minute
    wait_until(lambda: smtp.messages, 60)
    row.refresh_from_db()
    assert row.state == "sent" and row.attempts == 2


def test_a_worker_killed_while_sending_sends_the_e_mail_once(celery_worker, worker_env, smtp):  # type: ignore[no-untyped-def]
    worker = celery_worker(queues="email", concurrency=1, env=worker_env)
    smtp.hang.set()
    _mail("Once")
    wait_until(smtp.data_started.is_set, 90)
    smtp.hang.clear()
    (child,) = _pool_children(worker)
    os.kill(child, signal.SIGKILL)  # the pool process dies mid-send: the task goes back
    wait_until(lambda: smtp.messages, 90)
    wait_until(lambda: _sent() == 1, 10)
    time.sleep(2)
    assert len(smtp.messages) == 1
    assert OutgoingEmail.objects.get().attempts == 2


def test_a_worker_restart_loses_nothing(celery_worker, worker_env, smtp):  # type: ignore[no-untyped-def]
    for n in range(30):
        _mail(f"Message {n}")
    worker = celery_worker(queues="email", concurrency=1, env=worker_env)
    wait_until(lambda: len(smtp.messages) >= 5, 90)
    worker.stop()  # a deploy: warm shutdown in the middle of the backlog
    worker.start()
    wait_until(lambda: _sent() == 30, 120)
    time.sleep(2)
    subjects = sorted(str(m["Subject"]) for m in smtp.messages)
    assert subjects == sorted(f"Message {n}" for n in range(30))  # each exactly once


def test_an_idea_is_analysed_by_an_interactive_worker(celery_worker, worker_env, bob, campaign):  # type: ignore[no-untyped-def]
    from cocrea.ideas.services import idea_submit
    from cocrea.insights.models import Voice

    celery_worker(queues="interactive", env=worker_env)
    idea = idea_submit(
        member=bob,
        campaign=campaign,
        title="Une tasse qui garde le café chaud",
        body="<p>Le café refroidit trop vite le matin, il faudrait une tasse isolée.</p>",
    )
    analysed = Voice.objects.filter(idea=idea, analysed_at__isnull=False)
    voice = wait_until(analysed.first, 180)
    assert voice.language == "fr" and voice.embedding


def test_healthz_is_degraded_until_workers_and_beat_run(celery_worker, worker_env):  # type: ignore[no-untyped-def]
    body = Client().get("/healthz").json()
    assert body["status"] == "degraded"
    assert "beat is not running" in body["problems"]
    assert "no worker consumes queue email" in body["problems"]
    celery_worker(queues=",".join(QUEUES), beat=True, env=worker_env)

    def healthy():  # type: ignore[no-untyped-def]
        answer = Client().get("/healthz").json()
        return answer if answer["status"] == "ok" else None

    body = wait_until(healthy, 120)
    assert set(body["tasks"]["queues"]) == set(QUEUES)
    assert all(age < 30 for age in body["tasks"]["worker_last_seen_s"].values())
