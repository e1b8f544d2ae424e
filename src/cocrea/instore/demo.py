"""Demo content: Café Lumière's shops, their kiosks, bracelet stations and shelf QR codes, the
catalogue sold there (its travel cup is the customizer's), and a month of in-store signals sent
through the same ingest as real devices (so the day counts, voices and webhooks follow)."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cocrea.brands.models import Brand, Membership
from cocrea.customizer.models import Product as CustomizerProduct
from cocrea.instore.ingest import BATCH_MAX, signals_ingest
from cocrea.instore.models import Device, Product, Store
from cocrea.instore.services import (
    ProductData,
    StoreData,
    device_authenticate,
    device_register,
    product_save,
    store_save,
)

# (code, name, city, region)
STORES = [
    ("PAR-01", "Paris Rivoli", "Paris", "Île-de-France"),
    ("PAR-02", "Paris Batignolles", "Paris", "Île-de-France"),
    ("LYO-01", "Lyon Part-Dieu", "Lyon", "Auvergne-Rhône-Alpes"),
    ("BDX-01", "Bordeaux Chartrons", "Bordeaux", "Nouvelle-Aquitaine"),
    ("BRU-01", "Bruxelles Sablon", "Bruxelles", "Bruxelles-Capitale"),
]
# (sku, French name, English name, French category, English category, price, popularity)
PRODUCTS = [
    ("TASSE-NOMADE", "Tasse nomade Lumière", "Lumière travel cup", "Accessoires", "Accessories",
     "14.00", 14),
    ("CAFE-ETHIOPIE", "Café d'Éthiopie, 250 g", "Ethiopian coffee, 250 g", "Cafés", "Coffees",
     "9.50", 12),
    ("CAFE-MAISON", "Mélange de la maison, 500 g", "House blend, 500 g", "Cafés", "Coffees",
     "12.90", 10),
    ("DECA-SUISSE", "Déca à l'eau, 250 g", "Swiss water decaf, 250 g", "Cafés", "Coffees",
     "9.90", 4),
    ("CHAI-AVOINE", "Chaï latte à l'avoine", "Oat chai latte", "Boissons", "Drinks", "4.80", 9),
    ("COLD-BREW", "Cold brew en bouteille", "Bottled cold brew", "Boissons", "Drinks", "4.20", 7),
    ("CANNELLE", "Roulé à la cannelle", "Cinnamon roll", "Pâtisseries", "Pastries", "3.20", 11),
    ("COOKIE-SARRASIN", "Cookie au sarrasin", "Buckwheat cookie", "Pâtisseries", "Pastries",
     "2.60", 6),
    ("CAFETIERE-PISTON", "Cafetière à piston", "French press", "Accessoires", "Accessories",
     "29.00", 3),
    ("CARTE-CADEAU", "Carte cadeau", "Gift card", "Cadeaux", "Gifts", "25.00", 2),
]  # fmt: skip
COMMENTS = [
    ("fr", "TASSE-NOMADE", "Le couvercle de la tasse nomade fuit un peu quand on marche vite."),
    ("fr", "TASSE-NOMADE", "J'aimerais une tasse nomade plus grande, 50 cl pour la journée."),
    ("fr", "CAFE-ETHIOPIE", "Le café d'Éthiopie est délicieux, très fruité, bravo !"),
    ("fr", "CAFE-ETHIOPIE", "Dommage que le café d'Éthiopie soit souvent en rupture le samedi."),
    ("fr", "CANNELLE", "Les roulés à la cannelle sont trop sucrés à mon goût."),
    ("fr", "CHAI-AVOINE", "Le chaï à l'avoine est parfait, gardez-le toute l'année."),
    (
        "fr",
        "COOKIE-SARRASIN",
        "Ce serait bien d'avoir des cookies sans gluten étiquetés clairement.",
    ),
    ("fr", "", "Il manque des prises pour recharger son téléphone près des fenêtres."),
    ("fr", "", "J'aimerais pouvoir rapporter mes sachets de café vides en boutique."),
    ("fr", "", "La musique est trop forte le matin, difficile de travailler."),
    ("en", "COLD-BREW", "The bottled cold brew is great but the bottle is hard to recycle."),
    ("en", "TASSE-NOMADE", "Love the travel cup, could you add a handle option?"),
    ("en", "", "Please open earlier on weekdays, 7am would be perfect for commuters."),
    ("en", "CAFE-MAISON", "The house blend tastes a bit burnt lately."),
]
DAYS = 28


def _stores(brand: Brand, admin: Membership) -> list[Store]:
    stores = []
    for code, name, city, region in STORES:
        data = StoreData(
            code=code, name_fr=name, name_en=name, city=city, region=region,
            opening_hours_fr="Lun. au sam., 7 h 30 à 19 h",
            opening_hours_en="Mon to Sat, 7:30am to 7pm",
        )  # fmt: skip
        stores.append(store_save(actor=admin, brand=brand, data=data))
    return stores


def _products(brand: Brand, admin: Membership) -> list[tuple[Product, int]]:
    cup = CustomizerProduct.objects.filter(brand=brand, slug="tasse-nomade").first()
    out = []
    for sku, name_fr, name_en, cat_fr, cat_en, price, weight in PRODUCTS:
        data = ProductData(
            sku=sku, name_fr=name_fr, name_en=name_en, category_fr=cat_fr, category_en=cat_en,
            price=Decimal(price),
            customizer_product_id=cup.pk if cup is not None and sku == "TASSE-NOMADE" else None,
        )  # fmt: skip
        out.append((product_save(actor=admin, brand=brand, data=data), weight))
    return out


def _when(rng: random.Random, now: datetime) -> datetime:
    """A moment of the last four weeks, in opening hours, busier recently."""
    day = int(DAYS * (1 - rng.random() ** 1.4))
    moment = now - timedelta(days=day)
    return moment.replace(hour=rng.randint(8, 18), minute=rng.randint(0, 59)) if day else (
        now - timedelta(minutes=rng.randint(5, 300)))  # fmt: skip


def _signals_of(
    device: Device, products: list[tuple[Product, int]], rng: random.Random, now: datetime
) -> list[dict]:
    """A month of one device's traffic, its size set by the store's footfall."""
    footfall = {"PAR-01": 1.0, "PAR-02": 0.6, "LYO-01": 0.8, "BDX-01": 0.5, "BRU-01": 0.4}
    volume = int(260 * footfall.get(device.store.code, 0.5))
    weights = [weight for _product, weight in products]
    kinds = {"kiosk": ["view", "view", "heart", "rating"], "bracelet_station": ["heart"],
             "shelf_qr": ["heart", "rating", "view"]}[device.kind]  # fmt: skip
    items = []
    for _n in range(volume):
        product = rng.choices(products, weights=weights)[0][0]
        kind = rng.choice(kinds)
        item: dict[str, Any] = {"id": uuid.uuid4().hex, "kind": kind, "product_id": product.pk,
                "at": _when(rng, now).isoformat()}  # fmt: skip
        if kind == "rating":
            item["rating"] = rng.choices([2, 3, 4, 5], weights=[1, 2, 5, 4])[0]
        if device.kind == "bracelet_station":
            item["tag"] = f"DEMO-BRACELET-{rng.randint(1, 400):04d}"
        items.append(item)
    return items


def _comments(
    products: dict[str, Product], rng: random.Random, now: datetime
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for language, sku, text in rng.sample(COMMENTS, k=min(len(COMMENTS), rng.randint(4, 7))):
        kind = "idea" if "aimerais" in text else "comment"
        when = _when(rng, now).isoformat()
        item: dict[str, Any] = {"id": uuid.uuid4().hex, "kind": kind, "text": text,
                                "language": language, "at": when}  # fmt: skip
        if sku:
            item["product_id"] = products[sku].pk
        items.append(item)
    return items


def seed_instore(*, brand: Brand, rng: random.Random) -> int:
    """Stores, catalogue, three devices per store and a month of signals. Returns signals."""
    admin = brand.memberships.filter(role=Membership.Role.ADMIN).first()
    if admin is None or Store.objects.filter(brand=brand).exists():
        return 0
    now = timezone.now()
    products = _products(brand, admin)
    by_sku = {product.sku: product for product, _weight in products}
    kept = 0
    for index, store in enumerate(_stores(brand, admin)):
        for kind, name in (("kiosk", "Borne de l'entrée"), ("bracelet_station", "Caisse"),
                           ("shelf_qr", "QR codes en rayon")):  # fmt: skip
            device, token = device_register(actor=admin, store=store, kind=kind, name=name)
            items = _signals_of(device, products, rng, now)
            if kind == "kiosk":
                items += _comments(by_sku, rng, now)
            for start in range(0, len(items), BATCH_MAX):
                outcome = signals_ingest(device=device, items=items[start : start + BATCH_MAX])
                kept += outcome.count("accepted")
            # Every device called recently, but one kiosk has been silent for two hours.
            silent = index == len(STORES) - 1 and kind == "kiosk"
            device_authenticate(token, now=now - timedelta(hours=2) if silent else now)
    return kept
