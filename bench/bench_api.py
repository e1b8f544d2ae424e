"""The REST API through HTTP next to the site, in the same run (bench_http.py's machinery).

The idea list over the API (``GET /api/v1/brands/…/campaigns/…/ideas``, a personal token per
member, cursor pagination, ETag) and the API vote (``POST …/ideas/…/vote``) are measured with
wrk through gunicorn on PostgreSQL, interleaved round by round with the site's own vote and
idea list and with the bare Django baseline, on bench_http.py's data set (100k ideas, 1M votes by
default). Afterwards, every API vote answered 2xx must be stored, and only those.

    .venv/bin/python bench/bench_api.py                 # 100,000 ideas, 4 rounds of 10 s
    .venv/bin/python bench/bench_api.py --small         # 2,000 ideas: a quick check
    .venv/bin/python bench/bench_api.py --reuse         # the data of the last bench_http run

Same options and DATABASE_URL as bench_http.py (see bench/README.md); --port defaults to
BENCH_PORT or 18120.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_http as bh

API_SCENARIOS = [
    bh.Scenario("api_list", "API: idea list, first page (GET, Bearer)", "bare_list1"),
    bh.Scenario("api_vote", "API: vote (POST, Bearer)", "bare_vote", write=True),
]
bh.SCENARIOS.extend(API_SCENARIOS)
DEFAULT = "vote,api_vote,list1,api_list"


class ApiRequests(bh.Requests):
    """bench_http's requests, and the API's: same members, same hot ideas, never the same
    (member, idea) twice across the site's and the API's votes."""

    def __init__(self, args: Any, sessions: list[dict[str, Any]]) -> None:
        super().__init__(args, sessions)
        from cocrea.campaigns.models import Campaign

        self.campaign_id = Campaign.objects.get(slug=bh.CAMPAIGN).pk

    def _line(self, name: str, i: int) -> str:
        api = f"/api/v1/brands/{bh.BRAND}"
        if name == "api_list":
            path = f"{api}/campaigns/{self.campaign_id}/ideas?sort=trending&limit=20"
            return f"GET\t{path}\t{self._session()}\t\t"
        if name == "api_vote":
            site = super()._line("vote", i)  # a fresh (member, idea) pair
            _method, path, s, _body, _target = site.split("\t")
            idea = path.split("/ideas/")[1].split("/")[0]
            return f"POST\t{api}/ideas/{idea}/vote\t{s}\t\t"
        return super()._line(name, i)


def personal_tokens(sessions: list[dict[str, Any]]) -> list[str]:
    """One personal token (write scope) per signed-in member, made by the service."""
    from cocrea.api.models import ApiKey
    from cocrea.api.services import key_create
    from cocrea.brands.models import Membership

    ApiKey.objects.filter(brand__slug=bh.BRAND, name="bench").delete()
    members = Membership.objects.in_bulk([s["member"] for s in sessions])
    return [
        key_create(membership=members[s["member"]], kind="personal", name="bench", scope="write")[1]
        for s in sessions
    ]


def main() -> None:
    if "--scenarios" not in sys.argv:
        sys.argv += ["--scenarios", DEFAULT]
    if "--port" not in sys.argv:
        sys.argv += ["--port", os.environ.get("BENCH_PORT", "18120")]
    args = bh.parse()
    names = [n for n in args.scenarios.split(",") if n]
    scenarios = [s for s in bh.SCENARIOS if s.name in names]
    print(f"{bh.core_speed()}, load average {os.getloadavg()[0]:.1f}", flush=True)
    if not args.reuse:
        bh.reset_database(args.database_url)
    bh.setup_django(args)
    if not args.reuse:
        bh.load_cocrea(args)
        bh.load_bare(args)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    sessions = bh.make_sessions(args.sessions)
    bh.SESSIONS.extend(sessions)
    tokens = personal_tokens(sessions)
    requests = ApiRequests(args, sessions)
    from django.db import connections

    connections.close_all()
    cocrea, bare = bh.start_servers(args)
    try:
        pairs = bh.csrf_pairs(args.port, sessions, min(64, len(sessions)))
        with open(bh.WORK / "sessions.txt", "w") as out:
            for i, s in enumerate(sessions):
                cookie, token = pairs[i % len(pairs)]
                out.write(
                    f"sessionid={s['key']}; csrftoken={cookie}\t{token}\tBearer {tokens[i]}\n"
                )
        runs, tracked = bh.measure(args, scenarios, requests, cocrea, bare)
    finally:
        cocrea.stop()
        bare.stop()
    qpr = bh.queries_per_request(requests, [s.name for s in scenarios if s.name != "api_vote"], 10)
    bh.report(args, scenarios, runs, qpr)
    for name, runs_of in tracked.items():
        lines = bh.integrity(args, {"vote" if name == "api_vote" else name: runs_of})
        print("integrity · " + lines[0].replace("vote:", f"{name}:", 1))
    print(f"{bh.core_speed()}, load average {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
