"""The four forms of empowerment a programme chooses among, with what the customer is in each.

One definition, shown in the console, the assistant and the docs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PARTICIPATORY = "participatory"
LEAD_USERS = "lead_users"
COCREATION = "cocreation"
COMMUNITY = "community"


@dataclass(frozen=True)
class Form:
    code: str
    label: Promise
    definition: Promise
    customer_is: Promise


FORMS: dict[str, Form] = {
    PARTICIPATORY: Form(
        PARTICIPATORY,
        _("Participatory marketing"),
        _(
            "The brand opens one stage of its marketing to customers — ideas, votes, names, "
            "feedback — and keeps the decision."
        ),
        _("a partial employee"),
    ),
    LEAD_USERS: Form(
        LEAD_USERS,
        _("Lead users"),
        _(
            "A few expert customers who feel tomorrow's needs before the market, and often "
            "improve the product themselves, work with the brand in a private panel."
        ),
        _("ahead of the market"),
    ),
    COCREATION: Form(
        COCREATION,
        _("Co-creation"),
        _(
            "Customers design the product or its variants with the brand, from the brief to the "
            "vote: contests, customizers, capsule collections."
        ),
        _("a co-creator"),
    ),
    COMMUNITY: Form(
        COMMUNITY,
        _("Brand community"),
        _(
            "Customers who share the brand's values meet, help one another and tell their "
            "experiences; the brand listens and takes part."
        ),
        _("a member of a community"),
    ),
}

CHOICES: list[tuple[str, Promise]] = [(f.code, f.label) for f in FORMS.values()]
