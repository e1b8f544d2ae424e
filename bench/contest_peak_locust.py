"""Locust members of the contest peak (driven by bench/contest_peak.py, which writes the plan)."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["PEAK_PLAN"]).read())  # noqa: SIM115
ACCEPTED = open(os.environ["PEAK_ACCEPTED"], "a", buffering=1)  # noqa: SIM115
_next = itertools.count()
_lock = threading.Lock()
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HX_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


class Member(HttpUser):
    wait_time = between(2, 6)

    def on_start(self) -> None:
        n = next(_next) % len(PLAN["members"])
        self.email = PLAN["members"][n]
        # Each member from an address of their own (10.x.y.z), as behind a load balancer.
        self.client.headers["X-Forwarded-For"] = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        self.client.headers["Accept-Language"] = "fr"
        self.base = f"/b/{PLAN['brand']}"
        self.voted: set[int] = set()
        self.csrf = ""
        session = PLAN["sessions"].get(self.email)
        if session:
            self.client.cookies.set("sessionid", session)
        else:
            self.log_in()
        self.browse()
        for _ in range(random.randint(1, 3)):
            self.vote()
        if random.random() < 0.3:
            self.comment()

    def log_in(self) -> None:
        page = self.client.get("/accounts/login/", name="login page")
        token = TOKEN.search(page.text)
        with self.client.post(
            "/accounts/login/",
            {
                "login": self.email,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": page.url},
            name="log in",
            catch_response=True,
        ) as response:
            if "sessionid" not in self.client.cookies:
                response.failure(f"not signed in ({response.status_code})")

    def _page(self, path: str, name: str) -> str:
        response = self.client.get(path, name=name)
        found = HX_TOKEN.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response.text

    @task(3)
    def browse(self) -> None:
        self._page(f"{self.base}/", "brand page")
        self._page(f"{self.base}/contests/{PLAN['contest']}/", "contest page")
        self.look()

    @task(4)
    def look(self) -> None:
        entry = random.choice(PLAN["entries"])
        self._page(f"{self.base}/entries/{entry}/", "design page")

    @task(3)
    def vote(self) -> None:
        left = [e for e in PLAN["entries"] if e not in self.voted]
        if not left:
            return self.look()
        entry = random.choice(left)
        self._page(f"{self.base}/entries/{entry}/", "design page")
        if not self.csrf:
            return None  # the page did not come: a member would not click either
        with self.client.post(
            f"{self.base}/entries/{entry}/vote/",
            headers={
                "X-CSRFToken": self.csrf,
                "HX-Request": "true",
                "Referer": f"{self.client.base_url}{self.base}/entries/{entry}/",
            },
            name="vote",
            catch_response=True,
        ) as response:
            ACCEPTED.write(json.dumps([self.email, entry, response.status_code]) + "\n")
            if response.status_code == 200:
                self.voted.add(entry)
            elif response.status_code == 409:
                self.voted.add(entry)  # already voted: refused, and said so
                response.success()
        return None

    @task(1)
    def comment(self) -> None:
        idea = random.choice(PLAN["ideas"])
        page = self._page(f"{self.base}/ideas/{idea}/", "idea page")
        token = TOKEN.search(page)
        self.client.post(
            f"{self.base}/ideas/{idea}/comments/",
            {
                "body": "Le design n°3 a ma voix : la poignée est parfaite.",
                "csrfmiddlewaretoken": token.group(1) if token else self.csrf,
            },
            headers={"Referer": f"{self.client.base_url}{self.base}/ideas/{idea}/"},
            name="comment",
        )


@events.quitting.add_listener
def _close(environment, **kwargs) -> None:  # type: ignore[no-untyped-def]
    ACCEPTED.close()
