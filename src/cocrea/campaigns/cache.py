"""A campaign with its phases and categories, and a brand's tags, through the shared object cache
(``core.objcache``): what the idea list, the idea page and the vote read to decide what the
member may do. Any save or delete of the campaign, one of its phases or categories deletes the
entries (signals: see ``brands.cache`` for why)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save

from cocrea.brands.models import Brand
from cocrea.campaigns.models import Campaign, Category, Phase, Tag


def _by_id(campaign_id: int) -> str:
    return f"campaign:{campaign_id}"


def _by_slug(brand_id: int, slug: str) -> str:
    return f"campaign:{brand_id}:{slug}"


def _campaigns() -> Any:
    return Campaign.objects.prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("starts_at")), "categories"
    )


def _attach(campaign: Campaign | None, brand: Brand) -> Campaign | None:
    """The brand's campaign (else None), with the request's brand object attached."""
    if campaign is None or campaign.brand_id != brand.pk:
        return None
    campaign.brand = brand
    return campaign


def campaign_by_id(brand: Brand, campaign_id: int) -> Campaign | None:
    from cocrea.core import objcache

    campaign = objcache.cached(
        _by_id(campaign_id), lambda: _campaigns().filter(pk=campaign_id).first()
    )
    return _attach(campaign, brand)


def campaign_by_slug(brand: Brand, slug: str, kind: str) -> Campaign | None:
    from cocrea.core import objcache

    campaign = objcache.cached(
        _by_slug(brand.pk, slug), lambda: _campaigns().filter(brand=brand, slug=slug).first()
    )
    if campaign is not None and (campaign.slug != slug or campaign.kind != kind):
        return None
    return _attach(campaign, brand)


def brand_tags(brand_id: int) -> list[Tag]:
    """The brand's tags (the idea list's filter offers them)."""
    from cocrea.core import objcache

    return objcache.cached(f"tags:{brand_id}", lambda: list(Tag.objects.filter(brand=brand_id)))


def _forget_tags(sender: Any, instance: Tag, **kwargs: Any) -> None:
    from cocrea.core import objcache

    objcache.invalidate(f"tags:{instance.brand_id}")


def forget(campaign: Campaign) -> None:
    from cocrea.core import objcache

    keys = {_by_id(campaign.pk), _by_slug(campaign.brand_id, campaign.slug)}
    if loaded := getattr(campaign, "_loaded_slug", None):
        keys.add(_by_slug(campaign.brand_id, loaded))
    objcache.invalidate(*keys)


def _forget_campaign(sender: Any, instance: Campaign, **kwargs: Any) -> None:
    forget(instance)


def _forget_parent(sender: Any, instance: Phase | Category, **kwargs: Any) -> None:
    campaign = Campaign.objects.filter(pk=instance.campaign_id).first()
    if campaign is not None:
        forget(campaign)


def connect() -> None:
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(_forget_campaign, sender=Campaign, dispatch_uid=f"objcache-campaign-{name}")
        signal.connect(_forget_parent, sender=Phase, dispatch_uid=f"objcache-phase-{name}")
        signal.connect(_forget_parent, sender=Category, dispatch_uid=f"objcache-category-{name}")
        signal.connect(_forget_tags, sender=Tag, dispatch_uid=f"objcache-tag-{name}")
