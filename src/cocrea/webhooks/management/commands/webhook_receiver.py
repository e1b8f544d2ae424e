"""Run a webhook receiver on this machine: print each delivery and whether its signature holds.

cocrea webhook_receiver --port 8001 --secret whsec_…
cocrea webhook_receiver --port 8001 --brand cafe-lumiere   # the brand's endpoints' secrets
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cocrea.webhooks.models import Endpoint
from cocrea.webhooks.receiver import Received, Receiver


class Command(BaseCommand):
    help = "Receive webhooks on 127.0.0.1, check their signatures and print them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8001)
        parser.add_argument("--secret", action="append", default=[], help="repeatable")
        parser.add_argument("--brand", help="accept the secrets of this brand's endpoints")

    def handle(self, *args: Any, **options: Any) -> None:
        secrets = list(options["secret"])
        if os.environ.get("COCREA_WEBHOOK_SECRET"):
            secrets.append(os.environ["COCREA_WEBHOOK_SECRET"])
        if options["brand"]:
            secrets += self._brand_secrets(options["brand"])
        if not secrets:
            raise CommandError("Give --secret, COCREA_WEBHOOK_SECRET or --brand.")
        try:
            receiver = Receiver(secrets=secrets, port=options["port"], on_receive=self._print)
        except OSError as error:
            raise CommandError(f"Cannot listen on 127.0.0.1:{options['port']}: {error}") from error
        self.stdout.write(f"Receiving webhooks on {receiver.url} (Ctrl+C to stop)")
        with receiver:
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                self.stdout.write("Stopped.")

    def _brand_secrets(self, slug: str) -> list[str]:
        secrets: list[str] = []
        now = timezone.now()
        for endpoint in Endpoint.objects.filter(brand__slug=slug):
            secrets.append(endpoint.secret)
            expires = endpoint.previous_secret_expires_at
            if endpoint.previous_secret and expires is not None and expires > now:
                secrets.append(endpoint.previous_secret)
        if not secrets:
            raise CommandError(f"The brand {slug!r} has no webhook endpoint.")
        return secrets

    def _print(self, item: Received) -> None:
        verdict = (
            self.style.SUCCESS("signature OK")
            if item.verified
            else self.style.ERROR("BAD SIGNATURE")
        )
        try:
            event = json.loads(item.body)
            data = json.dumps(event.get("data"), ensure_ascii=False)
            summary = f"{event.get('type')} {event.get('id')}"
        except (ValueError, AttributeError):
            data, summary = item.body[:200].decode("utf-8", "replace"), "(not JSON)"
        stamp = time.strftime("%H:%M:%S", time.localtime(item.at))
        attempt = item.headers.get("Cocrea-Delivery-Attempt", "?")
        self.stdout.write(f"{stamp} {summary} attempt {attempt} — {verdict}")
        self.stdout.write(f"    {data[:500]}")
