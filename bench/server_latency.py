"""Server-side latency per route from /metrics (the histogram Cocréa keeps in every process):
the time Django spent on each request, without the time it waited in the socket's queue.

    .venv/bin/python bench/server_latency.py [--port 18300] [--token prod-local-metrics]

Read beside the load generator's figures: a large gap between the two is time spent waiting for
a CPU (a saturated machine), not time Cocréa spends answering.
"""

from __future__ import annotations

import argparse
import re
import urllib.request
from collections import defaultdict

LINE = re.compile(
    r"^cocrea_http_request_duration_seconds_bucket"
    r'\{le="([^"]+)",method="([A-Z]+)",route="([^"]+)"\} ([0-9.e+]+)$'
)


def quantile(buckets: list[tuple[float, float]], q: float) -> float:
    """Upper bound of the bucket holding the q-th quantile (as Prometheus' histogram_quantile
    does, without interpolation)."""
    total = buckets[-1][1]
    for bound, count in buckets:
        if count >= q * total:
            return bound
    return float("inf")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=18300)
    parser.add_argument("--token", default="prod-local-metrics")
    args = parser.parse_args()
    request = urllib.request.Request(
        f"http://127.0.0.1:{args.port}/metrics", headers={"Authorization": f"Bearer {args.token}"}
    )
    text = urllib.request.urlopen(request, timeout=30).read().decode()
    series: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for line in text.splitlines():
        match = LINE.match(line)
        if match:
            le, method, route, count = match.groups()
            series[(method, route)].append((float(le), float(count)))
    print(f"{'request (server side)':40} {'n':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for (method, route), buckets in sorted(series.items(), key=lambda i: -i[1][-1][1]):
        buckets.sort()
        n = buckets[-1][1]
        if n < 20:
            continue
        p50, p95, p99 = (quantile(buckets, q) * 1000 for q in (0.5, 0.95, 0.99))
        print(f"{method + ' ' + route:40} {n:7.0f} {p50:7.0f} {p95:7.0f} {p99:7.0f}")


if __name__ == "__main__":
    main()
