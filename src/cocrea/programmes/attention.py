"""The console's home: what needs the brand team's attention now, each with the page to act on.

Read from small tables (open reports) and the programmes' pre-aggregated figures; items whose
app does not exist yet (syntheses to read) are simply absent. A new app adds its
own item to ``needs_attention``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cocrea.brands.models import Brand
from cocrea.community.models import CommunityReport
from cocrea.instore.selectors import offline_devices
from cocrea.moderation.models import Report
from cocrea.programmes import dashboard, figures, ratios
from cocrea.programmes.figures import INFLOW, ZERO
from cocrea.programmes.models import Programme


@dataclass(frozen=True)
class Item:
    kind: str
    title: Promise | str
    detail: str
    url: str
    action: Promise
    level: str = "warning"  # warning, info


def _moderation(brand: Brand) -> list[Item]:
    items = []
    ideas = Report.objects.filter(brand=brand, state=Report.State.OPEN).count()
    if ideas:
        items.append(
            Item(
                "moderation",
                _("Moderation queue"),
                ngettext("%(n)d open report", "%(n)d open reports", ideas) % {"n": ideas},
                reverse("moderation:queue", args=[brand.slug]),
                _("Moderate"),
            )
        )
    community = CommunityReport.objects.filter(brand=brand, state="open").count()
    if community:
        items.append(
            Item(
                "community_moderation",
                _("Community reports"),
                ngettext("%(n)d open report", "%(n)d open reports", community) % {"n": community},
                reverse("community:moderation", args=[brand.slug]),
                _("Moderate"),
            )
        )
    return items


def _programmes(brand: Brand) -> list[Item]:
    items: list[Item] = []
    snaps = figures.brand_snapshots(brand)
    inflow = figures.brand_last_30(brand, INFLOW)
    overdue = sum((s.get("overdue", ZERO) for s in snaps.values()), ZERO)
    if overdue:
        n = int(overdue)
        items.append(
            Item(
                "overdue",
                _("Overdue answers"),
                ngettext(
                    "%(n)d idea has waited more than 14 days for an answer",
                    "%(n)d ideas have waited more than 14 days for an answer",
                    n,
                )
                % {"n": n},
                reverse("answers:triage", args=[brand.slug]),
                _("Answer ideas"),
            )
        )
    programmes = Programme.objects.filter(brand=brand).exclude(status=Programme.Status.CLOSED)
    for programme in programmes.prefetch_related("objectives"):
        url = reverse("programmes:detail", args=[brand.slug, programme.pk])
        snap = snaps.get(programme.pk, {})
        backlog = snap.get("backlog", ZERO)
        came = inflow.get(programme.pk, ZERO)
        capacity = programme.capacity_per_month
        if ratios.over_capacity(backlog=backlog, inflow=came, capacity=capacity):
            items.append(
                Item(
                    "capacity",
                    programme.name,
                    str(
                        _(
                            "You invite more than you can answer: %(backlog)s waiting, "
                            "%(inflow)s in 30 days, for a capacity of %(capacity)s a month."
                        )
                        % {"backlog": int(backlog), "inflow": int(came), "capacity": capacity}
                    ),
                    url,
                    _("See the programme"),
                )
            )
        items.extend(_off_track(programme, url))
    return items


def _off_track(programme: Programme, url: str) -> list[Item]:
    objectives = list(programme.objectives.all())
    if not objectives:
        return []
    fig = figures.programme_figures(programme)
    late = [
        o
        for o in objectives
        if dashboard.objective_progress(o, fig, timezone.localdate()).state == "off_track"
    ]
    if not late:
        return []
    names = ", ".join(str(o.get_metric_display()) for o in late)
    return [
        Item(
            "off_track",
            programme.name,
            str(_("Objectives off track: %(names)s.") % {"names": names}),
            url,
            _("See the programme"),
        )
    ]


def _devices(brand: Brand) -> list[Item]:
    """In-store devices that called once and have been silent since (network down, unplugged)."""
    offline = offline_devices(brand).count()
    if not offline:
        return []
    detail = ngettext(
        "%(n)d in-store device has not called for a while",
        "%(n)d in-store devices have not called for a while",
        offline,
    ) % {"n": offline}
    url = reverse("instore:devices", args=[brand.slug])
    return [Item("devices_offline", _("Devices offline"), detail, url, _("See the devices"))]


def needs_attention(brand: Brand) -> list[Item]:
    """Every item, the most urgent kinds first."""
    order = ["overdue", "moderation", "community_moderation", "devices_offline", "capacity"]
    order.append("off_track")
    items = [*_programmes(brand), *_moderation(brand), *_devices(brand)]
    return sorted(items, key=lambda item: order.index(item.kind))
