"""Speed and memory of the insight engine.

    .venv/bin/python bench/bench_insights.py                    # 100,000 ideas, everything
    .venv/bin/python bench/bench_insights.py --ideas 20000 --skip-import

Prints:
  * similar ideas while typing: p50/p95 of the ``insights:similar`` endpoint at N ideas in one
    campaign, through the whole Django stack with the test client (rate limit, permission,
    embedding of the typed text, matrix product, the ideas' query, template); and the first
    (cold) request, which builds the process's matrix from the database;
  * analysis of one new contribution (every step: voice, language, lemmas, keywords, sentiment,
    needs, embedding, nearest theme, writes): p50/p95 of ``services.ingest_contribution``;
  * re-clustering the N stored voices into themes (``services.themes_recompute``): time and peak
    memory, in a separate process so that its peak is its own;
  * import + analysis throughput of the whole ``../shared/data`` set with ``import_voices``.

The N stored embeddings are made from ≈ 3,000 real texts of ``../shared/data`` (République
numérique proposals and the seeded sample of 1,000 arguments, Toulouse projects and US
petitions: the texts eval_insights.py embeds, whose cache both share): idea i takes the vector
of text i mod 3,000 plus Gaussian noise (sigma = 0.005 per
dimension, a cosine of ≈ 0.995 to the original) and is re-normalised, so that no two ideas
are identical; its lemmas are those of
that text. The database (var/bench/insights.sqlite3 or DATABASE_URL) is wiped and rebuilt.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from benchlib import core_speed  # noqa: E402

WORK = ROOT / "var" / "bench"


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("COCREA_MODE", "test")
    os.environ.setdefault("COCREA_DATA_DIR", str(WORK))
    os.environ.setdefault("RATE_SIMILAR_PER_MIN", "1000000")  # measured, never refused here
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cocrea.settings"
    import django

    django.setup()


def _reset(database_url: str) -> None:
    from django.core.management import call_command

    if database_url.startswith("sqlite"):
        path = Path(database_url.split("sqlite:///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _hwm_mb() -> float:
    """This process's own peak RSS (VmHWM), which, unlike ru_maxrss, a child does not inherit."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return _max_rss_mb()


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"(load average {one:.1f}, 5 min {five:.1f})"


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(pct / 100 * len(ordered)) - 1))]


def _ms(values: list[float]) -> str:
    return f"p50 {_pct(values, 50) * 1000:.0f} ms, p95 {_pct(values, 95) * 1000:.0f} ms"


# --- Data --------------------------------------------------------------------------------


def real_texts() -> tuple[list[tuple[str, str, str]], object]:
    """(title, body, lang) of the real texts and their embeddings (cached by eval_insights)."""
    import insights_data as data
    import numpy as np
    from eval_insights import embed_cached

    from cocrea.insights.analysis import embedding

    proposals = {p["id"] for p in data.republique_proposals()}
    arguments = random.Random(0).sample(data.republique_arguments(), 1000)
    groups = [
        [(r["title"], r["text"], "fr") for r in data.republique_proposals()],
        [("", r["text"], "fr") for r in arguments if r["proposal"] in proposals],
        [("", r["text"], "fr") for r in data.toulouse_projects()],
        [(r["title"], r["text"], "en") for r in data.us_petitions()],
    ]  # the groups eval_insights.py embeds: its cache serves both scripts
    print(f"embedding {sum(map(len, groups))} real texts (cached after a first run)…", flush=True)
    vectors = np.vstack(
        [embed_cached([embedding.source_text(t, b) for t, b, _l in group]) for group in groups]
    )
    return [item for group in groups for item in group], vectors


def load(n: int, seed: int) -> dict[str, int]:
    """N ideas in one campaign with analysed voices (set-up, not the measure)."""
    import numpy as np
    from django.utils import timezone

    from cocrea.accounts.models import User
    from cocrea.brands.models import Brand, Membership
    from cocrea.campaigns.models import Campaign, Phase
    from cocrea.ideas.models import Idea
    from cocrea.insights.analysis import embedding, text
    from cocrea.insights.models import Voice

    texts, vectors = real_texts()
    lemmas = [" ".join(text.lemmas(f"{t}. {b}", lang)) for t, b, lang in texts]
    rng = np.random.default_rng(seed)
    now = timezone.now()
    brand = Brand.objects.create(name="Bench", slug="bench", languages=["fr", "en"])
    campaign = Campaign.objects.create(brand=brand, title="Bench", slug="bench")
    Phase.objects.create(
        campaign=campaign,
        kind=Phase.Kind.SUBMISSION,
        starts_at=now - timezone.timedelta(days=400),
        ends_at=now + timezone.timedelta(days=30),
    )
    user = User.objects.create_user(email="member@bench.test", password="bench-pass-123")
    member = Membership.objects.create(brand=brand, user=user)
    started = time.perf_counter()
    for start in range(0, n, 5000):
        size = min(5000, n - start)
        picks = [(start + i) % len(texts) for i in range(size)]
        ideas = Idea.objects.bulk_create(
            [
                Idea(
                    brand=brand,
                    campaign=campaign,
                    author=member,
                    title=(texts[p][0] or texts[p][1])[:120] or "idea",
                    body=f"<p>{texts[p][1][:2000]}</p>",
                    body_text=texts[p][1][:2000],
                )
                for p in picks
            ]
        )
        noisy = vectors[picks] + rng.normal(0, 0.005, (size, embedding.DIM)).astype("float32")
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        Voice.objects.bulk_create(
            [
                Voice(
                    brand=brand,
                    channel=Voice.Channel.IDEA,
                    idea=idea,
                    campaign=campaign,
                    author=member,
                    title=idea.title,
                    text=f"{idea.title}\n\n{idea.body_text}",
                    language=texts[p][2],
                    created_at=now - timezone.timedelta(minutes=int(rng.integers(0, 525_600))),
                    analysed_at=now,
                    lemmas=lemmas[p],
                    sentiment=0.0,
                    embedding=embedding.to_bytes(vector),
                )
                for idea, p, vector in zip(ideas, picks, noisy, strict=True)
            ]
        )
    print(f"loaded {n} ideas and voices in {time.perf_counter() - started:.0f} s", flush=True)
    return {"brand": brand.pk, "campaign": campaign.pk, "member": member.pk}


# --- Measures ----------------------------------------------------------------------------


def bench_similar(ids: dict[str, int], requests: int) -> None:
    import insights_data as data
    from django.test import Client
    from django.urls import reverse

    from cocrea.brands.models import Membership
    from cocrea.campaigns.models import Campaign
    from cocrea.insights.analysis import warm_up

    warm_up()
    campaign = Campaign.objects.select_related("brand").get(pk=ids["campaign"])
    member = Membership.objects.select_related("user").get(pk=ids["member"])
    client = Client()
    client.force_login(member.user)
    url = reverse("insights:similar", args=[campaign.brand.slug, campaign.slug])
    # What members type: titles of real ideas, cut as if typed so far (each one embedded anew).
    typed = [r["text"] for r in data.toulouse_projects()] + [
        r["title"] for r in data.us_petitions()
    ]
    random.Random(1).shuffle(typed)
    started = time.perf_counter()
    first = client.get(url, {"title": typed[0]}, HTTP_HX_REQUEST="true")
    cold = time.perf_counter() - started
    assert first.status_code == 200, first.status_code
    times = []
    shown = 0
    for i in range(requests):
        words = typed[(i + 1) % len(typed)].split()
        title = " ".join(words[: max(2, len(words) - i % 3)])
        started = time.perf_counter()
        response = client.get(url, {"title": title}, HTTP_HX_REQUEST="true")
        times.append(time.perf_counter() - started)
        shown += response.content.count(b"similar-ideas__item")
    print(f"similar ideas while typing ({requests} requests): {_ms(times)} {_load()}")
    print(f"  first request (builds the campaign matrix): {cold * 1000:.0f} ms")
    print(f"  {shown / requests:.1f} ideas suggested per request on average")


def bench_analysis(ids: dict[str, int], count: int) -> None:
    import insights_data as data
    from django.db import transaction

    from cocrea.brands.models import Membership
    from cocrea.campaigns.models import Campaign
    from cocrea.ideas.services import idea_submit
    from cocrea.insights.analysis import warm_up
    from cocrea.insights.models import Theme, Voice

    warm_up()
    campaign = Campaign.objects.get(pk=ids["campaign"])
    member = Membership.objects.get(pk=ids["member"])
    pool = [(r["title"], r["text"]) for r in data.republique_proposals()]
    pool += [(r["title"], r["text"]) for r in data.us_petitions()]
    random.Random(2).shuffle(pool)
    times = []
    for title, body in pool[:count]:
        with transaction.atomic():
            idea = idea_submit(
                member=member, campaign=campaign, title=title[:140] or "Idea", body=body[:20000]
            )
            started = time.perf_counter()
        # Leaving the block commits, and the ingestion scheduled after commit runs inline (the
        # embedded default, no broker): the time is the commit plus every step of the analysis.
        times.append(time.perf_counter() - started)
        assert Voice.objects.get(idea=idea).analysed_at is not None
    themes = Theme.objects.filter(brand_id=ids["brand"]).count()
    print(
        f"analysis of one new contribution, all steps ({count} real ideas, {themes} themes): "
        f"{_ms(times)} {_load()}"
    )
    profile_steps([(title[:140], body[:20000]) for title, body in pool[:count]])


def profile_steps(items: list[tuple[str, str]]) -> None:
    """Each step of the analysis alone, one contribution at a time (where the time goes; in
    the product the embedding runs in a thread while the other steps run, see analyse_many)."""
    from cocrea.insights.analysis import embedding, language, needs, sentiment, text

    steps: dict[str, list[float]] = {
        name: [] for name in ("language", "lemmas", "keywords", "sentiment", "needs", "embedding")
    }

    def timed(name: str, call, *args):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        result = call(*args)
        steps[name].append(time.perf_counter() - started)
        return result

    for title, body in items:
        full = f"{title}. {body}" if title else body
        lang = timed("language", language.detect, full)
        timed("lemmas", text.lemmas, full, lang)
        timed("keywords", text.keywords, full, lang)
        timed("sentiment", sentiment.polarity, full, lang)
        timed("needs", needs.extract, body or title, lang)
        timed("embedding", embedding.embed, [embedding.source_text(title, body)])
    print("  by step: " + "; ".join(f"{name} {_ms(values)}" for name, values in steps.items()))


def stage_recluster(database_url: str, brand_id: int) -> None:
    """Runs in its own process: prints its time and peak memory as JSON."""
    _setup_django(database_url)
    from cocrea.brands.models import Brand
    from cocrea.insights import services
    from cocrea.insights.models import Theme

    baseline = _hwm_mb()
    started = time.perf_counter()
    services.themes_recompute(brand=Brand.objects.get(pk=brand_id))
    seconds = time.perf_counter() - started
    themes = Theme.objects.filter(brand_id=brand_id).count()
    print(
        json.dumps(
            {"seconds": seconds, "peak_mb": _hwm_mb(), "base_mb": baseline, "themes": themes}
        )
    )


def bench_recluster(database_url: str, ids: dict[str, int], n: int) -> None:
    command = [sys.executable, __file__, "--stage", "recluster", "--brand-id", str(ids["brand"])]
    output = subprocess.run(
        command, env={**os.environ, "DATABASE_URL": database_url}, capture_output=True, text=True
    )
    if output.returncode:
        print(output.stderr)
        raise SystemExit("re-clustering failed")
    result = json.loads(output.stdout.strip().splitlines()[-1])
    print(
        f"re-clustering {n} voices: {result['seconds']:.1f} s, {result['themes']} themes "
        f"{_load()}; "
        f"peak memory {result['peak_mb']:.0f} MB (process after Django start-up: "
        f"{result['base_mb']:.0f} MB)"
    )


def _pabulib_json(target: Path) -> Path:
    """Every project name of the Pabulib files, as JSON lines (the importer reads JSON)."""
    import insights_data as data

    folder = data.DATA / "pabulib-participatory-budgets"
    with target.open("w", encoding="utf-8") as out:
        for path in sorted(folder.glob("*.pb*")):
            for row in data._pabulib_projects(path):
                item = {"id": f"{path.name}-{row['project_id']}", "text": row.get("name", "")}
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return target


def bench_import() -> None:
    import io

    import insights_data as data
    from django.core.management import call_command

    from cocrea.brands.models import Brand
    from cocrea.insights.models import Voice

    Brand.objects.create(name="Imports", slug="imports")
    d = data.DATA
    files = [
        (d / "republique-numerique-2015/proposals.csv.gz", "csv", "rn-proposals",
         ["--text-column", "body_text", "--title-column", "title", "--id-column", "proposal_id",
          "--date-column", "created_at", "--label-column", "section_id"]),
        (d / "republique-numerique-2015/arguments.csv.gz", "csv", "rn-arguments",
         ["--text-column", "body_text", "--id-column", "argument_id", "--date-column",
          "created_at", "--label-column", "stance"]),
        (d / "us-wtp-petitions-1k/WTP_dataset_1K.utf8.csv.gz", "csv", "wtp",
         ["--text-column", "content", "--title-column", "title", "--id-column", "id",
          "--date-column", "FCD", "--date-format", "%d-%b-%y"]),
        (d / "decide-madrid-2019-subset/proposals.csv", "csv", "madrid-proposals",
         ["--text-column", "summary", "--title-column", "title", "--id-column", "id",
          "--date-column", "date"]),
        (d / "decide-madrid-2019-subset/comments.csv.gz", "csv", "madrid-comments",
         ["--text-column", "text", "--id-column", "id", "--date-column", "date"]),
        (_pabulib_json(WORK / "pabulib-projects.jsonl"), "json", "pabulib",
         ["--text-column", "text", "--id-column", "id"]),
    ]  # fmt: skip
    started = time.perf_counter()
    for path, fmt, source, extra in files:
        out = io.StringIO()
        call_command(
            "import_voices", str(path), "--brand", "imports", "--format", fmt, "--source",
            source, "--report", str(WORK / f"{source}.rejected.txt"), *extra,
            stdout=out, stderr=io.StringIO(),
        )  # fmt: skip
        print(f"  {source}: " + " / ".join(out.getvalue().strip().splitlines()), flush=True)
    seconds = time.perf_counter() - started
    voices = Voice.objects.filter(brand__slug="imports", analysed_at__isnull=False).count()
    print(
        f"import + analysis of the whole shared data set: {voices} voices in {seconds:.0f} s "
        f"({voices / seconds:.1f} voices/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ideas", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--analyses", type=int, default=100)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--import-only", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stage", choices=["recluster"])
    parser.add_argument("--brand-id", type=int)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("DATABASE_URL", f"sqlite:///{WORK / 'insights.sqlite3'}")
    if args.stage == "recluster":
        stage_recluster(database_url, args.brand_id)
        return
    _setup_django(database_url)
    _reset(database_url)
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, {core_speed()}",
        flush=True,
    )
    if args.import_only:
        bench_import()
        return
    ids = load(args.ideas, args.seed)
    bench_similar(ids, args.requests)
    bench_recluster(database_url, ids, args.ideas)
    bench_analysis(ids, args.analyses)
    if not args.skip_import:
        bench_import()
    print(f"peak memory of this process: {_max_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
