"""Test helpers: a customizable product, designs, a contest in the phase a test needs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Phase
from cocrea.campaigns.services import PhaseSpec, phases_set
from cocrea.contests.models import Contest, Entry
from cocrea.contests.services import Rules, contest_create
from cocrea.customizer.models import Design, Product
from cocrea.customizer.services import design_save, option_create, part_create, product_create

ORDER = [Phase.Kind.SUBMISSION, Phase.Kind.VOTING, Phase.Kind.REVIEW, Phase.Kind.RESULTS]


def phases_around(kind: str) -> list[PhaseSpec]:
    """The four phases, ``kind`` open now (since a day), the others before or after it."""
    now = timezone.now()
    current = ORDER.index(kind)
    specs = []
    for index, phase in enumerate(ORDER):
        starts = now + timedelta(days=2 * (index - current) - 1)
        ends = None if phase == Phase.Kind.RESULTS else starts + timedelta(days=2)
        specs.append(PhaseSpec(kind=phase, starts_at=starts, ends_at=ends))
    return specs


def make_product(brand: Brand, admin: Membership, name: str = "Travel mug") -> Product:
    product = product_create(brand=brand, by=admin, name=name)
    body = part_create(
        product=product,
        by=admin,
        name="Body",
        shape='<rect x="100" y="80" width="200" height="260"/>',
    )
    option_create(part=body, by=admin, label="Red", colour="#cc2200")
    option_create(part=body, by=admin, label="Blue", colour="#2255cc")
    return product


def make_design(
    member: Membership, product: Product, title: str = "My mug", colour: int = 0
) -> Design:
    part = product.parts.get()
    option = list(part.options.all())[colour]
    return design_save(member=member, product=product, title=title, choices={part.pk: option.pk})


def make_contest(
    brand: Brand,
    admin: Membership,
    product: Product,
    phase: str = Phase.Kind.SUBMISSION,
    title: str = "Design the mug of the year",
    **rules: Any,
) -> Contest:
    return contest_create(
        actor=admin,
        brand=brand,
        title=title,
        objective="Choose next winter's mug",
        product=product,
        phases=phases_around(phase),
        rules=Rules(**rules),
    )


def set_phase(contest: Contest, kind: str) -> Contest:
    phases_set(campaign=contest.campaign, phases=phases_around(kind))
    return reload(contest)


def reload(contest: Contest) -> Contest:
    return Contest.objects.select_related("campaign__brand", "brand").get(pk=contest.pk)


def entry_for_page(entry: Entry) -> Entry:
    """The entry as the pages read it: contest, campaign and phases loaded."""
    return (
        Entry.objects.select_related("contest__campaign__brand", "contest__brand")
        .prefetch_related("contest__campaign__phases")
        .get(pk=entry.pk)
    )


def add_entry(
    contest: Contest, member: Membership, title: str = "Sunrise", colour: int = 0
) -> Entry:
    """An entry written directly (whatever the phase), as if submitted earlier."""
    from cocrea.customizer.svg import design_svg

    design = make_design(member, contest.product, title=title, colour=colour)
    return Entry.objects.create(
        brand=contest.brand,
        contest=contest,
        author=member,
        design=design,
        title=title,
        story="A story",
        svg=design_svg(design),
    )
