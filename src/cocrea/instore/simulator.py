"""A store simulator: kiosks that send realistic traffic to a running Cocréa through the device
API, go offline and come back, and sometimes lose the server's answer — then a count that proves
nothing was lost and nothing doubled (``cocrea simulate_store``, the benchmark).

Each simulated kiosk behaves as ``kiosk.js`` does: every action is a signal with an id made by
the device, put in its queue; the queue sends up to 500 at a time with ``sent_at``, forgets the
signals answered ``accepted``, ``duplicate`` or ``refused``, and keeps the rest. Offline, it sends
nothing; an answer lost on the way back (the server kept the batch, the kiosk never heard) makes
the kiosk send the same ids again, which the server must count as duplicates.
"""

from __future__ import annotations

import json
import random
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

FORGET = {"accepted", "duplicate", "refused"}
BATCH_MAX = 500
KINDS = [("view", 45), ("heart", 35), ("rating", 12), ("comment", 5), ("idea", 3)]
TEXTS = [
    ("fr", "Le couvercle fuit un peu quand on marche vite."),
    ("fr", "J'adore ce produit, je reviendrai."),
    ("fr", "Une version plus grande serait parfaite."),
    ("en", "Lovely, but a little expensive."),
    ("en", "Please bring back the seasonal version."),
]


@dataclass
class Tally:
    """What the simulated kiosks did and what the server answered them."""

    made: int = 0  # signals created on the kiosks (unique ids)
    sent: int = 0  # signals posted, retries included
    requests: int = 0
    failed: int = 0  # requests without an answer (network error, 5xx, 429)
    lost_answers: int = 0  # answers the kiosk "did not hear": it sends the batch again
    offline_spells: int = 0
    accepted: int = 0
    duplicates: int = 0
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)


@dataclass
class Kiosk:
    token: str
    rng: random.Random
    queue: list[dict[str, Any]] = field(default_factory=list)
    offline_until: int = -1
    ids: list[str] = field(default_factory=list)  # every id it made


def _signal(kiosk: Kiosk, products: Sequence[int]) -> dict[str, Any]:
    rng = kiosk.rng
    kind = rng.choices([k for k, _w in KINDS], weights=[w for _k, w in KINDS])[0]
    signal: dict[str, Any] = {
        "id": f"sim-{uuid.UUID(int=rng.getrandbits(128))}",
        "kind": kind,
        "at": datetime.now(UTC).isoformat(),
    }
    if kind in {"view", "heart", "rating"} or rng.random() < 0.5:
        signal["product_id"] = rng.choice(products)
    if kind == "rating":
        signal["rating"] = rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 3, 6, 5])[0]
    if kind in {"comment", "idea"}:
        signal["language"], signal["text"] = rng.choice(TEXTS)
    kiosk.ids.append(signal["id"])
    return signal


def post(base_url: str, token: str, signals: list[dict[str, Any]], timeout: float = 30) -> Any:
    """The server's answer to a batch, or None when there is none (network, 5xx, 429)."""
    if not base_url.startswith(("http://", "https://")):
        raise ValueError("The server's URL starts with http:// or https://.")
    body = json.dumps({"sent_at": datetime.now(UTC).isoformat(), "signals": signals}).encode()
    request = urllib.request.Request(  # noqa: S310 (checked above: http or https)
        f"{base_url}/api/v1/device/signals",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read())
    except (urllib.error.URLError, TimeoutError, ConnectionError, ValueError):
        return None


@dataclass
class Traffic:
    base_url: str
    products: Sequence[int]
    tally: Tally
    offline_chance: float = 0.08
    lost_answer_chance: float = 0.05
    per_round: tuple[int, int] = (1, 8)

    def step(self, kiosk: Kiosk, round_no: int, *, calm: bool = False) -> None:
        """One moment of a kiosk: shoppers act, then it sends its queue if it can."""
        rng = kiosk.rng
        if not calm:
            made = [_signal(kiosk, self.products) for _ in range(rng.randint(*self.per_round))]
            kiosk.queue.extend(made)
            self.tally.add(made=len(made))
            if round_no < kiosk.offline_until:
                return
            if rng.random() < self.offline_chance:
                kiosk.offline_until = round_no + rng.randint(2, 6)
                self.tally.add(offline_spells=1)
                return
        self.flush(kiosk, lose=0 if calm else self.lost_answer_chance)

    def flush(self, kiosk: Kiosk, *, lose: float) -> None:
        while kiosk.queue:
            batch = kiosk.queue[:BATCH_MAX]
            answer = post(self.base_url, kiosk.token, batch)
            self.tally.add(requests=1, sent=len(batch))
            if answer is None or "results" not in answer:
                self.tally.add(failed=1)
                return
            if kiosk.rng.random() < lose:
                self.tally.add(lost_answers=1)
                return
            self.tally.add(
                accepted=answer["accepted"],
                duplicates=answer["duplicates"],
                refused=answer["refused"],
            )
            done = {s["id"] for s, r in zip(batch, answer["results"], strict=False)
                    if r["status"] in FORGET}  # fmt: skip
            kiosk.queue = [s for s in kiosk.queue if s["id"] not in done]
            if not done:
                return


def play(traffic: Traffic, kiosks: Sequence[Kiosk], rounds: int, workers: int = 8) -> Tally:
    """``rounds`` moments of every kiosk (in ``workers`` threads), then every kiosk back online
    sends what it still holds (up to ten tries, as a real one would keep trying)."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for round_no in range(rounds):
            list(pool.map(lambda k: traffic.step(k, round_no), kiosks))  # noqa: B023 (used at once)
        for _try in range(10):
            waiting = [k for k in kiosks if k.queue]
            if not waiting:
                break
            list(pool.map(lambda k: traffic.step(k, rounds, calm=True), waiting))
    return traffic.tally
