"""Play realistic kiosk traffic against a running Cocréa through the device API, then count:
0 lost and 0 doubled (see ``instore.simulator``)."""

from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Sum

from cocrea.brands.models import Brand, Membership
from cocrea.instore import selectors
from cocrea.instore.models import Device, Signal, SignalDaily, Store
from cocrea.instore.services import StoreData, device_register, device_revoke, store_save
from cocrea.instore.simulator import Kiosk, Tally, Traffic, play


class Command(BaseCommand):
    help = (
        "Simulate kiosks in several stores (going offline and back, losing answers) against a "
        "running server, then prove that no signal was lost or counted twice."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--url", default=settings.SITE_URL, help="the running server")
        parser.add_argument("--brand", default="cafe-lumiere", help="the brand's slug")
        parser.add_argument("--stores", type=int, default=5)
        parser.add_argument("--kiosks", type=int, default=2, help="kiosks per store")
        parser.add_argument("--rounds", type=int, default=20, help="moments of every kiosk")
        parser.add_argument("--workers", type=int, default=8, help="kiosks sending at once")
        parser.add_argument("--offline", type=float, default=0.08, help="chance to go offline")
        parser.add_argument("--lost", type=float, default=0.05, help="chance to lose an answer")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["url"].startswith(("http://", "https://")):
            raise CommandError("--url starts with http:// or https://")
        brand = Brand.objects.filter(slug=options["brand"]).first()
        admin = Membership.objects.filter(brand=brand, role=Membership.Role.ADMIN).first()
        if brand is None or admin is None:
            raise CommandError(f"no brand {options['brand']!r} with an admin")
        products = list(selectors.kiosk_products(brand).values_list("pk", flat=True)[:200])
        if not products:
            raise CommandError("the brand has no products: import a catalogue (or make demo)")
        stores = self._stores(admin, brand, options["stores"])
        rng = random.Random(options["seed"])
        kiosks, devices = [], []
        for store in stores:
            for number in range(options["kiosks"]):
                device, token = device_register(
                    actor=admin, store=store, kind="kiosk", name=f"Simulated kiosk {number + 1}"
                )
                devices.append(device)
                kiosks.append(Kiosk(token, random.Random(rng.getrandbits(64))))
        traffic = Traffic(
            options["url"].rstrip("/"), products, Tally(), options["offline"], options["lost"]
        )
        try:
            tally = play(traffic, kiosks, options["rounds"], options["workers"])
        finally:
            for device in devices:  # the console's health page stays about real devices
                device_revoke(actor=admin, device_id=device.pk)
        self._report(tally, kiosks, devices)

    def _stores(self, admin: Membership, brand: Brand, count: int) -> list[Store]:
        stores = list(Store.objects.filter(brand=brand, is_active=True)[:count])
        for number in range(len(stores), count):
            data = StoreData(
                code=f"SIM-{number + 1:03d}",
                name_fr=f"Magasin simulé {number + 1}",
                name_en=f"Simulated store {number + 1}",
                region="Simulation",
            )
            found = Store.objects.filter(brand=brand, code=data.code).first()
            stores.append(found or store_save(actor=admin, brand=brand, data=data))
        return stores

    def _report(self, tally: Tally, kiosks: list[Kiosk], devices: list[Device]) -> None:
        made = {i for k in kiosks for i in k.ids}
        rows = Signal.objects.filter(device__in=devices)
        kept = list(rows.values_list("client_id", flat=True))
        counted = SignalDaily.objects.filter(
            store__in={d.store_id for d in devices}
        ).aggregate(n=Sum("count"))["n"]  # fmt: skip
        lost = len(made - set(kept)) - tally.refused
        doubled = len(kept) - len(set(kept))
        waiting = sum(len(k.queue) for k in kiosks)
        lines = [
            ("kiosks", len(kiosks)),
            ("signals made on the kiosks", len(made)),
            ("signals sent (retries included)", tally.sent),
            ("requests", tally.requests),
            ("requests without an answer", tally.failed),
            ("answers lost on the way back", tally.lost_answers),
            ("offline spells", tally.offline_spells),
            ("accepted (answers heard)", tally.accepted),
            ("duplicates (answers heard)", tally.duplicates),
            ("refused", tally.refused),
            ("rows kept by the server", len(kept)),
            ("still waiting on a kiosk", waiting),
            ("lost", lost),
            ("doubled", doubled),
        ]
        for label, value in lines:
            self.stdout.write(f"{label:<34} {value:>9}")
        self.stdout.write(f"(day counts of these stores, all devices: {counted or 0})")
        if lost or doubled or waiting:
            raise CommandError("signals were lost, doubled or left waiting")
        self.stdout.write(self.style.SUCCESS("0 lost, 0 doubled."))
