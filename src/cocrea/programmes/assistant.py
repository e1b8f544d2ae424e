"""The set-up assistant's write: a programme from the answers and the recommendation, with its
objectives and a draft of each kind of campaign chosen — all in one transaction.

Drafts are invitation-only campaigns without phases: only the brand team sees them until an
admin sets their phases and visibility.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from cocrea.brands.models import Brand, Membership
from cocrea.campaigns.models import Campaign
from cocrea.campaigns.services import campaign_create
from cocrea.contests.services import Rules, contest_create
from cocrea.core.errors import DomainError
from cocrea.customizer.models import Product
from cocrea.engagement.models import Tier
from cocrea.programmes import recommend as rules
from cocrea.programmes.models import Activity, Objective, Programme
from cocrea.programmes.services import ObjectiveSpec, ProgrammeSpec, programme_create


@dataclass(frozen=True)
class Targets:
    """The assistant's objectives: each target left at None is not an objective."""

    due_on: date
    ideas: int | None = None
    launched: int | None = None
    active_pct: Decimal | None = None


def _objectives(starts_on: date, targets: Targets) -> list[ObjectiveSpec]:
    wanted = [
        (Objective.Metric.IDEAS_SUBMITTED, targets.ideas),
        (Objective.Metric.IDEAS_LAUNCHED, targets.launched),
        (Objective.Metric.ACTIVE_MEMBERS_PCT, targets.active_pct),
    ]
    return [
        ObjectiveSpec(metric=m, target=Decimal(t), starts_on=starts_on, due_on=targets.due_on)
        for m, t in wanted
        if t is not None
    ]


def _draft(actor: Membership, programme: Programme, kind: str) -> Campaign | None:
    """The draft campaign of a kind, or None for kinds that are not campaigns."""
    label = str(rules.KINDS[kind])
    title = f"{programme.name} · {label}"[:120]
    objective = (programme.positioning or label)[:280]
    invited = Campaign.Visibility.INVITED
    if kind in (rules.IDEA_CHALLENGE, rules.LEAD_USER_PANEL):
        campaign = campaign_create(
            actor=actor, brand=programme.brand, title=title, objective=objective, visibility=invited
        )
    elif kind == rules.DESIGN_CONTEST:
        product = Product.objects.filter(brand=programme.brand).order_by("pk").first()
        if product is None:
            return None
        campaign = contest_create(
            actor=actor,
            brand=programme.brand,
            title=title,
            objective=objective,
            product=product,
            phases=None,
            rules=Rules(),
            visibility=invited,
        ).campaign
    else:
        return None
    campaign.programme = programme
    campaign.save(update_fields=["programme"])
    return campaign


@transaction.atomic
def programme_from_assistant(
    *,
    actor: Membership,
    brand: Brand,
    name: str,
    positioning: str,
    answers: rules.Answers,
    targets: Targets,
    starts_on: date,
    ends_on: date | None,
    kinds: Sequence[str],
    tiers: Sequence[Tier] = (),
    languages: Sequence[str] = (),
) -> Programme:
    """Create the programme the assistant recommended, with a draft for every kind kept."""
    advice = rules.recommend(answers)
    unknown = [k for k in kinds if k not in rules.KINDS]
    if unknown or not kinds:
        raise DomainError(_("Choose at least one kind of campaign."), field="kinds")
    spec = ProgrammeSpec(
        name=name,
        positioning=positioning,
        starts_on=starts_on,
        ends_on=ends_on,
        forms=advice.form_codes,
        target_tiers=tiers,
        target_languages=languages,
        capacity_per_month=answers.capacity_per_month,
        staff_hours_per_month=answers.staff_hours_per_month,
        objectives=_objectives(starts_on, targets),
    )
    programme = programme_create(actor=actor, brand=brand, spec=spec)
    reasons = {pick.code: " ".join(str(r) for r in pick.reasons) for pick in advice.kinds}
    for kind in dict.fromkeys(kinds):
        campaign = _draft(actor, programme, kind)
        Activity.objects.create(
            programme=programme, kind=kind, reason=reasons.get(kind, ""), campaign=campaign
        )
    return programme
