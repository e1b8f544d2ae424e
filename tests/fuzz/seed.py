"""A small brand for the API fuzz run (run_api_fuzz.sh): one of each object the API serves,
made through the services, then the run's configuration (``seed.py <template> <out>``): the
template's brand-wide parameters, and for each operation that needs it the credential it is
meant for and the ids of objects it may use up. Prints the brand admin's admin-scope key.

Three credentials: the brand admin's key (every operation but the two below), Bob's personal
token (a member's own data: his notifications, designs, entries, ideas, and the up-votes one
gives to someone else's comment or answer), and a kiosk's device token (``/api/v1/device``).
An operation that uses something up (a withdrawal, a deletion, a merge) gets its own object, so
the operations fuzzed after it still find theirs (schemathesis runs them in the schema's order,
phase after phase)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocrea.settings")
django.setup()

from cocrea.api.services import key_create  # noqa: E402
from cocrea.api.v1 import api  # noqa: E402
from cocrea.brands.models import Brand, Membership  # noqa: E402
from cocrea.campaigns.models import Phase  # noqa: E402
from cocrea.campaigns.services import campaign_create  # noqa: E402
from cocrea.community.models import Answer, Question, Story  # noqa: E402
from cocrea.contests.jury import contest_close  # noqa: E402
from cocrea.contests.tests.helpers import (  # noqa: E402
    add_entry,
    make_contest,
    make_design,
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
from cocrea.instore.services import (  # noqa: E402
    ProductData,
    StoreData,
    device_register,
    product_save,
    store_save,
)
from cocrea.notifications.models import Notification  # noqa: E402
from cocrea.polls.services import OptionInput  # noqa: E402
from cocrea.programmes.services import ObjectiveSpec, ProgrammeSpec, programme_create  # noqa: E402

DEVICE_PATH = "/api/v1/device"
MEMBER_OPERATIONS = [
    "comments_upvote",
    "comments_unupvote",
    "notifications_list",
    "notifications_read_all",
    "designs_list",
    "designs_create",
    "designs_get",
    "designs_update",
    "answers_upvote",
    "answers_unupvote",
]


@dataclass
class Plan:
    """Operations (by id) run with other headers than the brand key's, or other ids."""

    operations: list[str]
    headers: dict[str, str] | None = None
    parameters: dict[str, int | str] = field(default_factory=dict)


def seed() -> tuple[str, list[Plan], dict[str, list[str]]]:
    brand = Brand.objects.create(name="Fuzz", slug="fuzz", languages=["fr", "en"])
    admin = Membership.objects.create(
        brand=brand, user=_user("admin@fuzz.test", "Ada", "en", "!"), role="admin"
    )
    member = Membership.objects.create(brand=brand, user=_user("bob@fuzz.test", "Bob", "en", "!"))
    influencer = Membership.objects.create(
        brand=brand, user=_user("ines@fuzz.test", "Inès", "en", "!")
    )
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
    ideas, comments = [], []
    for n in range(4):  # 1 for most operations, 2 to withdraw, 3 to merge into 1, 4 to edit
        ideas.append(
            idea_submit(member=member, campaign=campaign, title=f"Idea {n}", body="A cup.")
        )
        comments.append(comment_post(member=admin, idea=ideas[-1], body="Thanks!"))
    product = make_product(brand, admin)
    contest = make_contest(brand, admin, product, phase=Phase.Kind.VOTING)  # the first: id 1
    add_entry(contest, member, title="Sunrise")  # Bob's design 1, entry 1
    # Bob's entries: design 1 may join the open contest; his entry there may be withdrawn.
    open_contest = make_contest(brand, admin, product, title="Spring mug")
    spare = add_entry(open_contest, member, title="Spring")
    # A contest whose results are published.
    closed = make_contest(brand, admin, product, phase=Phase.Kind.VOTING, title="Winter mug")
    add_entry(closed, member, title="Snow")
    add_entry(closed, influencer, title="Frost")
    contest_close(actor=admin, contest=closed)
    scrap = make_design(member, product, title="Scrap")  # to delete
    Story.objects.create(brand=brand, author=member, title="My cup", body="<p>Every day.</p>")
    question = Question.objects.create(brand=brand, author=member, title="Which size?")
    Answer.objects.create(question=question, author=admin, body="<p>Medium.</p>")
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
    # Another to edit: a new version replaces the claims, and the first's is decided.
    edited = synthesis_save(actor=influencer, space=space, title="To edit", claims=[claim])
    job, _created = export_request(brand=brand, membership=admin, dataset="ideas", fmt="csv")
    store = store_save(actor=admin, brand=brand, data=StoreData(code="PARIS-1", name_fr="Paris"))
    shirt = ProductData(sku="CUP-1", name_fr="Tasse", name_en="Cup", price=Decimal("12.50"))
    product_save(actor=admin, brand=brand, data=shirt)  # the kiosk's product 1
    _device, device_token = device_register(actor=admin, store=store, kind="kiosk", name="Kiosk")
    _key, secret = key_create(membership=admin, kind="brand", name="Fuzz", scope="admin")
    _key, token = key_create(membership=member, kind="personal", name="Bob", scope="write")
    notification = Notification.objects.filter(recipient=member.user, brand=brand).first()
    assert notification is not None, "Bob has no notification to read"
    paths = api.get_openapi_schema()["paths"]
    device = [op["operationId"] for path, item in paths.items() if path.startswith(DEVICE_PATH)
              for op in item.values()]  # fmt: skip
    member = {"Authorization": f"Bearer {token}"}
    plans: list[Plan] = [
        Plan(MEMBER_OPERATIONS, member),
        Plan(device, {"Authorization": f"Bearer {device_token}"}),
        Plan(["ideas_withdraw"], member, {"path.idea_id": ideas[1].pk}),
        Plan(["ideas_update"], member, {"path.idea_id": ideas[3].pk}),
        Plan(["notifications_read"], member, {"path.notification_id": notification.pk}),
        Plan(["entries_create"], member, {"path.contest_id": open_contest.pk}),
        Plan(["entries_withdraw"], member, {"path.entry_id": spare.pk}),
        Plan(["designs_delete"], member, {"path.design_id": scrap.pk}),
        Plan(["answers_merge"], None, {"path.idea_id": ideas[2].pk}),
        Plan(["comments_delete"], None, {"path.comment_id": comments[1].pk}),
        Plan(["contests_results"], None, {"path.contest_id": closed.pk}),
        Plan(["syntheses_update"], None, {"path.synthesis_id": edited.pk}),
        Plan(["exports_get", "exports_download"], None, {"path.job_id": str(job.pk)}),
    ]
    credentials = {
        "member token": [op for plan in plans if plan.headers == member for op in plan.operations],
        "device token": device,
    }
    return secret, plans, credentials


def write_config(template: str, out: str, plans: list[Plan]) -> None:
    """The template, then one ``[[operations]]`` table per plan (TOML's strings, numbers and
    lists are written as JSON writes them; headers and parameters as inline tables)."""

    def inline(table: dict[str, int | str]) -> str:
        return "{" + ", ".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in table.items()) + "}"

    with open(template) as source, open(out, "w") as config:
        config.write(source.read())
        for plan in plans:
            config.write(
                f"\n[[operations]]\ninclude-operation-id = {json.dumps(plan.operations)}\n"
            )
            if plan.headers:
                config.write(f"headers = {inline(dict(plan.headers))}\n")
            if plan.parameters:
                config.write(f"parameters = {inline(plan.parameters)}\n")


if __name__ == "__main__":
    key, plans, credentials = seed()
    write_config(sys.argv[1], sys.argv[2], plans)
    with open(sys.argv[3], "w") as out:
        json.dump(credentials, out)
    print(key)
