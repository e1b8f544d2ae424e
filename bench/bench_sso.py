"""Sign-in time through a brand's OpenID Connect provider, beside the password sign-in.

Cocréa runs under gunicorn (production settings, PostgreSQL), the provider is the tests' real
one (django-oauth-toolkit, ``tests/oidc_provider``) in its own gunicorn process, and a client
walks each sign-in as a browser does, request by request, following every redirect:

- **SSO, first time**: the brand's sign-in page, "Sign in with …" (a POST), the provider's
  authorize and sign-in pages, its redirect back, Cocréa's callback (which asks the provider for
  the tokens and checks the ID token's signature against its keys), the account made, and the
  brand's home page;
- **SSO, returning**: the same for a member who already has her account;
- **password (baseline)**: the brand's sign-in page, the form posted, the brand's home page.

Each row gives the whole round trip and the part spent waiting for Cocréa (the rest is the
provider). Pages are plain HTTP on 127.0.0.1 (no TLS); the provider hashes passwords with MD5
(a test setting), Cocréa with its production hasher (PBKDF2).

    .venv/bin/python bench/bench_sso.py                    # 15 members
    .venv/bin/python bench/bench_sso.py --members 25 --port 8171

DATABASE_URL (PostgreSQL; default postgres://postgres@127.0.0.1:5432/cocrea_bench_sso) is
wiped and rebuilt.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import ROOT, core_speed, percentile, reset_database

BRAND, KEY, PASSWORD = "cafe-bench", "bench-kc", "correct horse battery"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cocrea_bench_sso"
        ),
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "18190")))
    parser.add_argument("--members", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="keep the migrated database")
    return parser.parse_args()


def server_env(args: argparse.Namespace, work: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        "COCREA_MODE": "production",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",  # plain HTTP on 127.0.0.1: no TLS in front
        "DATABASE_URL": args.database_url,
        "COCREA_DATA_DIR": str(work / "data"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "cocrea.settings",
    }


def load(members: int, issuer: str) -> None:
    """The brand, its provider, and the password members of the baseline."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from cocrea.accounts.models import User
    from cocrea.brands.models import Brand, Membership
    from cocrea.sso.models import IdentityProvider

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    Brand.objects.filter(slug=BRAND).delete()  # a --reuse run starts again from nothing
    User.objects.filter(email__endswith="@bench.example").delete()
    brand = Brand.objects.create(name="Café Bench", slug=BRAND)
    IdentityProvider.objects.create(
        brand=brand, protocol="oidc", key=KEY, name="Café Bench staff", server_url=issuer,
        client_id="cocrea-bench", secret="bench-secret",
    )  # fmt: skip
    hashed = make_password(PASSWORD)
    for i in range(members):
        email = f"pw{i}@bench.example"
        user = User.objects.create(
            username=email, email=email, password=hashed, display_name=f"Pw {i}", language="en"
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        Membership.objects.create(brand=brand, user=user)


class Walk:
    """One browser: its cookies, and the seconds spent waiting for each server."""

    def __init__(self, cocrea: str) -> None:
        self.session = requests.Session()
        self.cocrea = cocrea
        self.waited = {"cocrea": 0.0, "provider": 0.0}

    def request(self, method: str, url: str, **kwargs: object) -> requests.Response:
        who = "cocrea" if url.startswith(self.cocrea) else "provider"
        started = time.perf_counter()
        answer = self.session.request(method, url, allow_redirects=False, timeout=60, **kwargs)
        self.waited[who] += time.perf_counter() - started
        return answer

    def follow(self, answer: requests.Response) -> requests.Response:
        while answer.status_code in (301, 302, 303):
            answer = self.request("GET", urljoin(answer.url, answer.headers["Location"]))
        return answer

    def post_form(
        self, url: str, page: requests.Response, data: dict[str, str]
    ) -> requests.Response:
        token = CSRF.search(page.text)
        assert token, page.text[:300]
        data = {"csrfmiddlewaretoken": token.group(1), **data}
        return self.request("POST", url, data=data, headers={"Referer": page.url})


def sso_sign_in(cocrea: str, email: str) -> dict[str, float]:
    walk = Walk(cocrea)
    started = time.perf_counter()
    login = walk.request("GET", f"{cocrea}/accounts/login/?next=/b/{BRAND}/")
    start = walk.post_form(f"{cocrea}/accounts/oidc/{KEY}/login/?next=/b/{BRAND}/", login, {})
    provider_login = walk.follow(start)
    assert "/login/" in provider_login.url, provider_login.url
    nxt = re.search(r'name="next" value="([^"]+)"', provider_login.text)
    assert nxt
    back = walk.post_form(
        provider_login.url,
        provider_login,
        {"username": email, "password": PASSWORD, "next": nxt.group(1).replace("&amp;", "&")},
    )
    home = walk.follow(back)
    total = time.perf_counter() - started
    arrived = home.status_code == 200 and urlsplit(home.url).path == f"/b/{BRAND}/"
    assert arrived, (home.url, home.status_code, home.text[:1500])
    return {"total": total, **walk.waited}


def password_sign_in(cocrea: str, email: str) -> dict[str, float]:
    walk = Walk(cocrea)
    started = time.perf_counter()
    login = walk.request("GET", f"{cocrea}/accounts/login/?next=/b/{BRAND}/")
    posted = walk.post_form(
        f"{cocrea}/accounts/login/?next=/b/{BRAND}/",
        login,
        {"login": email, "password": PASSWORD, "next": f"/b/{BRAND}/"},
    )
    home = walk.follow(posted)
    total = time.perf_counter() - started
    assert home.status_code == 200 and urlsplit(home.url).path == f"/b/{BRAND}/", home.url
    return {"total": total, **walk.waited}


def row(name: str, runs: list[dict[str, float]]) -> str:
    ms = {k: [r[k] * 1000 for r in runs] for k in ("total", "cocrea", "provider")}
    return (
        f"| {name} | {len(runs)} | {statistics.median(ms['total']):.0f} | "
        f"{percentile(ms['total'], 95):.0f} | {statistics.median(ms['cocrea']):.0f} | "
        f"{statistics.median(ms['provider']):.0f} |"
    )


def main() -> None:
    args = parse()
    print(f"{core_speed()}, load average {os.getloadavg()[0]:.1f}", flush=True)
    from cocrea.sso.tests.provider import start

    work = Path(tempfile.mkdtemp(prefix="bench-sso-"))
    if not args.reuse:
        reset_database(args.database_url)
    env = server_env(args, work)
    os.environ.update(env)
    sys.path.insert(0, env["PYTHONPATH"])
    import django

    django.setup()
    provider_run = start(work)
    provider = next(provider_run)
    # Cookies are per host, not per port: Cocréa on "localhost" and the provider on 127.0.0.1
    # keep their own session cookies, as two sites do in a browser.
    cocrea_url = f"http://localhost:{args.port}"
    emails = [f"sso{i}@bench.example" for i in range(args.members)]
    provider.setup(
        users=[{"email": e, "password": PASSWORD, "name": e.split("@")[0]} for e in emails],
        clients=[{
            "client_id": "cocrea-bench", "secret": "bench-secret",
            "redirect_uris": [f"{cocrea_url}/accounts/oidc/{KEY}/login/callback/"],
        }],
    )  # fmt: skip
    load(args.members, provider.issuer)
    from django.db import connections

    connections.close_all()
    log = open(work / "cocrea.log", "w")  # noqa: SIM115
    gunicorn = [sys.executable, "-m", "gunicorn", "--workers", str(args.workers)]
    server = subprocess.Popen(
        [*gunicorn, "--bind", f"127.0.0.1:{args.port}", "cocrea.wsgi"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=30)
                break
            except OSError:
                time.sleep(0.2)
        password_sign_in(cocrea_url, "pw0@bench.example")  # warm-up: workers import everything
        first, returning, password = [], [], []
        for i, email in enumerate(emails):  # interleaved: the load moves under all three alike
            first.append(sso_sign_in(cocrea_url, email))
            password.append(password_sign_in(cocrea_url, f"pw{i}@bench.example"))
            returning.append(sso_sign_in(cocrea_url, email))
    finally:
        server.terminate()
        server.wait(timeout=60)
        provider_run.close()
    print(f"\nSign-in round trips, {args.members} each, gunicorn {args.workers} sync workers, "
          "PostgreSQL, one client (a person's browser, request by request).")  # fmt: skip
    columns = ["sign-in", "n", "total p50 ms", "total p95 ms", "Cocréa's part p50 ms",
               "provider's part p50 ms"]  # fmt: skip
    print("| " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|")
    print(row("OpenID Connect, first time (account made)", first))
    print(row("OpenID Connect, returning member", returning))
    print(row("password (baseline)", password))
    print(f"{core_speed()}, load average {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
