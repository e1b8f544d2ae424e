"""Staff time recorded by the team's actions, the aggregation job, and the dashboard on a
hand-computed example — read from the pre-aggregated rows only."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.tests.factories import CampaignFactory
from cocrea.core.errors import PermissionDenied
from cocrea.ideas.models import Idea
from cocrea.ideas.tests.factories import IdeaFactory
from cocrea.ideas.workflow import idea_set_status
from cocrea.moderation.services import moderation_decide
from cocrea.programmes import dashboard, ledger_services
from cocrea.programmes.aggregate import aggregate_brand
from cocrea.programmes.figures import figure
from cocrea.programmes.models import Objective, Programme, StaffAction, StaffTimeEstimate
from cocrea.programmes.services import ProgrammeSpec, programme_create
from cocrea.programmes.staff_time import record_staff_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(brand: Brand, alice: Membership) -> Programme:
    today = timezone.localdate()
    spec = ProgrammeSpec(
        name="Coffee at home",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=180),
        forms=["participatory"],
        capacity_per_month=5,
    )
    return programme_create(actor=alice, brand=brand, spec=spec)


@pytest.fixture
def history(
    programme: Programme,
    brand: Brand,
    alice: Membership,
    mona: Membership,
    bob: Membership,
    dan: Membership,
) -> dict[str, Idea]:
    """Bob writes two ideas and Dan one; Alice accepts one (10 min), Mona hides one (3 min),
    and Alice enters a 1.5-hour workshop (90 min): 103 staff minutes in all."""
    campaign = CampaignFactory(brand=brand, programme=programme)
    ideas = {
        "accepted": IdeaFactory(campaign=campaign, author=bob),
        "hidden": IdeaFactory(campaign=campaign, author=bob),
        "waiting": IdeaFactory(campaign=campaign, author=dan),
    }
    idea_set_status(
        actor_membership=alice, idea=ideas["accepted"], to_status="accepted", answer="Yes"
    )
    moderation_decide(actor_membership=mona, item=ideas["hidden"], action="hide", reason="Spam")
    ledger_services.staff_time_add(
        actor=alice,
        programme=programme,
        action="workshop",
        hours=D("1.5"),
        occurred_on=timezone.localdate(),
    )
    return ideas


def test_the_teams_actions_record_their_estimated_minutes(
    history: dict[str, Idea], programme: Programme
) -> None:
    rows = {a.action: a for a in StaffAction.objects.all()}
    assert rows["answer"].minutes == D("10.00")
    assert rows["moderation"].minutes == D("3.00")
    assert rows["workshop"].minutes == D("90.00") and rows["workshop"].manual
    assert {r.programme_id for r in rows.values()} == {programme.pk}
    assert rows["answer"].campaign_id == history["accepted"].campaign_id


def test_recording_is_one_insert_with_the_brands_own_estimate(
    brand: Brand, alice: Membership, campaign: object
) -> None:
    StaffTimeEstimate.objects.create(brand=brand, action="answer", minutes=D("4"))
    with CaptureQueriesContext(connection) as queries:
        record_staff_action(
            brand_id=brand.pk,
            actor_id=alice.pk,
            action="answer",
            campaign_id=campaign.pk,  # type: ignore[attr-defined]
        )
    assert len(queries) == 1
    assert queries[0]["sql"].startswith("INSERT")
    row = StaffAction.objects.get()
    assert row.minutes == D("4.00")
    assert row.programme_id == campaign.programme_id  # type: ignore[attr-defined]


def test_measured_time_wins_over_the_estimate(brand: Brand, alice: Membership) -> None:
    record_staff_action(brand_id=brand.pk, actor_id=alice.pk, action="answer", seconds=150)
    record_staff_action(brand_id=brand.pk, actor_id=alice.pk, action="answer", seconds=99999)
    measured, absurd = StaffAction.objects.order_by("id")
    assert (measured.minutes, measured.measured) == (D("2.50"), True)
    assert (absurd.minutes, absurd.measured) == (D("10.00"), False)


def test_a_refused_action_records_no_time(brand: Brand, bob: Membership, campaign: object) -> None:
    idea = IdeaFactory(campaign=campaign, author=bob)
    with pytest.raises(PermissionDenied):
        idea_set_status(actor_membership=bob, idea=idea, to_status="accepted")
    assert not StaffAction.objects.exists()


def test_the_dashboard_on_a_hand_computed_example(
    history: dict[str, Idea], programme: Programme, brand: Brand
) -> None:
    aggregate_brand(brand)
    content = dashboard.build(programme)
    assert content["staff_hours"] == D("1.7")  # 103 / 60 = 1.716…
    gain = {line.key: line for line in content["gain"]}
    assert gain["ideas_accepted"].value == 1
    assert gain["ideas_accepted"].per_hour == D("0.58")  # 1 x 60 / 103
    assert gain["members_gained"].value == 2  # Bob and Dan contributed for the first time
    assert gain["members_gained"].per_hour == D("1.17")  # 2 x 60 / 103 = 1.165…
    info = {line.key: line for line in content["information"]}
    assert info["programme_contributors"].value == 2
    capacity = content["capacity"]
    # Waiting: not answered, not hidden → Dan's idea only; 3 came in for a capacity of 5.
    assert (capacity.backlog, capacity.inflow, capacity.answered) == (1, 3, 1)
    assert not capacity.warning
    row = content["campaigns"][0]
    assert (row["submitted"], row["accepted"], row["backlog"]) == (3, 1, 1)
    # The campaign's own time excludes the workshop (entered for the programme): 13 minutes.
    assert row["hours"] == D("0.2")
    assert row["gain_per_hour"] == D("13.85")  # (1 accepted + 2 gained) x 60 / 13


def test_the_capacity_warning_once_the_inflow_passes_it(
    history: dict[str, Idea], programme: Programme, brand: Brand
) -> None:
    programme.capacity_per_month = 2
    programme.save(update_fields=["capacity_per_month"])
    aggregate_brand(brand)
    assert dashboard.build(programme)["capacity"].warning


def test_objectives_progress_from_the_figures(
    history: dict[str, Idea], programme: Programme, brand: Brand
) -> None:
    today = timezone.localdate()
    Objective.objects.create(
        programme=programme,
        metric="ideas_submitted",
        target=10,
        starts_on=today - timedelta(days=30),
        due_on=today + timedelta(days=30),
    )
    Objective.objects.create(
        programme=programme,
        metric="staff_hours_month",
        target=1,
        starts_on=today - timedelta(days=30),
        due_on=today + timedelta(days=30),
    )
    aggregate_brand(brand)
    progress = {o.metric: p for o, p in dashboard.build(programme)["objectives"]}
    ideas = progress["ideas_submitted"]
    # 3 ideas today; the window is 28 days: 3/28 a day x 30 days left = 3.2 → 6 < 10.
    assert (ideas.current, ideas.forecast, ideas.state) == (3, 6, "off_track")
    assert progress["staff_hours_month"].state == "off_track"  # 1.7 h > 1 h


def test_the_job_is_idempotent(history: dict[str, Idea], brand: Brand) -> None:
    first = aggregate_brand(brand)
    assert aggregate_brand(brand) == first


def test_the_page_reads_only_the_aggregates(
    as_alice: Client, history: dict[str, Idea], programme: Programme, brand: Brand
) -> None:
    aggregate_brand(brand)
    url = reverse("programmes:detail", args=[brand.slug, programme.pk])
    with CaptureQueriesContext(connection) as queries:
        page = as_alice.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="staff-hours">1.7<' in text
    raw = ("ideas_idea", "engagement_engagementevent", "programmes_staffaction", "ideas_comment")
    assert not [q["sql"] for q in queries if any(t in q["sql"] for t in raw)]


def test_the_dashboard_page_has_a_fixed_number_of_queries(
    as_alice: Client, history: dict[str, Idea], programme: Programme, brand: Brand
) -> None:
    aggregate_brand(brand)
    url = reverse("programmes:detail", args=[brand.slug, programme.pk])
    with CaptureQueriesContext(connection) as before:
        as_alice.get(url)
    for _ in range(3):
        CampaignFactory(brand=brand, programme=programme)
    aggregate_brand(brand)
    with CaptureQueriesContext(connection) as after:
        as_alice.get(url)
    assert len(after) == len(before)


def test_the_forms_compared_in_two_queries_whatever_the_number_of_programmes(
    history: dict[str, Idea], programme: Programme, brand: Brand, alice: Membership
) -> None:
    """The totals of the brand's programmes and their forms: two queries for every form, and a
    programme with two forms counts in both."""
    today = timezone.localdate()
    for name, forms in (("Panel", ["lead_users"]), ("Club", ["community", "participatory"])):
        spec = ProgrammeSpec(name=name, starts_on=today, forms=forms)
        programme_create(actor=alice, brand=brand, spec=spec)
    aggregate_brand(brand)
    with CaptureQueriesContext(connection) as queries:
        rows = {row["form"].code: row for row in dashboard.forms_compared(brand)}
    assert len(queries) == 2
    assert {code: row["programmes"] for code, row in rows.items()} == {
        "participatory": 2,
        "lead_users": 1,
        "cocreation": 0,
        "community": 1,
    }
    assert rows["participatory"]["hours"] == D("1.7")


def test_the_csv_export(
    as_alice: Client, history: dict[str, Idea], programme: Programme, brand: Brand
) -> None:
    aggregate_brand(brand)
    response = as_alice.get(reverse("programmes:export", args=[brand.slug, programme.pk]))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert "Ideas accepted,1,0.58" in text
    assert "Staff hours,1.7," in text


@pytest.mark.parametrize(
    ("read", "shown"),
    [
        (D("1.00"), "1"),  # PostgreSQL's sum of numeric(14, 2)
        (1.0, "1"),  # SQLite's
        (0.1 + 0.2, "0.30"),  # SQLite sums in floating point
        (D("0.30"), "0.30"),
        (D("1234.5"), "1234.50"),
        (D("0.00"), "0"),
        (None, "0"),
        (300, "300"),
    ],
)
def test_a_figure_reads_the_same_on_every_engine(read: D | float | None, shown: str) -> None:
    assert str(figure(read)) == shown


def test_the_export_of_sums_with_cents_is_the_same_on_every_engine(
    as_alice: Client,
    alice: Membership,
    history: dict[str, Idea],
    programme: Programme,
    brand: Brand,
) -> None:
    for amount in ("0.10", "0.20"):
        ledger_services.outcome_add(
            actor=alice,
            programme=programme,
            kind="revenue",
            amount=D(amount),
            occurred_on=timezone.localdate(),
        )
    aggregate_brand(brand)
    response = as_alice.get(reverse("programmes:export", args=[brand.slug, programme.pk]))
    text = response.content.decode()
    assert "Revenue and royalties (€),0.30,0.17" in text  # 0.3 x 60 / 103 = 0.174…
    assert "Themes found,0," in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hours": "-2"}, "Enter hours above 0 and at most a month."),
        ({"hours": "0"}, "Enter hours above 0 and at most a month."),
        ({"occurred_on": "2999-01-01"}, "This date is in the future."),
        ({"action": "moderation"}, "Select a valid choice"),
    ],
)
def test_bad_time_entries_are_refused(
    as_alice: Client, programme: Programme, brand: Brand, data: dict[str, str], message: str
) -> None:
    post = {"action": "workshop", "hours": "2", "occurred_on": str(timezone.localdate()), **data}
    response = as_alice.post(reverse("programmes:time_add", args=[brand.slug, programme.pk]), post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StaffAction.objects.exists()


def test_another_programmes_campaign_is_refused_in_an_outcome(
    as_alice: Client, programme: Programme, brand: Brand, other_brand: Brand
) -> None:
    foreign = CampaignFactory(brand=other_brand)
    post = {
        "kind": "revenue",
        "amount": "100",
        "occurred_on": str(date.today() - timedelta(days=1)),
        "campaign": foreign.pk,
    }
    url = reverse("programmes:outcome_add", args=[brand.slug, programme.pk])
    response = as_alice.post(url, post)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_outcomes_count_as_revenue(as_alice: Client, programme: Programme, brand: Brand) -> None:
    url = reverse("programmes:outcome_add", args=[brand.slug, programme.pk])
    post = {"kind": "royalties", "amount": "1250.50", "occurred_on": str(timezone.localdate())}
    assert as_alice.post(url, post).status_code == 302
    aggregate_brand(brand)
    gain = {line.key: line.value for line in dashboard.build(programme)["gain"]}
    assert gain["revenue"] == D("1250.50")


def test_moderators_enter_time_but_not_outcomes(
    as_mona: Client, programme: Programme, brand: Brand
) -> None:
    time_url = reverse("programmes:time_add", args=[brand.slug, programme.pk])
    post = {"action": "workshop", "hours": "2", "occurred_on": str(timezone.localdate())}
    assert as_mona.post(time_url, post).status_code == 302
    outcome_url = reverse("programmes:outcome_add", args=[brand.slug, programme.pk])
    assert as_mona.post(outcome_url, {"kind": "revenue", "amount": "1"}).status_code == 403


def test_outsiders_are_refused_everywhere(
    client: Client, as_charlie: Client, as_bob: Client, programme: Programme, brand: Brand
) -> None:
    urls = [
        ("post", reverse("programmes:refresh", args=[brand.slug, programme.pk])),
        ("get", reverse("programmes:export", args=[brand.slug, programme.pk])),
        ("post", reverse("programmes:time_add", args=[brand.slug, programme.pk])),
        ("post", reverse("programmes:outcome_add", args=[brand.slug, programme.pk])),
        ("get", reverse("programmes:staff_time", args=[brand.slug])),
    ]
    for method, url in urls:
        assert getattr(as_charlie, method)(url).status_code == 403
        assert getattr(as_bob, method)(url).status_code == 403
    client.logout()
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 302


def test_estimates_are_set_by_admins(as_alice: Client, brand: Brand) -> None:
    url = reverse("programmes:staff_time", args=[brand.slug])
    data = {
        a: "5"
        for a in [
            "moderation",
            "triage",
            "answer",
            "merge",
            "jury",
            "reply",
            "invitation",
            "campaign",
        ]
    }
    assert as_alice.post(url, {**data, "answer": "-1"}).status_code == 200
    assert not StaffTimeEstimate.objects.exists()
    assert as_alice.post(url, data).status_code == 302
    assert StaffTimeEstimate.objects.get(brand=brand, action="answer").minutes == D("5")
