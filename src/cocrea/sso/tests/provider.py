"""Start the tests' real OpenID Connect provider (tests/oidc_provider: django-oauth-toolkit)
in its own gunicorn process, and walk a person through its sign-in as her browser would."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parents[4]
PROVIDER_DIR = ROOT / "tests" / "oidc_provider"


@dataclass
class Provider:
    url: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"

    def setup(self, *, users: list[dict[str, object]], clients: list[dict[str, object]]) -> None:
        answer = requests.post(
            f"{self.url}/setup/", json={"users": users, "clients": clients}, timeout=30
        )
        answer.raise_for_status()

    def approve(self, authorize_url: str, email: str, password: str) -> str:
        """Sign in at the provider and return where it sends the browser back (with the code)."""
        session = requests.Session()
        page = session.get(authorize_url)
        assert "/login/" in page.url, page.url
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        nxt = re.search(r'name="next" value="([^"]+)"', page.text)
        assert csrf and nxt
        done = session.post(
            page.url,
            data={
                "csrfmiddlewaretoken": csrf.group(1),
                "username": email,
                "password": password,
                "next": nxt.group(1).replace("&amp;", "&"),
            },
            headers={"Referer": page.url},
            allow_redirects=False,
        )
        assert done.status_code == 302, done.text[:500]
        back = session.get(f"{self.url}{done.headers['Location']}", allow_redirects=False)
        assert back.status_code == 302, back.text[:500]
        return str(back.headers["Location"])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(tmp: Path) -> Iterator[Provider]:
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(PROVIDER_DIR),
        "OIDC_PROVIDER_DB": str(tmp / "provider.sqlite3"),
        "DJANGO_SETTINGS_MODULE": "oidc_provider.settings",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1", "oidc_provider.wsgi"],
        env=env,
        cwd=PROVIDER_DIR,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "provider.log", "w"),  # noqa: SIM115 (kept open for the process)
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(f"{url}/o/.well-known/openid-configuration", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None:
                raise RuntimeError((tmp / "provider.log").read_text())
            time.sleep(0.1)
        else:
            raise RuntimeError("the OpenID Connect provider did not start")
        yield Provider(url)
    finally:
        process.terminate()
        process.wait(timeout=10)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"
