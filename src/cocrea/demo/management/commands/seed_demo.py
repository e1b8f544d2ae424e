from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from cocrea.brands.models import Brand, Membership
from cocrea.demo import content
from cocrea.demo.seed import DEMO_PASSWORD, STAFF, seed_demo


class Command(BaseCommand):
    help = "Seed the demo brand Café Lumière (skipped if it exists; --reset rebuilds it)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--reset", action="store_true", help="delete the demo brand first")
        parser.add_argument("--members", type=int, default=200)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        existing = Brand.objects.filter(slug=content.BRAND["slug"])
        if existing.exists() and options["reset"]:
            from cocrea.accounts.models import User

            User.objects.filter(memberships__brand__slug=content.BRAND["slug"]).delete()
            existing.delete()
        if not existing.exists():
            # Seeding notifies authors and followers: no e-mail for people who do not exist.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                result = seed_demo(members=options["members"], seed=options["seed"])
            total = sum(result.counts.values())
            campaigns = len(result.counts)
            self.stdout.write(
                f"Seeded {result.brand.name}: {total} ideas in {campaigns} campaigns."
            )
        self._print_accounts()

    def _print_accounts(self) -> None:
        brand = Brand.objects.get(slug=content.BRAND["slug"])
        url = f"{settings.SITE_URL}/b/{brand.slug}/"
        others = Membership.objects.filter(brand=brand).count() - len(STAFF)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Cocréa demo — {url}"))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for email, _name, role, _lang in STAFF:
            self.stdout.write(f"  {role.label:<12} {email}")
        self.stdout.write(f"  … and {others} members: *@exemple.demo")
        self._print_api_key()

    def _print_api_key(self) -> None:
        from cocrea.api.services import demo_key_ensure
        from cocrea.brands.models import Membership

        admin = Membership.objects.filter(
            brand__slug=content.BRAND["slug"], user__email=STAFF[0][0]
        ).first()
        if admin is None:
            return
        self.stdout.write(
            f"Demo API key (read and write, docs/api.md): {demo_key_ensure(membership=admin)}"
        )
        self.stdout.write(
            "  curl -H 'Authorization: Bearer …' "
            f"{settings.SITE_URL}/api/v1/brands/cafe-lumiere/campaigns"
        )
        self._print_webhook(admin)

    def _print_webhook(self, admin: Any) -> None:
        import os

        from cocrea.webhooks.services import demo_endpoint_ensure

        port = int(os.environ.get("DEMO_WEBHOOK_PORT") or 8001)
        endpoint = demo_endpoint_ensure(actor=admin, url=f"http://127.0.0.1:{port}/hooks")
        self.stdout.write(
            f"Demo webhook endpoint (every event, docs/webhooks.md): {endpoint.url}"
            f" — secret {endpoint.secret}"
        )
        self.stdout.write(
            "  `make demo` runs `cocrea webhook_receiver` there: it prints each delivery below."
        )
