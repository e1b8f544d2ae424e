"""Reads of the customizer: a product's full catalogue, members' designs and the statistics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from cocrea.brands.models import Brand, Membership
from cocrea.customizer import rules
from cocrea.customizer.models import (
    BlockedWord,
    ConfigurationRecord,
    Design,
    DesignChoice,
    Incompatibility,
    Option,
    Part,
    Product,
)


@dataclass
class Catalogue:
    """Everything a design of ``product`` is checked against, loaded in four queries."""

    product: Product
    parts: list[Part]
    options: dict[int, Option] = field(default_factory=dict)
    incompatible: list[tuple[int, int]] = field(default_factory=list)
    blocked: dict[str, list[str]] = field(default_factory=dict)

    def blocked_for(self, languages: set[str]) -> list[str]:
        return sorted({w for lang in languages for w in self.blocked.get(lang, [])})

    def parts_with_options(self) -> list[Part]:
        return [p for p in self.parts if p.options.all()]


_LOADED: dict[str, Catalogue] = {}
_LOADED_MAX = 256


def catalogue(product: Product) -> Catalogue:
    """The product's catalogue, kept in memory under ``product.catalogue_version``.

    Every option change of the live preview needs it; loading it is four queries and most of
    the request's time. The version is read with the product row on every request and changes
    with every write to the catalogue (services._touch), so a kept catalogue is never stale:
    the memory only saves work, it holds no state another process would need.
    """
    kept = _LOADED.get(product.catalogue_version)
    if kept is None or kept.product.pk != product.pk:
        kept = _load_catalogue(product)
        if len(_LOADED) >= _LOADED_MAX:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[product.catalogue_version] = kept
    return Catalogue(
        product=product,
        parts=kept.parts,
        options=kept.options,
        incompatible=kept.incompatible,
        blocked=kept.blocked,
    )


def _load_catalogue(product: Product) -> Catalogue:
    parts = list(product.parts.prefetch_related(Prefetch("options", queryset=Option.objects.all())))
    result = Catalogue(product=product, parts=parts)
    for part in parts:
        for option in part.options.all():
            result.options[option.pk] = option
    result.incompatible = list(
        Incompatibility.objects.filter(product=product).values_list("option_a_id", "option_b_id")
    )
    for language, normalised in BlockedWord.objects.filter(product=product).values_list(
        "language", "normalised"
    ):
        result.blocked.setdefault(language, []).append(rules.blocked_key(normalised))
    return result


def products_for_members(brand: Brand) -> QuerySet[Product]:
    return Product.objects.filter(brand=brand, is_active=True).prefetch_related("parts__options")


def products_for_console(brand: Brand) -> QuerySet[Product]:
    return Product.objects.filter(brand=brand).annotate(
        part_count=Count("parts", distinct=True),
        design_count=Count("designs", distinct=True),
    )


def product_for_console(brand: Brand, product_id: int) -> Product:
    product = Product.objects.filter(brand=brand, pk=product_id).first()
    if product is None:
        raise Http404
    return product


def product_for_members(brand: Brand, slug: str) -> Product:
    product = Product.objects.filter(brand=brand, slug=slug, is_active=True).first()
    if product is None:
        raise Http404
    return product


def part_for_console(brand: Brand, part_id: int) -> Part:
    part = Part.objects.filter(product__brand=brand, pk=part_id).select_related("product").first()
    if part is None:
        raise Http404
    return part


def option_for_console(brand: Brand, option_id: int) -> Option:
    option = (
        Option.objects.filter(part__product__brand=brand, pk=option_id)
        .select_related("part__product")
        .first()
    )
    if option is None:
        raise Http404
    return option


def incompatibility_for_console(brand: Brand, pk: int) -> Incompatibility:
    found = Incompatibility.objects.filter(product__brand=brand, pk=pk).first()
    if found is None:
        raise Http404
    return found


def designs_with_parts(designs: QuerySet[Design]) -> QuerySet[Design]:
    """Designs ready for ``design_svg`` in a list: product, parts and options prefetched."""
    return designs.select_related("product", "member__user").prefetch_related(
        "product__parts__options"
    )


def designs_for_member(member: Membership) -> QuerySet[Design]:
    return designs_with_parts(Design.objects.filter(member=member, brand_id=member.brand_id))


def design_for_member(member: Membership, design_id: int) -> Design:
    """The member's own design, or 404 (another member's or another brand's design alike)."""
    design = designs_for_member(member).filter(pk=design_id).first()
    if design is None:
        raise Http404
    return design


def design_by_token(brand: Brand, token: str) -> Design:
    if not token or len(token) > 32:
        raise Http404
    design = designs_with_parts(Design.objects.filter(brand=brand, share_token=token)).first()
    if design is None:
        raise Http404
    return design


# --- statistics -------------------------------------------------------------------------------


def option_ranking(product: Product) -> list[dict[str, Any]]:
    """Per part, its options ranked by how many current designs chose them (zeros included)."""
    counts = dict(
        DesignChoice.objects.filter(design__product=product)
        .values_list("option_id")
        .annotate(n=Count("id"))
        .values_list("option_id", "n")
    )
    ranking = []
    for part in product.parts.prefetch_related("options"):
        options = sorted(part.options.all(), key=lambda o: (-counts.get(o.pk, 0), o.order, o.pk))
        total = sum(counts.get(o.pk, 0) for o in options)
        rows = [
            {
                "option": o,
                "count": counts.get(o.pk, 0),
                "share": round(100 * counts.get(o.pk, 0) / total) if total else 0,
            }
            for o in options
        ]
        ranking.append({"part": part, "rows": rows, "total": total})
    return ranking


def combination_ranking(product: Product, *, limit: int = 10) -> list[dict[str, Any]]:
    """The most chosen whole combinations (designs sharing the same options)."""
    top = list(
        Design.objects.filter(product=product)
        .exclude(signature="")
        .values("signature")
        .annotate(n=Count("id"))
        .order_by("-n", "signature")[:limit]
    )
    labels = {
        o.pk: f"{o.part.name}: {o.label}"
        for o in Option.objects.filter(part__product=product).select_related("part")
    }
    return [
        {
            "signature": row["signature"],
            "count": row["n"],
            "labels": [labels.get(int(i), "?") for i in row["signature"].split("-") if i],
        }
        for row in top
    ]


def save_counts(product: Product) -> dict[str, int]:
    records = ConfigurationRecord.objects.filter(product=product)
    return {
        "saves": records.count(),
        "designs": Design.objects.filter(product=product).count(),
        "members": Design.objects.filter(product=product).values("member").distinct().count(),
        "with_text": Counter(records.values_list("has_text", flat=True)).get(True, 0),
    }
