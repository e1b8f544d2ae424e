"""The fuzz run's figures, from schemathesis's HAR record (run_api_fuzz.sh): for each credential
(the brand key, the member's personal token, the device token), how many operations were tried
and how many answered a success at least once, then the operations that never did with the
status codes they answered. Fails if an operation never answered a success: it was then not
fuzzed with a credential it accepts (only 401/403), or on objects it can act on (only 404 or
409), or never with a body it takes, and its own code was never reached.

``summary.py <report.har> <openapi.json> <credentials.json>``; credentials.json maps
``member``/``device`` to operation ids (the rest use the brand key).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from urllib.parse import urlsplit

METHODS = ("get", "post", "put", "patch", "delete")


def operations(schema: dict) -> list[tuple[str, str, re.Pattern[str], str]]:
    """(method, path, its pattern, operation id), the most literal paths first."""
    found = []
    for path, item in schema["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method, operation in item.items():
            if method in METHODS:
                found.append((method.upper(), path, pattern, operation["operationId"]))
    return sorted(found, key=lambda row: row[1].count("{"))


def main(har_path: str, schema_path: str, credentials_path: str) -> int:
    with open(har_path) as har, open(schema_path) as schema, open(credentials_path) as creds:
        entries = json.load(har)["log"]["entries"]
        ops = operations(json.load(schema))
        credentials = json.load(creds)
    credential_of = {op_id: name for name, ids in credentials.items() for op_id in ids}
    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    for entry in entries:
        method, path = entry["request"]["method"], urlsplit(entry["request"]["url"]).path
        for op_method, _path, pattern, op_id in ops:
            if op_method == method and pattern.match(path):
                statuses[op_id][entry["response"]["status"]] += 1
                break  # a request of a method the operation lacks is not one of its cases
    classes: dict[str, list[str]] = defaultdict(list)
    for _method, _path, _pattern, op_id in ops:
        classes[credential_of.get(op_id, "brand key")].append(op_id)
    failed = False
    print("credential        operations  tried  reached 2xx")
    for name, op_ids in sorted(classes.items()):
        tried = [op for op in op_ids if statuses[op]]
        reached = [op for op in tried if any(200 <= s < 300 for s in statuses[op])]
        print(f"{name:<17} {len(op_ids):>10}  {len(tried):>5}  {len(reached):>11}")
    for method, path, _pattern, op_id in sorted(ops, key=lambda row: (row[1], row[0])):
        answered = statuses[op_id]
        if any(200 <= s < 300 for s in answered):
            continue
        codes = "; ".join(f"{s}: {n}" for s, n in sorted(answered.items())) or "never tried"
        failed = True
        print(f"FAIL: no 2xx: {method} {path} ({op_id}): {codes}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
