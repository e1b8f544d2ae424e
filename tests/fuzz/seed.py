"""A small brand for the API fuzz run (run_api_fuzz.sh): one of each object the API serves,
made through the services; prints the id of its export job, then an admin-scope API key of its
brand admin (the last line)."""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocrea.settings")
django.setup()

from cocrea.api.services import key_create  # noqa: E402
from cocrea.brands.models import Brand, Membership  # noqa: E402
from cocrea.campaigns.models import Phase  # noqa: E402
from cocrea.campaigns.services import campaign_create  # noqa: E402
from cocrea.community.models import Answer, Question, Story  # noqa: E402
from cocrea.contests.tests.helpers import (  # noqa: E402
    add_entry,
    make_contest,
    make_product,
    phases_around,
)
from cocrea.demo.seed import _user  # noqa: E402
from cocrea.exports.services import export_request  # noqa: E402
from cocrea.ideas.comment_services import comment_post  # noqa: E402
from cocrea.ideas.services import idea_submit  # noqa: E402
from cocrea.influencers.models import MoodPicture, Round, Space  # noqa: E402
from cocrea.influencers.services import partnership_create, round_poll_create  # noqa: E402
from cocrea.influencers.synthesis import ClaimInput, synthesis_save  # noqa: E402
from cocrea.polls.services import OptionInput  # noqa: E402
from cocrea.programmes.services import ObjectiveSpec, ProgrammeSpec, programme_create  # noqa: E402


def seed() -> tuple[str, str]:
    brand = Brand.objects.create(name="Fuzz", slug="fuzz", languages=["fr", "en"])
    admin = Membership.objects.create(
        brand=brand, user=_user("admin@fuzz.test", "Ada", "en", "!"), role="admin"
    )
    member = Membership.objects.create(brand=brand, user=_user("bob@fuzz.test", "Bob", "en", "!"))
    today = date.today()
    due = today + timedelta(days=90)
    objective = ObjectiveSpec(
        metric="ideas_submitted", target=Decimal(30), starts_on=today, due_on=due
    )
    spec = ProgrammeSpec(name="Cups", starts_on=today, forms=["cocreation"], objectives=[objective])
    programme_create(actor=admin, brand=brand, spec=spec)  # the first: id 1
    campaign = campaign_create(
        actor=admin,
        brand=brand,
        title="Cups",
        objective="Better cups",
        allow_rating=True,
        categories=["Cups"],
        tags=["reuse"],
        phases=phases_around(Phase.Kind.SUBMISSION),
    )
    for n in range(3):
        idea = idea_submit(member=member, campaign=campaign, title=f"Idea {n}", body="A cup.")
        comment_post(member=admin, idea=idea, body="Thanks!")
    product = make_product(brand, admin)
    contest = make_contest(brand, admin, product, phase=Phase.Kind.VOTING)
    add_entry(contest, member, title="Sunrise")
    Story.objects.create(brand=brand, author=member, title="My cup", body="<p>Every day.</p>")
    question = Question.objects.create(brand=brand, author=member, title="Which size?")
    Answer.objects.create(question=question, author=admin, body="<p>Medium.</p>")
    influencer = Membership.objects.create(
        brand=brand, user=_user("ines@fuzz.test", "Inès", "en", "!")
    )
    partnership_create(
        actor=admin,
        influencer=influencer,
        capsule_name="Inès capsule",
        starts_on=today,
        ends_on=due,
        terms="fee",
        amount="100",
    )
    space = Space.objects.get(influencer=influencer)  # the first: id 1
    options = [OptionInput("Short"), OptionInput("Tall")]
    round_poll_create(
        actor=influencer, space=space, question="Which?", kind="single", options=options
    )
    board = Round.objects.create(space=space, kind="moodboard", prompt="Mood")
    picture = MoodPicture.objects.create(round=board, member=influencer, image="moodboards/x.png")
    claim = ClaimInput("must_have", "Pockets", [f"picture:{picture.pk}"])
    synthesis_save(actor=influencer, space=space, title="What they want", claims=[claim])
    job, _created = export_request(brand=brand, membership=admin, dataset="ideas", fmt="csv")
    _key, secret = key_create(membership=admin, kind="brand", name="Fuzz", scope="admin")
    return str(job.pk), secret


if __name__ == "__main__":
    print("\n".join(seed()))
