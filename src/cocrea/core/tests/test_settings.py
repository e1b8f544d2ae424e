"""The settings module refuses to start production with unsafe values."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]


def _start(tmp_path: Path, then: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    """Start Django in a fresh process with ``env``, then run the statements ``then``."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    clean.update({"COCREA_DATA_DIR": str(tmp_path), **env})
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cocrea.settings'; django.setup()"
    ) + then
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=False
    )


GOOD_SECRET = "x" * 64


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "needs SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "at least 50"),
        ({"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "a.example", "DEBUG": "1"}, "refuses DEBUG"),
        ({"SECRET_KEY": GOOD_SECRET}, "needs ALLOWED_HOSTS"),
        (
            {"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "a", "DATABASE_URL": "mysql://x/y"},
            "not supported",
        ),
        ({"SECRET_KEY": GOOD_SECRET, "ALLOWED_HOSTS": "a", "EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
    ],
)
def test_production_refuses_unsafe_settings(tmp_path, env, message):
    result = _start(tmp_path, COCREA_MODE="production", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_real_settings(tmp_path):
    result = _start(
        tmp_path, COCREA_MODE="production", SECRET_KEY=GOOD_SECRET, ALLOWED_HOSTS="a.example"
    )
    assert result.returncode == 0, result.stderr


def test_without_a_broker_tasks_run_inline_and_kombu_does_not_warn(tmp_path):
    task = (
        "; from django.conf import settings; assert settings.CELERY_TASK_ALWAYS_EAGER"
        "; from cocrea.notifications.tasks import send_notification_emails"
        "; print('sent', send_notification_emails.delay([]).get())"
    )
    clean = {"CELERY_BROKER_URL": "", "REDIS_URL": "", "COCREA_MODE": "demo"}
    result = _start(tmp_path, then=task, **clean)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sent")
    assert "No hostname" not in result.stderr + result.stdout


def test_demo_secret_is_generated_once_and_kept(tmp_path):
    assert _start(tmp_path, COCREA_MODE="demo").returncode == 0
    first = (tmp_path / "demo-secret-key").read_text()
    assert _start(tmp_path, COCREA_MODE="demo").returncode == 0
    assert (tmp_path / "demo-secret-key").read_text() == first


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (ROOT / "src" / "cocrea" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list|choice)\(\s*"([A-Z0-9_]+)"', settings_source))
    listed = set(re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - listed == set()


def test_links_follow_the_port_the_demo_serves_on(tmp_path):
    """`PORT=18801 make demo` printed and e-mailed links to port 8000."""
    shown = "; from django.conf import settings; print(settings.SITE_URL)"
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    env = {**clean, "COCREA_DATA_DIR": str(tmp_path), "PORT": "18801"}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cocrea.settings'; django.setup()"
    )
    out = subprocess.run(
        [sys.executable, "-c", code + shown], env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "http://127.0.0.1:18801", out.stderr
    env["SITE_URL"] = "https://cocrea.example.com/"
    out = subprocess.run(
        [sys.executable, "-c", code + shown], env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "https://cocrea.example.com"
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^export PORT\b", makefile, re.M)
