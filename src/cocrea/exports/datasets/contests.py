"""Design contests: entries, votes (with the voided ones and why) and published results."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocrea.brands.models import Brand
from cocrea.contests.models import Entry, EntryVote, Placement
from cocrea.exports.datasets.base import CHUNK, Dataset, Rows, Table, public_name

ENTRY_COLUMNS = (
    "id",
    "contest_id",
    "contest_fr",
    "contest_en",
    "title",
    "story",
    "author_member_id",
    "author",
    "design_id",
    "votes",
    "finalist",
    "hidden",
    "withdrawn_at",
    "created_at",
)
VOTE_COLUMNS = (
    "id",
    "contest_id",
    "entry_id",
    "member_id",
    "created_at",
    "voided_at",
    "void_reason",
)
RESULT_COLUMNS = (
    "contest_id",
    "contest_fr",
    "contest_en",
    "rank",
    "entry_id",
    "entry",
    "votes",
    "public_score",
    "jury_raw",
    "jury_score",
    "final_score",
    "winner",
)


def _entries(brand: Brand) -> Rows:
    rows = (
        Entry.objects.filter(brand=brand)
        .order_by("id")
        .values_list(
            "id",
            "contest_id",
            "contest__campaign__title_fr",
            "contest__campaign__title_en",
            "title",
            "story",
            "author_id",
            "author__user__display_name",
            "author__user__email",
            "design_id",
            "vote_count",
            "is_finalist",
            "is_hidden",
            "withdrawn_at",
            "created_at",
        )
    )
    for pk, contest_id, fr, en, title, story, author_id, name, email, *rest in rows.iterator(
        chunk_size=CHUNK
    ):
        yield (pk, contest_id, fr, en, title, story, author_id, public_name(name, email), *rest)


def _votes(brand: Brand) -> Rows:
    rows = EntryVote.objects.filter(contest__brand=brand).order_by("id")
    return rows.values_list(
        "id", "contest_id", "entry_id", "member_id", "created_at", "voided_at", "void__reason"
    ).iterator(chunk_size=CHUNK)


def _results(brand: Brand) -> Rows:
    rows = Placement.objects.filter(contest__brand=brand).order_by("contest_id", "rank")
    return rows.values_list(
        "contest_id",
        "contest__campaign__title_fr",
        "contest__campaign__title_en",
        "rank",
        "entry_id",
        "entry__title",
        "votes",
        "public_score",
        "jury_raw",
        "jury_score",
        "final_score",
        "is_winner",
    ).iterator(chunk_size=CHUNK)


DATASET = Dataset(
    key="contests",
    label=_("Contest entries, votes and results"),
    description=_(
        "Every design entered in the brand's contests, every vote (voided votes with the "
        "reason) and the published results with how each score was made."
    ),
    role="moderator",
    tables=(
        Table("entries", ENTRY_COLUMNS, lambda b: Entry.objects.filter(brand=b).count(), _entries),
        Table(
            "votes",
            VOTE_COLUMNS,
            lambda b: EntryVote.objects.filter(contest__brand=b).count(),
            _votes,
        ),
        Table(
            "results",
            RESULT_COLUMNS,
            lambda b: Placement.objects.filter(contest__brand=b).count(),
            _results,
        ),
    ),
)
