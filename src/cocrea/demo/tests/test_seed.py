from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.phases import current_phase
from cocrea.demo.seed import DEMO_PASSWORD
from cocrea.ideas.models import Idea, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        call_command("seed_demo", members=60, verbosity=0)
        yield Brand.objects.get(slug="cafe-lumiere")
        Brand.objects.filter(slug="cafe-lumiere").delete()
        from cocrea.accounts.models import User

        User.objects.filter(email__endswith=".demo").delete()


def test_demo_has_three_campaigns_in_different_phases(seeded):
    ideas = seeded.campaigns.filter(kind="ideas")  # contests have their own tests
    phases = {c.slug: getattr(current_phase(c), "kind", None) for c in ideas}
    assert sorted(phases.values()) == ["results", "submission", "voting"]


def test_demo_counters_match_the_rows(seeded):
    for idea in Idea.objects.filter(brand=seeded)[:50]:
        assert idea.support_count == Vote.objects.filter(idea=idea).count()


def test_demo_has_about_300_ideas_in_two_languages_with_answers(seeded):
    ideas = Idea.objects.filter(brand=seeded)
    assert ideas.count() == 300
    assert ideas.filter(title__startswith="Une").exists()  # French
    assert ideas.filter(title__contains="cup").exists()  # English
    assert ideas.filter(status="launched").count() >= 3
    assert ideas.exclude(status="new").filter(status_changes__answer__gt="").exists()


def test_demo_insights_open_on_themes_with_their_quotes(seeded):
    from cocrea.insights.models import AnalysisRun, Theme, Voice

    assert Voice.objects.filter(brand=seeded).analysed().count() >= 250
    run = AnalysisRun.objects.get(brand=seeded, kind="themes")
    assert run.state == AnalysisRun.State.DONE
    themes = Theme.objects.filter(brand=seeded)
    assert themes.count() >= 5
    client = Client()
    assert client.login(email="admin@cafe-lumiere.demo", password=DEMO_PASSWORD)
    page = client.get(f"/b/{seeded.slug}/console/insights/").content.decode()
    assert themes.order_by("-size").first().label in page


def test_demo_staff_can_log_in_with_the_printed_password(seeded):
    admin = Membership.objects.get(brand=seeded, role=Membership.Role.ADMIN)
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": admin.user.email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/b/cafe-lumiere/console/").status_code == 200


def test_seed_command_is_idempotent_and_prints_accounts(seeded, capsys):
    call_command("seed_demo", members=60)
    out = capsys.readouterr().out
    assert "admin@cafe-lumiere.demo" in out and DEMO_PASSWORD in out
    assert Brand.objects.filter(slug="cafe-lumiere").count() == 1
    assert (
        "Demo webhook endpoint (every event, docs/webhooks.md): http://127.0.0.1:8001/hooks" in out
    )


def test_seed_command_prints_the_address_it_will_be_served_at(seeded, capsys, settings):
    settings.SITE_URL = "http://127.0.0.1:18801"
    call_command("seed_demo", members=60)
    out = capsys.readouterr().out
    assert "http://127.0.0.1:18801/b/cafe-lumiere/" in out and ":8000" not in out
    others = Membership.objects.filter(brand=seeded).count() - 4
    assert f"… and {others} members" in out
