"""Headers: CSP on every page, HSTS and the HTTPS redirect from the environment, a clean
`cocrea check --deploy` with the documented production environment."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[4]


def _example_env() -> dict[str, str]:
    """The production variables as .env.example documents them."""
    env: dict[str, str] = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            env[key] = value
    return env


def _cocrea(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if k.startswith(("PATH", "HOME", "LANG"))}
    keep.update({"COCREA_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "cocrea", *args],
        env=keep,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_page_sends_a_policy_without_inline_scripts_or_styles(client: Client, brand):
    response = client.get(f"/b/{brand.slug}/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_the_documented_production_environment_passes_the_deploy_check(tmp_path):
    env = _example_env()
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        REDIS_URL="",
        MEDIA_ROOT=str(tmp_path / "media"),
        EXPORTS_ROOT=str(tmp_path / "exports"),
        COCREA_DATA_DIR=str(tmp_path),
    )
    result = _cocrea(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_hsts_redirect_and_proxy_count_come_from_the_environment(tmp_path):
    env = {
        "COCREA_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "cocrea.example",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "3600",
        "TRUSTED_PROXY_COUNT": "1",
    }
    then = (
        "from django.test import Client; from django.conf import settings;"
        "r = Client().get('/', HTTP_HOST='cocrea.example');"
        "print(r.status_code, r['Location']);"
        "r = Client().get('/healthz', HTTP_HOST='cocrea.example', secure=True);"
        "print(r['Strict-Transport-Security']);"
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    result = _cocrea(tmp_path, "shell", "--no-imports", "-c", then, **env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0] == "301 https://cocrea.example/"
    assert lines[1] == "max-age=3600"
    assert lines[2] == "1"


def test_without_the_proxy_settings_the_deploy_check_warns(tmp_path):
    env = {
        "COCREA_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "cocrea.example",
    }
    result = _cocrea(tmp_path, "check", "--deploy", **env)
    assert "cocrea.W001" in result.stderr + result.stdout
    assert "security.W004" in result.stderr + result.stdout
