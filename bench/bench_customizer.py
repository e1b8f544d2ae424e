"""Benchmark of the customizer's live preview: the time of one option change.

Builds a product of P parts x O options (with incompatible pairs and blocked words in two
languages), then times N preview requests (the htmx POST a member's browser sends on every
option change: parse, check combination and text, compute the price, render the SVG, template)
through the whole Django stack with the test client, and prints p50/p95. It also times the bare
work (``evaluate`` + ``product_svg`` on a loaded catalogue) and a design save.

    python bench/bench_customizer.py                       # 6 parts x 12 options, 1,000 requests
    python bench/bench_customizer.py --parts 20 --options 40
    DATABASE_URL=postgres://postgres@127.0.0.1/cocrea_bench python bench/bench_customizer.py

The database named by DATABASE_URL (or var/bench/customizer.sqlite3) is wiped and rebuilt.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import core_speed  # noqa: E402
from benchlib import max_rss_mb as _max_rss_mb  # noqa: E402
from benchlib import percentile as _percentile  # noqa: E402
from benchlib import reset_database as _reset_database  # noqa: E402
from benchlib import setup_django as _setup_django  # noqa: E402

# A layer of realistic weight: a few curves, as an admin would paste from a drawing tool.
SHAPE = (
    '<path d="M{x} 60 C{x} 20 {x2} 20 {x2} 60 L{x2} 340 Q{x2} 370 {x3} 370 L{x4} 370 '
    'Q{x} 370 {x} 340 Z"/><circle cx="{cx}" cy="200" r="18"/>'
)


def load(parts: int, options: int, seed: int) -> dict[str, Any]:
    from django.core.management import call_command

    from cocrea.accounts.models import User
    from cocrea.brands.models import Brand, Membership
    from cocrea.core.errors import DomainError
    from cocrea.customizer import services
    from cocrea.customizer.models import Option, Product

    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    brand = Brand.objects.create(name="Bench", slug="bench", languages=["fr", "en"])
    admin = Membership.objects.create(
        brand=brand,
        role=Membership.Role.ADMIN,
        user=User.objects.create(username="a@bench.local", email="a@bench.local"),
    )
    member = Membership.objects.create(
        brand=brand, user=User.objects.create(username="m@bench.local", email="m@bench.local")
    )
    product = services.product_create(
        brand=brand,
        by=admin,
        name="Bench sneaker",
        base_price=Decimal("90"),
        text_max_length=12,
        text_charset=Product.Charset.TEXT,
        text_price=Decimal("5"),
    )
    materials = [m for m in Option.Material.values]
    for p in range(parts):
        x = 20 + 10 * p
        shape = SHAPE.format(x=x, x2=x + 300, x3=x + 280, x4=x + 20, cx=x + 150)
        part = services.part_create(product=product, by=admin, name=f"Part {p}", shape=shape)
        for o in range(options):
            material = materials[o % len(materials)]
            services.option_create(
                part=part,
                by=admin,
                label=f"Option {o}",
                colour=f"#{rng.randrange(0x1000000):06x}",
                kind="colour" if material == "plain" else "material",
                material=material,
                price_delta=Decimal(rng.choice(["0", "2", "5.50", "-1"])),
            )
    all_options = list(Option.objects.filter(part__product=product).select_related("part"))
    for _ in range(parts * 2):  # incompatible pairs, never inside one part
        a, b = rng.sample(all_options, 2)
        if a.part_id != b.part_id:
            with contextlib.suppress(DomainError):  # a pair drawn twice
                services.incompatibility_add(product=product, by=admin, option_a=a, option_b=b)
    for language in ("fr", "en"):
        words = [f"mot{language}{i}" for i in range(200)]
        services.blocked_words_set(product=product, by=admin, language=language, words=words)
    return {"product": product, "member": member, "options": all_options}


def _random_form(product: Any, options: list[Any], rng: random.Random) -> dict[str, str]:
    by_part: dict[int, list[Any]] = {}
    for option in options:
        by_part.setdefault(option.part_id, []).append(option)
    form = {f"part-{part}": str(rng.choice(opts).pk) for part, opts in by_part.items()}
    form["text"] = rng.choice(["", "JD", "Léa M.", "Paris 2026"])
    return form


def measure_preview(loaded: dict[str, Any], requests: int, seed: int) -> dict[str, float]:
    from django.test import Client
    from django.urls import reverse

    product, member = loaded["product"], loaded["member"]
    url = reverse("customizer:preview", args=[product.brand.slug, product.slug])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(member.user)
    rng = random.Random(seed)
    timings: list[float] = []
    sizes: list[int] = []
    for attempt in range(requests + 20):
        form = _random_form(product, loaded["options"], rng)
        started = time.perf_counter()
        response = client.post(url, form, HTTP_HX_REQUEST="true")
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if attempt >= 20:  # warm-up
            timings.append(elapsed)
            sizes.append(len(response.content))
    return {
        "p50_ms": statistics.median(timings),
        "p95_ms": _percentile(timings, 95),
        "bytes": statistics.median(sizes),
    }


def measure_core(loaded: dict[str, Any], requests: int, seed: int) -> dict[str, float]:
    """The work without HTTP: load the catalogue, check, price and draw."""
    from cocrea.customizer import selectors, services
    from cocrea.customizer.svg import product_svg

    product, member = loaded["product"], loaded["member"]
    languages = services.member_languages(member)
    rng = random.Random(seed)
    timings: list[float] = []
    for _ in range(requests):
        form = _random_form(product, loaded["options"], rng)
        choices = {int(k[5:]): int(v) for k, v in form.items() if k.startswith("part-")}
        started = time.perf_counter()
        cat = selectors.catalogue(product)
        result = services.evaluate(cat, choices=choices, text=form["text"], languages=languages)
        product_svg(product, cat.parts, result.chosen, result.text)
        timings.append((time.perf_counter() - started) * 1000)
    cold: list[float] = []
    for _ in range(min(requests, 200)):  # the catalogue loaded from the database every time
        started = time.perf_counter()
        selectors._load_catalogue(product)
        cold.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": statistics.median(timings),
        "p95_ms": _percentile(timings, 95),
        "cold_p50_ms": statistics.median(cold),
        "cold_p95_ms": _percentile(cold, 95),
    }


def measure_save(loaded: dict[str, Any], saves: int, seed: int) -> dict[str, float]:
    from cocrea.core.errors import DomainError
    from cocrea.customizer import services

    product, member = loaded["product"], loaded["member"]
    rng = random.Random(seed)
    timings: list[float] = []
    refused = 0
    for n in range(saves):
        form = _random_form(product, loaded["options"], rng)
        choices = {int(k[5:]): int(v) for k, v in form.items() if k.startswith("part-")}
        started = time.perf_counter()
        try:
            services.design_save(
                member=member, product=product, title=f"D{n}", choices=choices, text=form["text"]
            )
        except DomainError:
            refused += 1  # an incompatible pair drawn: refused, timed all the same
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": statistics.median(timings),
        "p95_ms": _percentile(timings, 95),
        "refused": refused,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--parts", type=int, default=6)
    parser.add_argument("--options", type=int, default=12, help="options per part")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=150)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'customizer.sqlite3'}"
        ),
    )
    args = parser.parse_args()
    _reset_database(args.database_url)
    _setup_django(args.database_url)
    loaded = load(args.parts, args.options, args.seed)
    size = f"{args.parts} parts x {args.options} options"
    engine = args.database_url.split(":", 1)[0]
    print(f"{core_speed()}, load average {os.getloadavg()[0]:.1f}", flush=True)
    preview = measure_preview(loaded, args.requests, args.seed)
    print(
        f"[{engine}] preview per option change ({size}), full stack: "
        f"p50 {preview['p50_ms']:.1f} ms · p95 {preview['p95_ms']:.1f} ms "
        f"({args.requests} requests, {preview['bytes'] / 1024:.1f} KiB each) — target ≤ 30 ms"
    )
    core = measure_core(loaded, args.requests, args.seed)
    print(
        f"[{engine}] catalogue + checks + SVG only: p50 {core['p50_ms']:.2f} ms · "
        f"p95 {core['p95_ms']:.2f} ms; loading the catalogue (after an admin change): "
        f"p50 {core['cold_p50_ms']:.1f} ms · p95 {core['cold_p95_ms']:.1f} ms"
    )
    save = measure_save(loaded, args.saves, args.seed)
    print(
        f"[{engine}] design_save: p50 {save['p50_ms']:.1f} ms · p95 {save['p95_ms']:.1f} ms "
        f"({args.saves} saves, {save['refused']} refused as incompatible)"
    )
    print(f"peak memory {_max_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
